// Reading untrusted JSON payloads (VDA 5050 messages off the broker): every field checked for
// presence, type, range and length, every error naming the message and the field's path.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::fleet {

/// Largest payload accepted off the wire (bytes); larger ones are rejected before parsing.
inline constexpr std::size_t kMaxPayloadBytes = 256 * 1024;
/// Deepest nesting of objects and arrays accepted in a payload.
inline constexpr int kMaxPayloadDepth = 12;
/// Longest identifier or free-text string accepted in a payload field (characters).
inline constexpr std::size_t kMaxStringLength = 256;
/// Largest coordinate magnitude accepted on the floor (m).
inline constexpr double kMaxCoordinate_m = 1e5;

/// Parses `text` as JSON under the size and depth limits; InputError "MESSAGE: ..." otherwise.
nlohmann::json ParsePayload(const std::string& text, const std::string& message);

/// A view of one JSON object of a payload at `path` ("nodes[2].nodePosition"); each accessor
/// checks one field and raises InputError "MESSAGE: PATH.FIELD: expected ..." when it is bad.
class PayloadReader {
 public:
  /// `value` must be an object, else InputError naming `path`.
  PayloadReader(const nlohmann::json& value, std::string message, std::string path);

  /// A required string of 1..max_length characters (printable, no control characters).
  std::string String(const char* field, std::size_t max_length = kMaxStringLength) const;
  /// An optional string; nullopt when absent.
  std::optional<std::string> OptionalString(const char* field,
                                            std::size_t max_length = kMaxStringLength) const;
  /// A required string that is one of `allowed`.
  std::string Enum(const char* field, std::initializer_list<const char*> allowed) const;
  /// A required finite number in [lo, hi].
  double Number(const char* field, double lo, double hi) const;
  /// An optional finite number in [lo, hi].
  std::optional<double> OptionalNumber(const char* field, double lo, double hi) const;
  /// A required non-negative integer no larger than `max`.
  std::uint64_t Unsigned(const char* field, std::uint64_t max) const;
  /// A required boolean.
  bool Bool(const char* field) const;
  /// An optional boolean.
  std::optional<bool> OptionalBool(const char* field) const;
  /// A required nested object.
  PayloadReader Object(const char* field) const;
  /// An optional nested object.
  std::optional<PayloadReader> OptionalObject(const char* field) const;
  /// A required array of at most `max_items` objects, each as a reader ("FIELD[i]").
  std::vector<PayloadReader> Objects(const char* field, std::size_t max_items) const;
  /// Like Objects, but an absent field reads as empty.
  std::vector<PayloadReader> OptionalObjects(const char* field, std::size_t max_items) const;
  /// A required array of at most `max_items` strings.
  std::vector<std::string> Strings(const char* field, std::size_t max_items) const;
  /// The raw value of an optional field (for free-form values); nullptr when absent.
  const nlohmann::json* Raw(const char* field) const;
  /// Raises InputError for a field not in `known` (hostile or misspelt payloads are refused).
  void RejectUnknown(std::initializer_list<const char*> known) const;
  /// InputError "MESSAGE: PATH.FIELD: expected EXPECTED" (for checks across fields).
  [[noreturn]] void Fail(const std::string& field, const std::string& expected) const;
  /// The path of `field` in this object ("nodes[2].sequenceId").
  std::string PathOf(const std::string& field) const;

 private:
  const nlohmann::json* Find(const char* field) const;
  const nlohmann::json& value_;
  std::string message_;
  std::string path_;
};

/// UTC time in ISO 8601 with milliseconds ("2026-12-08T00:59:59.123Z") from seconds since 1970.
std::string IsoTimestamp(double unix_time_s);

/// True when `text` has the shape YYYY-MM-DDTHH:MM:SS[.fff]Z.
bool IsIsoTimestamp(const std::string& text);

}  // namespace tianmu::fleet
