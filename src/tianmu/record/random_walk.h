// The random-walk task, the first expert for locomotion datasets: a seeded sequence of velocity
// commands within the robot's locomotion limits, held for random durations, with stops between.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tianmu/control/cerebellum/humanoid_controller.h"

namespace tianmu::record {

/// Shape of the random walk.
struct RandomWalkOptions {
  double duration_s = 10;         ///< episode length
  double stand_s = 0.5;           ///< standing still before the first command
  double min_segment_s = 1.5;     ///< shortest time a command is held
  double max_segment_s = 3.0;     ///< longest
  double speed_fraction = 0.6;    ///< commands reach this share of each limit
  double stop_probability = 0.2;  ///< chance that a segment is a stop (all-zero command)
};

/// The command schedule for `seed` (same seed, same schedule), within `limits`' max_vx_mps,
/// max_backward_vx_mps, max_vy_mps and max_wz_radps scaled by speed_fraction.
std::vector<control::TimedCommand> RandomWalkSchedule(
    const control::locomotion::LocomotionConfig& limits, std::uint64_t seed,
    const RandomWalkOptions& options);

/// The command in force at `time_s` (vx m/s, vy m/s, wz rad/s); zero before the first entry.
std::array<double, 3> CommandAt(const std::vector<control::TimedCommand>& schedule, double time_s);

/// A language instruction describing the schedule, e.g. "Stand for 0.5 s, then walk forward at
/// 0.31 m/s turning left at 0.12 rad/s for 2.2 s, then stop for 1.6 s."
std::string DescribeSchedule(const std::vector<control::TimedCommand>& schedule, double duration_s);

}  // namespace tianmu::record
