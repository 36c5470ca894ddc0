// The certification battery's building block: one test item (protocol, standard, metric, how
// trials are run and aggregated) and the plain results it produces per trial and overall.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"

namespace tianmu::certify {

/// Which part of the battery an item belongs to.
enum class Domain { kPerformance, kSafety, kReliability };

/// "performance", "safety" or "reliability".
const char* DomainName(Domain domain);

/// Reduced trials (≤ 10 min), the real certification, or every item once at the quick suite's
/// size (`ci`: the test suite runs it, so no item goes untested).
enum class Suite { kQuick, kFull, kCi };

/// "quick", "full" or "ci".
const char* SuiteName(Suite suite);

/// Parses "quick" / "full" / "ci"; InputError otherwise.
Suite ParseSuite(const std::string& name);

/// True for the suites that run items at reduced size (quick and ci).
inline bool IsReduced(Suite suite) { return suite != Suite::kFull; }

/// How an item's trials are combined into its figure and interval.
enum class Aggregation {
  kMeanT,          ///< mean of trial values, Student t interval
  kMeanBootstrap,  ///< mean of trial values, percentile bootstrap interval
  kPassRate,       ///< share of successful trials in %, Wilson interval
  kMinBracket,     ///< smallest trial value; interval from that trial's bisection bracket
  kRatePerHour,    ///< events per hour of trial time (trial value = events), Wilson on trials
  kSpread,         ///< RMS distance of trial end points from their mean, bootstrap interval
  kMax,            ///< largest trial value (worst case), percentile bootstrap interval of the max
};

/// Constant description of an item.
struct ItemInfo {
  std::string id;  ///< e.g. "perf.max_walk_speed"
  Domain domain = Domain::kPerformance;
  std::string title;
  std::string protocol;           ///< what is done, how it is measured, what counts as a trial
  std::string standard;           ///< the standard or published source the protocol follows
  std::string metric;             ///< what the figure is
  std::string unit;               ///< unit of the figure (and of its threshold)
  std::string comparison = ">=";  ///< pass when value COMPARISON threshold
  Aggregation aggregation = Aggregation::kMeanT;
  int trials_quick = 1;
  int trials_full = 5;
};

/// What a trial needs besides its index and seed.
struct TrialContext {
  const model::RobotSpec* spec = nullptr;
  Suite suite = Suite::kQuick;
  std::filesystem::path log_path;     ///< MCAP log of the trial's main run; empty: none
  std::filesystem::path scratch_dir;  ///< for generated scene files (exists, writable)
};

/// One trial's outcome: plain data, serialised as JSON between worker and runner.
struct TrialResult {
  std::string item;
  int trial = 0;
  std::uint64_t seed = 0;
  std::string status = "ok";  ///< "ok", "not_available" or "error"
  std::string reason;         ///< for not_available / error
  double value = 0;           ///< the trial's figure in the item's unit
  bool success = true;        ///< pass-rate items: the trial met its criterion
  double duration_s = 0;      ///< simulated time the trial covered
  double bracket_low = 0;     ///< kMinBracket: largest value survived
  double bracket_high = 0;    ///< kMinBracket: smallest value failed (or the search limit)
  nlohmann::json detail = nlohmann::json::object();  ///< extra figures and plot data

  /// The JSON object (every field).
  nlohmann::json ToJson() const;
  /// Parses ToJson()'s output; RuntimeError when fields are missing or of the wrong type.
  static TrialResult FromJson(const nlohmann::json& j);
};

/// An item's overall result.
struct ItemResult {
  ItemInfo info;
  /// "pass", "fail", "inconclusive", "not_available" or "error". Pass and fail are decided by
  /// the interval's bounds, never by the point estimate alone (verdict.h).
  std::string verdict = "not_available";
  std::optional<double> value;
  std::optional<double> ci_low;
  std::optional<double> ci_high;
  std::string interval_method;  ///< "wilson", "t", "bootstrap", "bisection bracket", ...
  double threshold = 0;
  /// Where the threshold comes from (thresholds file `source`): a standard's clause, or "own
  /// choice ..." when no standard gives the number.
  std::string threshold_source;
  int trials = 0;         ///< trials run
  int trials_failed = 0;  ///< trials that ended in error (after one retry)
  /// Fewest trials with which a pass is possible at all for this item and threshold (e.g. 35 for
  /// a 90 % pass-rate bar); fewer trials make every verdict provisional.
  int min_trials_to_pass = 1;
  /// Inconclusive: the total number of trials estimated to decide the item at the figures seen
  /// so far (nullopt: more trials of the same kind are not expected to decide it).
  std::optional<int> trials_to_decide;
  /// The item ran fewer trials than min_trials_to_pass (the quick suite): its verdict is
  /// provisional.
  bool provisional = false;
  std::string reason;
  std::vector<TrialResult> trial_results;

  /// The results.json entry.
  nlohmann::json ToJson() const;
};

/// One item of the battery.
class TestItem {
 public:
  virtual ~TestItem() = default;
  /// Constant metadata.
  virtual const ItemInfo& info() const = 0;
  /// Why the item cannot run on `spec` (e.g. no battery declared), or nullopt when it can.
  virtual std::optional<std::string> Unavailable(const model::RobotSpec& spec) const {
    (void)spec;
    return std::nullopt;
  }
  /// Runs trial `trial_index` with `seed`; failures of the robot are results, not exceptions.
  virtual TrialResult RunTrial(const TrialContext& context, int trial_index,
                               std::uint64_t seed) const = 0;
  /// Combines trials into the item's figure, interval and verdict against `threshold`.
  virtual ItemResult Aggregate(const std::vector<TrialResult>& trials, double threshold) const;
  /// Trials for `suite`.
  int Trials(Suite suite) const {
    if (suite == Suite::kCi) return 1;
    return suite == Suite::kQuick ? info().trials_quick : info().trials_full;
  }
};

/// FNV-1a hash of `text` (stable across platforms and runs).
std::uint64_t StableHash(const std::string& text);

/// The seed of trial `trial` of item `item_id` in a run seeded `suite_seed`: depends on these
/// three only, so results do not depend on how trials are spread over workers.
std::uint64_t TrialSeed(std::uint64_t suite_seed, const std::string& item_id, int trial);

/// Fewest trials for which `info`'s item can pass `threshold` at all: the Wilson bound for
/// pass-rate items (nullopt for a 100 % bar, which no finite run can show), 3 for items whose
/// interval comes from the spread of the trials, 1 for bisection brackets and event rates.
std::optional<int> MinTrialsToPass(const ItemInfo& info, double threshold);

/// The trials an item runs in `suite`: its own count, raised in the full suite to
/// MinTrialsToPass so that a full run can always reach a pass.
int TrialsToRun(const TestItem& item, Suite suite, double threshold);

/// The default aggregation of `info.aggregation` (used by TestItem::Aggregate); the verdict comes
/// from the interval (DecideFromInterval) and a non-finite figure fails.
ItemResult AggregateTrials(const ItemInfo& info, const std::vector<TrialResult>& trials,
                           double threshold);

}  // namespace tianmu::certify
