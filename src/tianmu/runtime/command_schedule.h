// Velocity command schedules for walking runs: "vx,vy,wz" from the command line, or a YAML file
// of timed commands (courses). Validated; errors name the file, line and field.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/control/cerebellum/humanoid_controller.h"

namespace tianmu::runtime {

/// Parses "vx,vy,wz" (m/s, m/s, rad/s; robot heading frame); raises InputError naming `flag`.
control::locomotion::VelocityCommand ParseVelocityCommand(const std::string& text,
                                                          const std::string& flag);

/// Loads a schedule file:
///   commands:
///     - {t: 0.5, vx: 0.5, vy: 0, wz: 0}
///     - {t: 10, vx: 0, vy: 0, wz: 0}     # stop
/// Times must be >= 0 and increasing.
std::vector<control::TimedCommand> LoadCommandSchedule(const std::filesystem::path& file);

}  // namespace tianmu::runtime
