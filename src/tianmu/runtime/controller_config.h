// Controller configuration files: whole-body weights/gains and locomotion limits for the
// cerebellum controller, validated field by field (file, line, field and expected range named).
//   wbc:        {com_weight: 100, swing_kp: 600, ...}     # HumanoidControllerConfig fields
//   locomotion: {step_duration_s: 0.5, ...}              # LocomotionConfig fields
#pragma once

#include <filesystem>
#include <string>

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

/// The defaults for `spec`: locomotion limits derived from the robot, whole-body weights as
/// HumanoidControllerConfig declares them.
CerebellumConfig DefaultCerebellumConfig(const model::RobotSpec& spec);

/// `config` as a controller configuration file (both maps, every field LoadCerebellumConfig
/// accepts, numbers written to read back exactly): what `tianmu robot config` prints, ready to
/// edit and pass back with --controller-config.
std::string CerebellumConfigYaml(const CerebellumConfig& config);

}  // namespace tianmu::runtime
