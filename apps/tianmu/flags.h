// Command-line flags of one `tianmu` subcommand: `--name value`, `--switch` and positional
// arguments, validated against the flags the subcommand declares. Errors are InputErrors (exit 2).
// One FlagSpec list drives parsing, `--help`, shell completion and docs/cli.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::cli {

/// What a shell should offer for a flag's value (completion scripts only).
enum class ValueKind {
  kText,       ///< free text: nothing to offer
  kRobot,      ///< a robot name from `tianmu robots --names`, or a path
  kFile,       ///< a file path
  kDirectory,  ///< a directory path
  kChoice,     ///< one of FlagSpec::choices
};

/// One flag a subcommand accepts, with what `--help`, completion and docs say about it.
struct FlagSpec {
  std::string name;          ///< without the leading dashes, e.g. "duration"
  bool takes_value = true;   ///< false for switches such as --json
  bool repeatable = false;   ///< may be given more than once (e.g. --push)
  std::string help;          ///< one line: what the flag means
  std::string value_name;    ///< the value's placeholder in usage lines, e.g. "T"; "VALUE" if empty
  std::string unit;          ///< SI unit of a numeric value, e.g. "s", "N·s"; empty if none
  std::string default_text;  ///< the default as shown in help; for Number(name) also the value
  std::optional<double> lo;  ///< inclusive lower bound; Number(name[, fallback]) enforces it
  std::optional<double> hi;  ///< inclusive upper bound; Number(name[, fallback]) enforces it
  ValueKind kind = ValueKind::kText;  ///< what completion offers for the value
  /// Allowed values when kind is kChoice, for help and completion; the command's own parser of
  /// the value (e.g. runtime::MakeController) rejects others with its message.
  std::vector<std::string> choices;

  // Copies with one property set, so that a definition reads as one expression:
  // Option("duration", "T", "simulated time").Unit("s").Default("10").Range(1e-3, 86400).
  FlagSpec Help(std::string text) const;                    ///< sets help
  FlagSpec Value(std::string placeholder) const;            ///< sets value_name
  FlagSpec Unit(std::string si_unit) const;                 ///< sets unit
  FlagSpec Default(std::string text) const;                 ///< sets default_text
  FlagSpec Range(double lower, double upper) const;         ///< sets lo and hi (inclusive)
  FlagSpec Kind(ValueKind value_kind) const;                ///< sets kind
  FlagSpec Choices(std::vector<std::string> values) const;  ///< sets choices, kind = kChoice
  FlagSpec Repeatable() const;                              ///< sets repeatable
};

/// A flag taking a value: `--NAME PLACEHOLDER`, meaning `help`.
FlagSpec Option(std::string name, std::string placeholder, std::string help);
/// A switch without a value: `--NAME`, meaning `help`.
FlagSpec Switch(std::string name, std::string help);

/// Edit distance between two words: insertions, deletions, substitutions and transpositions of
/// adjacent characters each cost 1 (optimal string alignment, a restricted Damerau-Levenshtein).
int EditDistance(const std::string& a, const std::string& b);

/// The candidate nearest to `word` if it is close enough to be a likely typo (distance at most
/// 2 and at most half the longer word), else nullopt. Ties go to the first candidate.
std::optional<std::string> NearestName(const std::string& word,
                                       const std::vector<std::string>& candidates);

/// Parsed arguments of one subcommand.
class Flags {
 public:
  /// Parses `args` (the words after the subcommand); unknown flags (with the nearest known flag
  /// suggested), missing values and repeated non-repeatable flags raise InputError.
  Flags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

  /// Whether the flag was given.
  bool Has(const std::string& name) const;
  /// The flag's (last) value, or `fallback` when absent.
  std::string String(const std::string& name, const std::string& fallback = "") const;
  /// Every value of a repeatable flag, in order.
  std::vector<std::string> All(const std::string& name) const;
  /// A required value; raises "--NAME: missing (expected WHAT)".
  std::string Required(const std::string& name, const std::string& what) const;
  /// A finite number; raises naming the flag when malformed or outside [lo, hi].
  double Number(const std::string& name, double fallback, double lo, double hi) const;
  /// A finite number within the range its FlagSpec declares, `fallback` when absent.
  double Number(const std::string& name, double fallback) const;
  /// A finite number with the default and range its FlagSpec declares (logic_error if the
  /// definition lacks them: a programming error, not bad input).
  double Number(const std::string& name) const;
  /// An unsigned integer (seeds, counts).
  unsigned long long Unsigned(const std::string& name, unsigned long long fallback) const;
  /// An unsigned integer with the default its FlagSpec declares (logic_error if it lacks one).
  unsigned long long Unsigned(const std::string& name) const;
  /// The words that are not flags or flag values, in order.
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  const FlagSpec& Spec(const std::string& name) const;

  std::vector<FlagSpec> specs_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

}  // namespace tianmu::cli
