#include "tianmu/control/wbc/orientation_task.h"

#include <Eigen/Geometry>

namespace tianmu::control::wbc {

Eigen::Vector3d RotationLog(const Eigen::Matrix3d& rotation) {
  const Eigen::AngleAxisd aa(rotation);
  return aa.angle() * aa.axis();
}

OrientationTask::OrientationTask(std::string name, int body, const Eigen::Vector3d& weight,
                                 TaskGains gains)
    : name_(std::move(name)), body_(body), weight_(weight), gains_(gains) {}

void OrientationTask::SetReference(const Eigen::Matrix3d& rotation,
                                   const Eigen::Vector3d& angular_velocity) {
  rotation_ref_ = rotation;
  angular_velocity_ref_ = angular_velocity;
}

void OrientationTask::Update(const RobotDynamics& dynamics) {
  dynamics.BodyJacobian(body_, &jacobian6_);
  rows_.jacobian = jacobian6_.bottomRows(3);
  const Eigen::Matrix3d rotation = dynamics.BodyRotation(body_);
  const Eigen::Vector3d omega = rows_.jacobian * dynamics.Velocity();
  rows_.target = gains_.kp * RotationLog(rotation_ref_ * rotation.transpose()) +
                 gains_.kd * (angular_velocity_ref_ - omega);
  rows_.weight = active_ ? weight_ : Eigen::Vector3d::Zero();
}

}  // namespace tianmu::control::wbc
