// Helpers the item families share: walking-test scenarios, the fall-or-progress criterion,
// per-suite durations, scratch scene paths and a seeded random velocity command schedule.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/certify/measurements.h"
#include "tianmu/certify/test_item.h"

namespace tianmu::certify::items {

/// `quick` in the reduced suites (quick, ci), `full` in the full one.
inline double BySuite(const TrialContext& context, double quick, double full) {
  return IsReduced(context.suite) ? quick : full;
}

/// A scenario walking forward at `vx_mps` for `duration_s` with the trial's seed and log.
Scenario Walk(const TrialContext& context, std::uint64_t seed, double vx_mps, double duration_s);

/// An item's metadata: identity, protocol, metric and trial counts per suite.
ItemInfo MakeInfo(Domain domain, const char* id, const char* title, const char* standard,
                  const char* protocol, const char* metric, const char* unit,
                  const char* comparison, Aggregation aggregation, int trials_quick,
                  int trials_full);

/// A trial result marking the item unavailable.
TrialResult NotAvailable(const std::string& reason);

/// A per-process scratch file name for generated scenes (unique per item, trial and value).
std::filesystem::path ScratchScene(const TrialContext& context, const std::string& stem);

/// A schedule of random velocity commands within ±(vx, vy, wz) limits, each held for a random
/// 2–6 s (a fifth of them zero: stop and stand), deterministic for `seed`.
std::vector<control::TimedCommand> RandomCommands(std::uint64_t seed, double duration_s,
                                                  double vx_min, double vx_max, double vy_max,
                                                  double wz_max, double min_hold_s = 2,
                                                  double max_hold_s = 6);

}  // namespace tianmu::certify::items
