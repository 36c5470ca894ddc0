#include "tianmu/skills/box_hold.h"

#include <algorithm>
#include <cmath>

#include "tianmu/control/robot_dynamics.h"
#include "tianmu/core/error.h"
#include "tianmu/skills/robot_frames.h"

namespace tianmu::skills {
namespace {

constexpr double kGravity_mps2 = 9.81;

// The base's position and heading rotation (about z) at the controller's estimate.
void BaseHeading(const control::HumanoidController& controller, Eigen::Vector3d* base_m,
                 Eigen::Matrix3d* heading) {
  const control::RobotDynamics& d = controller.dynamics();
  const int base = d.binding().base_body;
  *base_m = d.BodyPosition(base);
  *heading = Eigen::AngleAxisd(HeadingRad(d.BodyRotation(base)), Eigen::Vector3d::UnitZ())
                 .toRotationMatrix();
}

}  // namespace

Eigen::Vector3d BoxHoldCentre(const model::RobotSpec& spec, double forward_share,
                              double drop_share) {
  control::RobotDynamics dynamics(spec);
  control::RobotState state;
  state.base_position_m.z() = spec.standing_base_height_m;
  const std::vector<double> nominal = spec.NominalPosture();
  state.q_rad = Eigen::Map<const Eigen::VectorXd>(nominal.data(), spec.num_joints());
  state.dq_radps = Eigen::VectorXd::Zero(spec.num_joints());
  dynamics.Update(state);
  const int left = HandIndex(spec, "left"), right = HandIndex(spec, "right");
  const Eigen::Vector3d base = dynamics.BodyPosition(dynamics.binding().base_body);
  if (left < 0 || right < 0) return {0.3, 0, base.z()};
  const ArmReach l = ArmReachOf(spec, dynamics, left), r = ArmReachOf(spec, dynamics, right);
  if (l.reach_m <= 0 || r.reach_m <= 0) return {0.3, 0, base.z()};
  const Eigen::Vector3d shoulders = 0.5 * (l.shoulder_m + r.shoulder_m);
  const double reach = 0.5 * (l.reach_m + r.reach_m);
  return {shoulders.x() - base.x() + forward_share * reach, shoulders.y() - base.y(),
          shoulders.z() - drop_share * reach};
}

double BoxSqueezeN(double mass_kg, double friction, double safety) {
  return safety * mass_kg * kGravity_mps2 / (2.0 * std::max(friction, 1e-3));
}

BoxHold::BoxHold(const model::RobotSpec& spec, double width_m,
                 const Eigen::Vector3d& centre_heading_m, double squeeze_N, double grip_height_m)
    : hands_{HandIndex(spec, "left"), HandIndex(spec, "right")},
      half_width_m_(0.5 * width_m),
      centre_heading_m_(centre_heading_m),
      squeeze_N_(squeeze_N),
      grip_height_m_(grip_height_m) {
  if (hands_[0] < 0 || hands_[1] < 0) {
    throw InputError(spec.name + ": a two-handed hold needs a left and a right hand (hands[])");
  }
}

void BoxHold::Approach(control::HumanoidController* controller, double gap_m) {
  offset_m_ = half_width_m_ + gap_m;
  pressing_ = false;
  active_ = true;
  for (int h : hands_) controller->ClearHandForce(h);
  Apply(controller);
}

void BoxHold::Squeeze(control::HumanoidController* controller, double inset_m) {
  offset_m_ = half_width_m_ - inset_m;
  pressing_ = true;
  active_ = true;
  Apply(controller);
}

void BoxHold::Follow(control::HumanoidController* controller) {
  if (active_) Apply(controller);
}

void BoxHold::Release(control::HumanoidController* controller) {
  active_ = false;
  pressing_ = false;
  for (int h : hands_) controller->ClearHandTarget(h);
}

Eigen::Vector3d BoxHold::CentreWorld(const control::HumanoidController& controller) const {
  Eigen::Vector3d base;
  Eigen::Matrix3d heading;
  BaseHeading(controller, &base, &heading);
  const Eigen::Vector3d planar(centre_heading_m_.x(), centre_heading_m_.y(), 0);
  return Eigen::Vector3d(base.x(), base.y(), centre_heading_m_.z()) + heading * planar;
}

void BoxHold::Apply(control::HumanoidController* controller) {
  Eigen::Vector3d base;
  Eigen::Matrix3d heading;
  BaseHeading(*controller, &base, &heading);
  const Eigen::Vector3d centre = CentreWorld(*controller);
  for (int k = 0; k < 2; ++k) {
    const double side = k == 0 ? 1.0 : -1.0;  // the left palm on the box's left face
    // Fingers forward, palm normal (the palm site's z) towards the box.
    const Eigen::Vector3d x = heading.col(0), z = -side * heading.col(1);
    Eigen::Matrix3d rotation;
    rotation.col(0) = x;
    rotation.col(1) = z.cross(x);
    rotation.col(2) = z;
    const Eigen::Vector3d target =
        centre + side * offset_m_ * heading.col(1) + Eigen::Vector3d(0, 0, grip_height_m_);
    controller->SetHandTarget(hands_[k], target, rotation);
    if (pressing_) controller->SetHandForce(hands_[k], squeeze_N_ * z);
    target_m_[k] = target;
  }
}

double BoxHold::PalmErrorM(const control::HumanoidController& controller) const {
  const control::RobotDynamics& d = controller.dynamics();
  double worst = 0;
  for (int k = 0; k < 2; ++k) {
    const int site = d.binding().hand_palm_site[hands_[k]];
    worst = std::max(worst, (d.SitePosition(site) - target_m_[k]).norm());
  }
  return worst;
}

}  // namespace tianmu::skills
