#include "tianmu/runtime/controller_config.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "tianmu/core/config_node.h"
#include "tianmu/core/shortest_number.h"

namespace tianmu::runtime {
namespace {

using control::HumanoidControllerConfig;

// One numeric field of HumanoidControllerConfig with its valid range.
struct WbcField {
  const char* name;
  double HumanoidControllerConfig::*member;
  double lo;
  double hi;
};

const std::vector<WbcField>& WbcFields() {
  constexpr double kBig = 1e7;
  static const std::vector<WbcField> fields = {
      {"com_weight", &HumanoidControllerConfig::com_weight, 0, kBig},
      {"angular_momentum_weight", &HumanoidControllerConfig::angular_momentum_weight, 0, kBig},
      {"angular_momentum_damping_per_s", &HumanoidControllerConfig::angular_momentum_damping_per_s,
       0, kBig},
      {"pelvis_weight", &HumanoidControllerConfig::pelvis_weight, 0, kBig},
      {"pelvis_kp", &HumanoidControllerConfig::pelvis_kp, 0, kBig},
      {"pelvis_kd", &HumanoidControllerConfig::pelvis_kd, 0, kBig},
      {"torso_weight", &HumanoidControllerConfig::torso_weight, 0, kBig},
      {"torso_kp", &HumanoidControllerConfig::torso_kp, 0, kBig},
      {"torso_kd", &HumanoidControllerConfig::torso_kd, 0, kBig},
      {"swing_weight", &HumanoidControllerConfig::swing_weight, 0, kBig},
      {"swing_kp", &HumanoidControllerConfig::swing_kp, 0, kBig},
      {"swing_kd", &HumanoidControllerConfig::swing_kd, 0, kBig},
      {"posture_weight", &HumanoidControllerConfig::posture_weight, 0, kBig},
      {"posture_kp", &HumanoidControllerConfig::posture_kp, 0, kBig},
      {"posture_kd", &HumanoidControllerConfig::posture_kd, 0, kBig},
      {"joint_pd_fraction", &HumanoidControllerConfig::joint_pd_fraction, 0, 1},
      {"joint_damping_fraction", &HumanoidControllerConfig::joint_damping_fraction, 0, 1},
      {"fall_tilt_rad", &HumanoidControllerConfig::fall_tilt_rad, 0.05, M_PI / 2},
      {"fall_height_fraction", &HumanoidControllerConfig::fall_height_fraction, 0.05, 1},
      {"stop_speed_mps", &HumanoidControllerConfig::stop_speed_mps, 1e-3, 1},
      {"stop_hold_s", &HumanoidControllerConfig::stop_hold_s, 0, 5},
      {"rest_lowering_time_s", &HumanoidControllerConfig::rest_lowering_time_s, 0.2, 30},
      {"rest_kp_per_s2", &HumanoidControllerConfig::rest_kp_per_s2, 0, kBig},
      {"rest_kd_per_s", &HumanoidControllerConfig::rest_kd_per_s, 0, kBig},
      {"rest_leg_posture_weight", &HumanoidControllerConfig::rest_leg_posture_weight, 0, kBig},
      {"rest_com_weight", &HumanoidControllerConfig::rest_com_weight, 0, kBig},
      {"friction", &HumanoidControllerConfig::friction, 0.05, 2},
      {"hand_position_weight", &HumanoidControllerConfig::hand_position_weight, 0, kBig},
      {"hand_orientation_weight", &HumanoidControllerConfig::hand_orientation_weight, 0, kBig},
      {"hand_kp", &HumanoidControllerConfig::hand_kp, 0, kBig},
      {"hand_kd", &HumanoidControllerConfig::hand_kd, 0, kBig},
      {"gaze_weight", &HumanoidControllerConfig::gaze_weight, 0, kBig},
      {"gaze_kp", &HumanoidControllerConfig::gaze_kp, 0, kBig},
      {"gaze_kd", &HumanoidControllerConfig::gaze_kd, 0, kBig},
  };
  return fields;
}

void ApplyWbcOverrides(const ConfigNode& node, HumanoidControllerConfig* config) {
  std::vector<std::string> names = {"centroidal_momentum_task"};
  for (const WbcField& f : WbcFields()) names.push_back(f.name);
  node.RejectUnknownKeys(names);
  if (auto value = node.Optional("centroidal_momentum_task")) {
    config->centroidal_momentum_task = value->AsBool();
  }
  for (const WbcField& f : WbcFields()) {
    if (auto value = node.Optional(f.name)) config->*f.member = value->AsDoubleInRange(f.lo, f.hi);
  }
}

}  // namespace

CerebellumConfig DefaultCerebellumConfig(const model::RobotSpec& spec) {
  CerebellumConfig config;
  config.locomotion = control::locomotion::DeriveLocomotionConfig(spec);
  return config;
}

std::string CerebellumConfigYaml(const CerebellumConfig& config) {
  std::string out = "wbc:\n";
  out += std::string("  centroidal_momentum_task: ") +
         (config.wbc.centroidal_momentum_task ? "true" : "false") + "\n";
  for (const WbcField& f : WbcFields()) {
    out += std::string("  ") + f.name + ": " + ShortestNumber(config.wbc.*f.member) + "\n";
  }
  out += "locomotion:\n";
  for (const control::locomotion::LocomotionConfigEntry& e :
       control::locomotion::LocomotionConfigEntries(config.locomotion)) {
    out += "  " + e.key + ": " + e.value + "\n";
  }
  return out;
}

CerebellumConfig LoadCerebellumConfig(const model::RobotSpec& spec,
                                      const std::filesystem::path& file) {
  CerebellumConfig config = DefaultCerebellumConfig(spec);
  const ConfigNode root = ConfigNode::LoadFile(file);
  root.RejectUnknownKeys({"wbc", "locomotion"});
  if (auto wbc = root.Optional("wbc")) ApplyWbcOverrides(*wbc, &config.wbc);
  if (auto locomotion = root.Optional("locomotion")) {
    control::locomotion::ApplyOverrides(*locomotion, &config.locomotion);
  }
  control::locomotion::ValidateLocomotionConfig(config.locomotion, file.string());
  return config;
}

}  // namespace tianmu::runtime
