// Command-line flags of one `tianmu` subcommand: `--name value`, `--switch` and positional
// arguments, validated against the flags the subcommand declares. Errors are InputErrors (exit 2).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::cli {

/// One flag a subcommand accepts.
struct FlagSpec {
  std::string name;         ///< without the leading dashes, e.g. "duration"
  bool takes_value = true;  ///< false for switches such as --json
  bool repeatable = false;  ///< may be given more than once (e.g. --push)
};

/// Parsed arguments of one subcommand.
class Flags {
 public:
  /// Parses `args` (the words after the subcommand); unknown flags, missing values and repeated
  /// non-repeatable flags raise InputError.
  Flags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

  bool Has(const std::string& name) const;
  /// The flag's (last) value, or `fallback` when absent.
  std::string String(const std::string& name, const std::string& fallback = "") const;
  /// Every value of a repeatable flag, in order.
  std::vector<std::string> All(const std::string& name) const;
  /// A required value; raises "--NAME: missing (expected WHAT)".
  std::string Required(const std::string& name, const std::string& what) const;
  /// A finite number; raises naming the flag when malformed or outside [lo, hi].
  double Number(const std::string& name, double fallback, double lo, double hi) const;
  /// An unsigned integer (seeds, counts).
  unsigned long long Unsigned(const std::string& name, unsigned long long fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

}  // namespace tianmu::cli
