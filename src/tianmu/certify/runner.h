// Runs the battery: trials spread over J worker processes (the `tianmu` binary re-executed with
// the hidden `certify worker` subcommand), per-trial seeds independent of J, one retry of a
// crashed worker, a progress bar with ETA, and aggregation into item results.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "tianmu/certify/component_swap.h"
#include "tianmu/certify/registry.h"
#include "tianmu/certify/thresholds.h"

namespace tianmu::certify {

/// What to run and where.
struct RunOptions {
  std::string robot = "tm1";            ///< name or path, passed on to workers
  std::vector<std::string> components;  ///< "GROUP=FILE" swaps, passed on to workers
  Suite suite = Suite::kQuick;
  std::vector<std::string> item_ids;  ///< empty: every item
  int trials_override = 0;            ///< > 0: this many trials per item
  int jobs = 1;
  std::uint64_t seed = 1;
  std::filesystem::path out_dir;
  bool keep_logs = false;
  std::filesystem::path worker_exe;  ///< the binary to run workers with
  bool show_progress = true;
};

/// One trial to run.
struct TrialTask {
  const TestItem* item = nullptr;
  int trial = 0;
  std::uint64_t seed = 0;
};

/// The arguments of the worker process for `task` (after the binary's name).
std::vector<std::string> WorkerArguments(const RunOptions& options, const TrialTask& task,
                                         int attempt);

/// Runs `tasks` in up to options.jobs worker processes; each crashed or unparsable trial is
/// retried once, then reported as an "error" TrialResult. Results come back in task order;
/// `wall_s` (optional) receives each task's wall-clock time, in the same order.
std::vector<TrialResult> RunTrials(const RunOptions& options, const std::vector<TrialTask>& tasks,
                                   std::vector<double>* wall_s = nullptr);

/// Runs one trial in this process (what a worker does): exceptions become an "error" result.
TrialResult RunTrialHere(const TestItem& item, const TrialContext& context, int trial,
                         std::uint64_t seed);

/// The environment variable that makes a worker crash (tests): "ITEM:TRIAL" crashes every
/// attempt, "ITEM:TRIAL:once" only the first.
inline constexpr const char* kCrashHookEnv = "TIANMU_CERTIFY_CRASH";

/// True when the crash hook asks this worker (item, trial, attempt) to crash.
bool CrashHookMatches(const std::string& item, int trial, int attempt);

}  // namespace tianmu::certify
