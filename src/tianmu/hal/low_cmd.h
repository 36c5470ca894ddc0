// LowCmd: the joint-level command a controller sends each tick. The joint driver computes
// tau = kp (q_des - q) + kd (dq_des - dq) + tau_ff at its own rate.
#pragma once

#include <cstdint>
#include <vector>

namespace tianmu::hal {

/// How the drivers treat the command.
enum class CommandMode : std::uint8_t {
  kActive = 0,   ///< follow the per-joint PD + feed-forward command
  kDamping = 1,  ///< ignore targets, apply only velocity damping (safe fallback)
  kOff = 2,      ///< zero torque
};

/// One tick of joint commands. Arrays follow RobotSpec::joints order.
struct LowCmd {
  std::uint64_t tick = 0;
  CommandMode mode = CommandMode::kActive;
  std::vector<double> q_des_rad;
  std::vector<double> dq_des_radps;
  std::vector<double> kp_Nm_per_rad;
  std::vector<double> kd_Nms_per_rad;
  std::vector<double> tau_ff_Nm;

  /// Sizes every array to `num_joints` (zero-filled).
  void Resize(int num_joints) {
    q_des_rad.assign(num_joints, 0.0);
    dq_des_radps.assign(num_joints, 0.0);
    kp_Nm_per_rad.assign(num_joints, 0.0);
    kd_Nms_per_rad.assign(num_joints, 0.0);
    tau_ff_Nm.assign(num_joints, 0.0);
  }
  int size() const { return static_cast<int>(q_des_rad.size()); }
};

/// Name of a mode, for logs and JSON.
inline const char* CommandModeName(CommandMode mode) {
  switch (mode) {
    case CommandMode::kActive:
      return "active";
    case CommandMode::kDamping:
      return "damping";
    case CommandMode::kOff:
      return "off";
  }
  return "unknown";
}

}  // namespace tianmu::hal
