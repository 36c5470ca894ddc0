// Joint-space PD posture hold: every joint tracks the robot's nominal posture with the gains
// from robot.yaml. The baseline controller until the whole-body controller takes over.
#pragma once

#include <vector>

#include "tianmu/control/controller.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control {

/// Holds the nominal posture of `spec` with its per-joint PD gains.
class PostureController : public Controller {
 public:
  explicit PostureController(const model::RobotSpec& spec);

  void Reset(const hal::LowState& state) override;
  void Compute(const hal::LowState& state, hal::LowCmd* cmd) override;
  const char* name() const override { return "posture"; }

  /// Changes the target posture (rad, RobotSpec joint order).
  void set_target(const std::vector<double>& q_rad) { target_rad_ = q_rad; }

 private:
  std::vector<double> target_rad_;
  std::vector<double> kp_Nm_per_rad_;
  std::vector<double> kd_Nms_per_rad_;
};

}  // namespace tianmu::control
