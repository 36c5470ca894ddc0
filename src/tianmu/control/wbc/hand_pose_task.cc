#include "tianmu/control/wbc/hand_pose_task.h"

#include "tianmu/control/wbc/orientation_task.h"

namespace tianmu::control::wbc {

HandPoseTask::HandPoseTask(std::string name, int palm_site, int nv, double position_weight,
                           double orientation_weight, TaskGains linear, TaskGains angular)
    : name_(std::move(name)), site_(palm_site), linear_(linear), angular_(angular) {
  SetWeights(position_weight, orientation_weight);
  // Sized once: an inactive task hands the solver zero rows of the right shape.
  rows_.jacobian.setZero(6, nv);
  rows_.target.setZero(6);
  rows_.weight.setZero(6);
  active_ = false;
}

void HandPoseTask::SetWeights(double position_weight, double orientation_weight) {
  weight_.head<3>().setConstant(position_weight);
  weight_.tail<3>().setConstant(orientation_weight);
}

void HandPoseTask::SetTarget(const Eigen::Vector3d& position_m, const Eigen::Matrix3d& rotation) {
  position_ref_ = position_m;
  rotation_ref_ = rotation;
  has_target_ = true;
  orientation_free_ = false;
  active_ = true;
}

void HandPoseTask::SetPositionTarget(const Eigen::Vector3d& position_m) {
  position_ref_ = position_m;
  rotation_ref_.setIdentity();
  has_target_ = true;
  orientation_free_ = true;
  active_ = true;
}

void HandPoseTask::ClearTarget() {
  has_target_ = false;
  active_ = false;
}

void HandPoseTask::Update(const RobotDynamics& dynamics) {
  if (!active_ || !has_target_) {
    rows_.jacobian.setZero();
    rows_.target.setZero();
    rows_.weight.setZero();
    return;
  }
  dynamics.SiteJacobian(site_, &rows_.jacobian);
  const Eigen::Matrix<double, 6, 1> v = rows_.jacobian * dynamics.Velocity();
  Eigen::Matrix<double, 6, 1> target;
  target.head<3>() =
      linear_.kp * (position_ref_ - dynamics.SitePosition(site_)) - linear_.kd * v.head<3>();
  target.tail<3>() =
      angular_.kp * RotationLog(rotation_ref_ * dynamics.SiteRotation(site_).transpose()) -
      angular_.kd * v.tail<3>();
  rows_.target = target - dynamics.SiteBiasAcceleration(site_);
  rows_.weight = weight_;
  if (orientation_free_) rows_.weight.tail<3>().setZero();
}

}  // namespace tianmu::control::wbc
