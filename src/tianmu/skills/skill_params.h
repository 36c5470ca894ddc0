// Skill parameters: `--param key=value` pairs, typed on use (a number, a 3-vector "x,y,z", a
// word), with one clear error naming the skill, the key and what was expected.
#pragma once

#include <Eigen/Dense>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace tianmu::skills {

/// Parameters of one skill run: key -> raw text.
class SkillParams {
 public:
  /// Parses "key=value" items; raises InputError on a missing '=', an empty key or a repeated
  /// key.
  static SkillParams Parse(const std::vector<std::string>& items);
  /// Raises InputError naming `skill` when a key is not in `known`.
  void RejectUnknown(const std::string& skill, const std::set<std::string>& known) const;
  bool Has(const std::string& key) const { return values_.count(key) > 0; }
  /// A finite number; `fallback` when absent; InputError when malformed or outside [lo, hi].
  double Number(const std::string& skill, const std::string& key, double fallback, double lo,
                double hi) const;
  /// A required comma-separated list of `min_count` to `max_count` finite numbers.
  std::vector<double> Numbers(const std::string& skill, const std::string& key,
                              std::size_t min_count, std::size_t max_count) const;
  /// A required 3-vector "x,y,z" of finite numbers.
  Eigen::Vector3d Vector3(const std::string& skill, const std::string& key) const;
  /// A word from `choices`; `fallback` when absent.
  std::string Choice(const std::string& skill, const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& choices) const;
  /// Adds or replaces a value (for callers building parameters in code).
  void Set(const std::string& key, const std::string& value) { values_[key] = value; }
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace tianmu::skills
