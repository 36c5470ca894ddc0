#include "tianmu/control/posture_controller.h"

namespace tianmu::control {

PostureController::PostureController(const model::RobotSpec& spec)
    : target_rad_(spec.NominalPosture()) {
  for (const model::JointSpec& joint : spec.joints) {
    kp_Nm_per_rad_.push_back(joint.kp_Nm_per_rad);
    kd_Nms_per_rad_.push_back(joint.kd_Nms_per_rad);
  }
}

void PostureController::Reset(const hal::LowState& /*state*/) {}

void PostureController::Compute(const hal::LowState& state, hal::LowCmd* cmd) {
  const int n = static_cast<int>(target_rad_.size());
  if (cmd->size() != n) cmd->Resize(n);
  cmd->tick = state.tick;
  cmd->mode = hal::CommandMode::kActive;
  for (int j = 0; j < n; ++j) {
    cmd->q_des_rad[j] = target_rad_[j];
    cmd->dq_des_radps[j] = 0;
    cmd->kp_Nm_per_rad[j] = kp_Nm_per_rad_[j];
    cmd->kd_Nms_per_rad[j] = kd_Nms_per_rad_[j];
    cmd->tau_ff_Nm[j] = 0;
  }
}

}  // namespace tianmu::control
