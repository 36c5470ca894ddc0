// Typed, validated access to YAML configuration files. Every failure raises an InputError
// naming the file, the line and the dotted field path, and saying what was expected.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tianmu {

/// One node of a YAML document, remembering which file and field path it came from.
class ConfigNode {
 public:
  /// Parses a YAML file; a missing file or a syntax error raises InputError with the line.
  static ConfigNode LoadFile(const std::filesystem::path& path);
  /// Parses YAML text; `source_name` is used in error messages in place of a file name.
  static ConfigNode LoadString(const std::string& text, const std::string& source_name);

  ConfigNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path);

  /// A child that must exist (maps only).
  ConfigNode Required(const std::string& key) const;
  /// A child that may be absent; absent or null gives nullopt.
  std::optional<ConfigNode> Optional(const std::string& key) const;
  bool Has(const std::string& key) const;

  std::string AsString() const;
  double AsDouble() const;
  /// A finite number > 0.
  double AsPositiveDouble() const;
  /// A finite number >= 0.
  double AsNonNegativeDouble() const;
  /// A finite number in [lo, hi].
  double AsDoubleInRange(double lo, double hi) const;
  int AsInt() const;
  bool AsBool() const;
  std::vector<std::string> AsStringList() const;
  /// A list of numbers; `size` >= 0 requires exactly that many.
  std::vector<double> AsDoubleList(int size = -1) const;

  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }
  /// The entries of a map in file order; raises if this node is not a map.
  std::vector<std::pair<std::string, ConfigNode>> MapEntries() const;
  /// The items of a sequence; raises if this node is not a sequence.
  std::vector<ConfigNode> SequenceItems() const;

  /// Raises InputError for this node: "FILE:LINE: FIELD: expected ...".
  [[noreturn]] void Fail(const std::string& expected) const;
  /// Raises if the map has keys outside `allowed` (catches typos in field names).
  void RejectUnknownKeys(const std::vector<std::string>& allowed) const;

  const std::string& file() const { return *file_; }
  /// The dotted field path, e.g. "feet.left.body".
  const std::string& path() const { return path_; }
  /// 1-based line in the file, or 0 when unknown.
  int line() const;
  const YAML::Node& yaml() const { return node_; }

 private:
  std::string Describe() const;
  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
  int parent_line_ = 0;
  friend class ConfigNodeAccess;
};

}  // namespace tianmu
