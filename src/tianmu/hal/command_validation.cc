#include "tianmu/hal/command_validation.h"

#include <cmath>
#include <sstream>

namespace tianmu::hal {
namespace {

CommandStatus Reject(CommandStatus status, const std::string& joint, const char* field,
                     double value, std::string* reason) {
  if (reason != nullptr) {
    std::ostringstream s;
    s << CommandStatusName(status) << ": joint " << joint << " " << field << " = " << value;
    *reason = s.str();
  }
  return status;
}

}  // namespace

const char* CommandStatusName(CommandStatus status) {
  switch (status) {
    case CommandStatus::kAccepted:
      return "accepted";
    case CommandStatus::kWrongSize:
      return "wrong_size";
    case CommandStatus::kNotFinite:
      return "not_finite";
    case CommandStatus::kOutOfRange:
      return "out_of_range";
  }
  return "unknown";
}

CommandStatus ValidateCommand(const LowCmd& cmd, const model::RobotSpec& spec,
                              const CommandLimits& limits, std::string* reason) {
  const std::size_t n = spec.joints.size();
  if (cmd.q_des_rad.size() != n || cmd.dq_des_radps.size() != n || cmd.kp_Nm_per_rad.size() != n ||
      cmd.kd_Nms_per_rad.size() != n || cmd.tau_ff_Nm.size() != n) {
    if (reason != nullptr) {
      *reason = "wrong_size: expected " + std::to_string(n) + " joints, got " +
                std::to_string(cmd.q_des_rad.size());
    }
    return CommandStatus::kWrongSize;
  }
  if (cmd.mode != CommandMode::kActive && cmd.mode != CommandMode::kDamping &&
      cmd.mode != CommandMode::kOff) {
    if (reason != nullptr) *reason = "out_of_range: unknown mode";
    return CommandStatus::kOutOfRange;
  }
  for (std::size_t j = 0; j < n; ++j) {
    const model::JointSpec& joint = spec.joints[j];
    const std::pair<const char*, double> fields[] = {{"q_des_rad", cmd.q_des_rad[j]},
                                                     {"dq_des_radps", cmd.dq_des_radps[j]},
                                                     {"kp_Nm_per_rad", cmd.kp_Nm_per_rad[j]},
                                                     {"kd_Nms_per_rad", cmd.kd_Nms_per_rad[j]},
                                                     {"tau_ff_Nm", cmd.tau_ff_Nm[j]}};
    for (const auto& [field, value] : fields) {
      if (!std::isfinite(value)) {
        return Reject(CommandStatus::kNotFinite, joint.name, field, value, reason);
      }
    }
    if (cmd.mode != CommandMode::kActive) continue;  // targets are ignored outside active mode
    if (joint.limited && (cmd.q_des_rad[j] < joint.lower_rad - limits.position_margin_rad ||
                          cmd.q_des_rad[j] > joint.upper_rad + limits.position_margin_rad)) {
      return Reject(CommandStatus::kOutOfRange, joint.name, "q_des_rad", cmd.q_des_rad[j], reason);
    }
    if (std::abs(cmd.dq_des_radps[j]) > joint.max_velocity_radps) {
      return Reject(CommandStatus::kOutOfRange, joint.name, "dq_des_radps", cmd.dq_des_radps[j],
                    reason);
    }
    const double kp_max = joint.peak_torque_Nm / limits.min_error_at_peak_rad;
    if (cmd.kp_Nm_per_rad[j] < 0 || cmd.kp_Nm_per_rad[j] > kp_max) {
      return Reject(CommandStatus::kOutOfRange, joint.name, "kp_Nm_per_rad", cmd.kp_Nm_per_rad[j],
                    reason);
    }
    const double kd_max = joint.peak_torque_Nm / limits.min_speed_at_peak_radps;
    if (cmd.kd_Nms_per_rad[j] < 0 || cmd.kd_Nms_per_rad[j] > kd_max) {
      return Reject(CommandStatus::kOutOfRange, joint.name, "kd_Nms_per_rad", cmd.kd_Nms_per_rad[j],
                    reason);
    }
    if (std::abs(cmd.tau_ff_Nm[j]) > joint.peak_torque_Nm) {
      return Reject(CommandStatus::kOutOfRange, joint.name, "tau_ff_Nm", cmd.tau_ff_Nm[j], reason);
    }
  }
  return CommandStatus::kAccepted;
}

}  // namespace tianmu::hal
