#include "tianmu/record/random_walk.h"

#include <cmath>
#include <cstdio>

#include "tianmu/core/rng.h"

namespace tianmu::record {

std::vector<control::TimedCommand> RandomWalkSchedule(
    const control::locomotion::LocomotionConfig& limits, std::uint64_t seed,
    const RandomWalkOptions& o) {
  Rng rng(seed ^ 0x7261'6e64'6f6d'5f77ULL);  // "random_w": decorrelated from sensor noise
  std::vector<control::TimedCommand> schedule;
  double t = o.stand_s;
  bool previous_stop = true;
  while (t < o.duration_s - 0.5) {
    control::TimedCommand entry;
    entry.time_s = t;
    // Never two stops in a row: a stop segment after standing would waste the episode.
    if (!previous_stop && rng.Uniform() < o.stop_probability) {
      previous_stop = true;
    } else {
      const double f = o.speed_fraction;
      entry.command.vx_mps = rng.Uniform(-f * limits.max_backward_vx_mps, f * limits.max_vx_mps);
      entry.command.vy_mps = rng.Uniform(-f * limits.max_vy_mps, f * limits.max_vy_mps);
      entry.command.wz_radps = rng.Uniform(-f * limits.max_wz_radps, f * limits.max_wz_radps);
      previous_stop = false;
    }
    schedule.push_back(entry);
    t += rng.Uniform(o.min_segment_s, o.max_segment_s);
  }
  return schedule;
}

std::array<double, 3> CommandAt(const std::vector<control::TimedCommand>& schedule, double t) {
  std::array<double, 3> out{};
  for (const control::TimedCommand& entry : schedule) {
    if (entry.time_s > t + 1e-9) break;
    out = {entry.command.vx_mps, entry.command.vy_mps, entry.command.wz_radps};
  }
  return out;
}

std::string DescribeSchedule(const std::vector<control::TimedCommand>& schedule,
                             double duration_s) {
  auto fixed = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.2f", v);
    return std::string(buf);
  };
  std::string text =
      "Stand for " + fixed(schedule.empty() ? duration_s : schedule[0].time_s) + " s";
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    const double end = i + 1 < schedule.size() ? schedule[i + 1].time_s : duration_s;
    const double hold = std::max(0.0, end - schedule[i].time_s);
    const auto& c = schedule[i].command;
    std::string what;
    if (c.IsZero()) {
      what = "stop";
    } else {
      what = std::string("walk ") + (c.vx_mps >= 0 ? "forward" : "backward") + " at " +
             fixed(std::abs(c.vx_mps)) + " m/s, sideways " + (c.vy_mps >= 0 ? "left" : "right") +
             " at " + fixed(std::abs(c.vy_mps)) + " m/s, turning " +
             (c.wz_radps >= 0 ? "left" : "right") + " at " + fixed(std::abs(c.wz_radps)) +
             " rad/s,";
    }
    text += ", then " + what + " for " + fixed(hold) + " s";
  }
  return text + ".";
}

}  // namespace tianmu::record
