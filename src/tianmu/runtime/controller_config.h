// Controller configuration files: whole-body weights/gains and locomotion limits for the
// cerebellum controller, validated field by field (file, line, field and expected range named).
//   wbc:        {com_weight: 100, swing_kp: 600, ...}     # HumanoidControllerConfig fields
//   locomotion: {step_duration_s: 0.5, ...}              # LocomotionConfig fields
#pragma once

#include <filesystem>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/control/locomotion/locomotion_config.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::runtime {

/// Both halves of the cerebellum's configuration.
struct CerebellumConfig {
  control::HumanoidControllerConfig wbc;
  control::locomotion::LocomotionConfig locomotion;
};

/// The defaults for `spec` (locomotion limits derived from the robot) with the overrides of
/// `file` applied; raises InputError on unknown fields, bad values or inconsistent limits.
CerebellumConfig LoadCerebellumConfig(const model::RobotSpec& spec,
                                      const std::filesystem::path& file);

}  // namespace tianmu::runtime
