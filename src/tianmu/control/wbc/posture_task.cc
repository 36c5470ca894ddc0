#include "tianmu/control/wbc/posture_task.h"

namespace tianmu::control::wbc {

PostureTask::PostureTask(const RobotDynamics& dynamics, std::vector<double> kp,
                         std::vector<double> kd, std::vector<double> weight)
    : kp_(std::move(kp)), kd_(std::move(kd)), weight_(std::move(weight)) {
  const int n = static_cast<int>(kp_.size());
  rows_.jacobian.setZero(n, dynamics.nv());
  for (int j = 0; j < n; ++j) rows_.jacobian(j, dynamics.JointDof(j)) = 1.0;
  rows_.target.setZero(n);
  rows_.weight.setZero(n);
  q_ref_.setZero(n);
}

void PostureTask::Update(const RobotDynamics& dynamics) {
  const Eigen::VectorXd& v = dynamics.Velocity();
  for (int j = 0; j < static_cast<int>(kp_.size()); ++j) {
    const int dof = dynamics.JointDof(j);
    rows_.target[j] = kp_[j] * (q_ref_[j] - dynamics.JointPosition(j)) - kd_[j] * v[dof];
    rows_.weight[j] = active_ ? weight_[j] : 0.0;
  }
}

}  // namespace tianmu::control::wbc
