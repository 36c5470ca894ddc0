// Posture task: every actuated joint towards a reference posture (low weight: it resolves the
// redundancy the other tasks leave, and keeps arms, head and hands where they belong).
#pragma once

#include <vector>

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// Rows q̈_j = kp_j (q_ref − q) − kd_j q̇ for each actuated joint j.
class PostureTask : public Task {
 public:
  /// Gains per actuated joint (RobotSpec order) and one weight per joint.
  PostureTask(const RobotDynamics& dynamics, std::vector<double> kp, std::vector<double> kd,
              std::vector<double> weight);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// The reference posture (rad, RobotSpec order).
  void SetReference(const Eigen::VectorXd& q_rad) { q_ref_ = q_rad; }
  const Eigen::VectorXd& reference() const { return q_ref_; }
  /// The weight of joint `j` (RobotSpec order).
  void SetWeight(int j, double weight) { weight_[j] = weight; }
  double weight(int j) const { return weight_[j]; }

 private:
  std::string name_ = "posture";
  std::vector<double> kp_, kd_, weight_;
  Eigen::VectorXd q_ref_;
};

}  // namespace tianmu::control::wbc
