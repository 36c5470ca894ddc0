// Typed blackboard shared by the nodes of a behaviour tree: entries are bool, int, double, string
// or a 3-vector, and reading or overwriting an entry as another type is an error. A subtree gets
// its own blackboard whose remapped keys read and write the parent's entries.
#pragma once

#include <Eigen/Dense>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace tianmu::brain {

/// The value of one entry.
using BlackboardValue = std::variant<bool, int, double, std::string, Eigen::Vector3d>;

/// "bool", "int", "double", "string" or "vector3": the type held by `value`.
const char* BlackboardTypeName(const BlackboardValue& value);

/// Key -> typed value, optionally backed by a parent for remapped keys.
class Blackboard {
 public:
  /// A root blackboard.
  Blackboard() = default;
  /// A subtree's blackboard: a key in `remap` reads and writes `parent`'s entry named by the
  /// mapped value; with `auto_remap`, every other key missing here falls through to `parent`.
  Blackboard(std::shared_ptr<Blackboard> parent, std::map<std::string, std::string> remap,
             bool auto_remap);

  /// Stores `value` under `key`; raises RuntimeError when the entry exists with another type.
  void Set(const std::string& key, const BlackboardValue& value);
  /// The entry, or nullopt when there is none.
  std::optional<BlackboardValue> Find(const std::string& key) const;
  /// True when `key` has an entry.
  bool Has(const std::string& key) const { return Find(key).has_value(); }

  /// The entry as T; raises RuntimeError naming the key when it is missing or of another type. A
  /// string entry read as another type is parsed (that is how XML literals travel through
  /// subtree ports); an int entry may be read as a double.
  template <typename T>
  T Get(const std::string& key) const;

  /// The entries held here (not the parent's), for snapshots.
  const std::map<std::string, BlackboardValue>& entries() const { return entries_; }

 private:
  std::shared_ptr<Blackboard> parent_;
  std::map<std::string, std::string> remap_;
  bool auto_remap_ = false;
  std::map<std::string, BlackboardValue> entries_;
};

/// Parses `text` as T ("true"/"false", a whole number, a finite number, any text, "x,y,z" or
/// "x;y;z"); nullopt when malformed.
template <typename T>
std::optional<T> ParseValue(const std::string& text);

/// The value as text ("1.5", "true", "0.1,0.2,0.3"), as the XML writer and skill ports use it.
std::string ValueToText(const BlackboardValue& value);

}  // namespace tianmu::brain
