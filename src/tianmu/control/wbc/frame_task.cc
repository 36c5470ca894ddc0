#include "tianmu/control/wbc/frame_task.h"

#include "tianmu/control/wbc/orientation_task.h"

namespace tianmu::control::wbc {

FrameTask::FrameTask(std::string name, int site, const Eigen::Matrix<double, 6, 1>& weight,
                     TaskGains linear, TaskGains angular)
    : name_(std::move(name)), site_(site), weight_(weight), linear_(linear), angular_(angular) {
  isotropic_ = weight.head<3>().minCoeff() == weight.head<3>().maxCoeff() &&
               weight.tail<3>().minCoeff() == weight.tail<3>().maxCoeff();
}

void FrameTask::SetReference(const Eigen::Vector3d& position_m, const Eigen::Matrix3d& rotation,
                             const Eigen::Matrix<double, 6, 1>& velocity,
                             const Eigen::Matrix<double, 6, 1>& acceleration) {
  position_ref_ = position_m;
  rotation_ref_ = rotation;
  velocity_ref_ = velocity;
  acceleration_ref_ = acceleration;
}

void FrameTask::Update(const RobotDynamics& dynamics) {
  dynamics.SiteJacobian(site_, &rows_.jacobian);
  const Eigen::Matrix<double, 6, 1> v = rows_.jacobian * dynamics.Velocity();
  Eigen::Matrix<double, 6, 1> target;
  target.head<3>() = acceleration_ref_.head<3>() +
                     linear_.kp * (position_ref_ - dynamics.SitePosition(site_)) +
                     linear_.kd * (velocity_ref_.head<3>() - v.head<3>());
  target.tail<3>() =
      acceleration_ref_.tail<3>() +
      angular_.kp * RotationLog(rotation_ref_ * dynamics.SiteRotation(site_).transpose()) +
      angular_.kd * (velocity_ref_.tail<3>() - v.tail<3>());
  rows_.target = target - dynamics.SiteBiasAcceleration(site_);
  if (!isotropic_) {
    // Rows along the reference frame's axes (a rotation leaves equal weights unchanged).
    const Eigen::Matrix3d Rt = rotation_ref_.transpose();
    rows_.jacobian.topRows<3>() = Rt * rows_.jacobian.topRows<3>();
    rows_.jacobian.bottomRows<3>() = Rt * rows_.jacobian.bottomRows<3>();
    rows_.target.head<3>() = Rt * rows_.target.head<3>();
    rows_.target.tail<3>() = Rt * rows_.target.tail<3>();
  }
  rows_.weight = active_ ? weight_ : Eigen::Matrix<double, 6, 1>::Zero();
}

}  // namespace tianmu::control::wbc
