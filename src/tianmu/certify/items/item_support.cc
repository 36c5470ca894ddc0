// Shared helpers of the item families (see item_support.h).
#include "tianmu/certify/items/item_support.h"

#include <unistd.h>

#include <string>

#include "tianmu/core/rng.h"

namespace tianmu::certify::items {

Scenario Walk(const TrialContext& context, std::uint64_t seed, double vx_mps, double duration_s) {
  Scenario s;
  s.duration_s = duration_s;
  s.commands = {{0.0, {vx_mps, 0, 0}}};
  s.seed = seed;
  s.log_path = context.log_path;
  return s;
}

ItemInfo MakeInfo(Domain domain, const char* id, const char* title, const char* standard,
                  const char* protocol, const char* metric, const char* unit,
                  const char* comparison, Aggregation aggregation, int trials_quick,
                  int trials_full) {
  ItemInfo i;
  i.id = id;
  i.domain = domain;
  i.title = title;
  i.standard = standard;
  i.protocol = protocol;
  i.metric = metric;
  i.unit = unit;
  i.comparison = comparison;
  i.aggregation = aggregation;
  i.trials_quick = trials_quick;
  i.trials_full = trials_full;
  return i;
}

TrialResult NotAvailable(const std::string& reason) {
  TrialResult r;
  r.status = "not_available";
  r.reason = reason;
  return r;
}

std::filesystem::path ScratchScene(const TrialContext& context, const std::string& stem) {
  const std::filesystem::path dir =
      context.scratch_dir.empty() ? std::filesystem::temp_directory_path() : context.scratch_dir;
  return dir / ("scene-" + std::to_string(::getpid()) + "-" + stem + ".xml");
}

std::vector<control::TimedCommand> RandomCommands(std::uint64_t seed, double duration_s,
                                                  double vx_min, double vx_max, double vy_max,
                                                  double wz_max, double min_hold_s,
                                                  double max_hold_s) {
  Rng rng(seed ^ 0x5eedc0ffeeull);
  std::vector<control::TimedCommand> out;
  double t = 0;
  while (t < duration_s) {
    control::TimedCommand c;
    c.time_s = t;
    if (rng.Uniform() >= 0.2) {
      c.command = {rng.Uniform(vx_min, vx_max), rng.Uniform(-vy_max, vy_max),
                   rng.Uniform(-wz_max, wz_max)};
    }
    out.push_back(c);
    t += rng.Uniform(min_hold_s, max_hold_s);
  }
  return out;
}

}  // namespace tianmu::certify::items
