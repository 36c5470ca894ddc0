#include "tianmu/control/wbc/gaze_task.h"

#include <algorithm>
#include <cmath>

namespace tianmu::control::wbc {
namespace {

Eigen::Matrix3d Skew(const Eigen::Vector3d& a) {
  Eigen::Matrix3d s;
  s << 0, -a.z(), a.y(), a.z(), 0, -a.x(), -a.y(), a.x(), 0;
  return s;
}

}  // namespace

GazeTask::GazeTask(std::string name, const mjModel* m, int camera, double weight, TaskGains gains)
    : name_(std::move(name)),
      body_(m->cam_bodyid[camera]),
      position_in_body_m_(m->cam_pos[3 * camera], m->cam_pos[3 * camera + 1],
                          m->cam_pos[3 * camera + 2]),
      weight_(weight),
      gains_(gains) {
  const mjtNum* q = m->cam_quat + 4 * camera;
  rotation_in_body_ = Eigen::Quaterniond(q[0], q[1], q[2], q[3]).normalized().toRotationMatrix();
  jacobian6_.setZero(6, m->nv);
  rows_.jacobian.setZero(3, m->nv);
  rows_.target.setZero(3);
  rows_.weight.setZero(3);
  active_ = false;
}

void GazeTask::SetTarget(const Eigen::Vector3d& point_m) {
  target_m_ = point_m;
  has_target_ = true;
  active_ = true;
}

void GazeTask::ClearTarget() {
  has_target_ = false;
  active_ = false;
}

void GazeTask::CameraPose(const RobotDynamics& dynamics, Eigen::Vector3d* position_m,
                          Eigen::Matrix3d* rotation) const {
  const Eigen::Matrix3d R_body = dynamics.BodyRotation(body_);
  *position_m = dynamics.BodyPosition(body_) + R_body * position_in_body_m_;
  *rotation = R_body * rotation_in_body_;
}

Eigen::Vector3d GazeTask::Error(const RobotDynamics& dynamics,
                                const Eigen::Vector3d& target_m) const {
  Eigen::Vector3d p;
  Eigen::Matrix3d R;
  CameraPose(dynamics, &p, &R);
  const Eigen::Vector3d d = -R.col(2);
  return d.cross((target_m - p).normalized());
}

double GazeTask::GazeAngleRad(const RobotDynamics& dynamics,
                              const Eigen::Vector3d& target_m) const {
  Eigen::Vector3d p;
  Eigen::Matrix3d R;
  CameraPose(dynamics, &p, &R);
  const Eigen::Vector3d d = -R.col(2);
  const Eigen::Vector3d u = (target_m - p).normalized();
  return std::atan2(d.cross(u).norm(), d.dot(u));
}

void GazeTask::Update(const RobotDynamics& dynamics) {
  if (!active_ || !has_target_) {
    rows_.jacobian.setZero();
    rows_.target.setZero();
    rows_.weight.setZero();
    error_.setZero();
    return;
  }
  Eigen::Vector3d p;
  Eigen::Matrix3d R;
  CameraPose(dynamics, &p, &R);
  const Eigen::Vector3d d = -R.col(2);
  const Eigen::Vector3d to_target = target_m_ - p;
  // A target inside the camera housing has no direction: hold the head still.
  const double r = std::max(to_target.norm(), 1e-3);
  const Eigen::Vector3d u = to_target / r;
  error_ = d.cross(u);
  dynamics.PointJacobian(body_, p, &jacobian6_);
  const Eigen::Matrix3d A = d * u.transpose() - u.dot(d) * Eigen::Matrix3d::Identity();
  const Eigen::Matrix3d B = -Skew(d) * (Eigen::Matrix3d::Identity() - u * u.transpose()) / r;
  rows_.jacobian.noalias() = A * jacobian6_.bottomRows<3>();
  rows_.jacobian.noalias() += B * jacobian6_.topRows<3>();
  const Eigen::Vector3d rate = rows_.jacobian * dynamics.Velocity();
  rows_.target = -gains_.kp * error_ - gains_.kd * rate;
  rows_.weight.setConstant(weight_);
}

}  // namespace tianmu::control::wbc
