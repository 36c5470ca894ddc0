#include "tianmu/control/wbc/com_task.h"

namespace tianmu::control::wbc {

CoMTask::CoMTask(const Eigen::Vector3d& weight, const Eigen::Vector3d& kp,
                 const Eigen::Vector3d& kd)
    : weight_(weight), kp_(kp), kd_(kd) {}

void CoMTask::SetReference(const Eigen::Vector3d& position_m, const Eigen::Vector3d& velocity_mps,
                           const Eigen::Vector3d& acceleration_mps2) {
  position_ref_ = position_m;
  velocity_ref_ = velocity_mps;
  acceleration_ref_ = acceleration_mps2;
}

void CoMTask::Update(const RobotDynamics& dynamics) {
  rows_.jacobian = dynamics.CoMJacobian();
  const Eigen::Vector3d x = dynamics.CoM();
  const Eigen::Vector3d v = dynamics.CoMVelocity();
  // J̇_com v is neglected: at walking speeds it is small against the feedback terms.
  rows_.target =
      acceleration_ref_ + kp_.cwiseProduct(position_ref_ - x) + kd_.cwiseProduct(velocity_ref_ - v);
  rows_.weight = active_ ? weight_ : Eigen::Vector3d::Zero();
}

}  // namespace tianmu::control::wbc
