// Two-handed box hold: where a robot holds a box in front of it (from its own arms), how hard the
// palms squeeze (from the box's mass and friction), and the palm targets and hand forces that keep
// the box between the palms, fixed in the base's heading frame while the robot stands or walks.
// The box is held by friction alone: nothing welds it to the hands (docs/skills.md, "Friction
// grasps").
#pragma once

#include <Eigen/Dense>
#include <array>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::skills {

/// Where a robot standing in its nominal posture holds a box, in its heading frame: x forward of
/// the base, y to its left, both relative to the base; z the height above the soles. From the
/// arms: the centre lies midway between the shoulders, `forward_share` of the arm's reach in
/// front of them and `drop_share` of it below them (0.55 each: elbows bent, forearms forward).
/// A robot without a left and a right arm gets the point 0.3 m ahead of its base at base height.
Eigen::Vector3d BoxHoldCentre(const model::RobotSpec& spec, double forward_share = 0.55,
                              double drop_share = 0.55);

/// Squeeze per palm (N) for friction `friction` to carry `mass_kg` between two palms with
/// `safety` times the weight's share: safety · m g / (2 μ).
double BoxSqueezeN(double mass_kg, double friction, double safety = 2.0);

/// The palm targets and forces of a two-handed hold, following the base's heading frame.
class BoxHold {
 public:
  /// A box `width_m` wide (between the faces the palms touch), held at `centre_heading_m` (as
  /// BoxHoldCentre) with `squeeze_N` per palm, the palms `grip_height_m` above the box's centre
  /// (negative: below). Throws InputError when the robot has no left and right hand.
  BoxHold(const model::RobotSpec& spec, double width_m, const Eigen::Vector3d& centre_heading_m,
          double squeeze_N, double grip_height_m = 0);

  /// Palms `gap_m` outside the faces (no force): the approach.
  void Approach(control::HumanoidController* controller, double gap_m = 0.025);
  /// Palms `inset_m` inside the faces, pressing with the squeeze force: the grip.
  void Squeeze(control::HumanoidController* controller, double inset_m = 0.01);
  /// Keeps the current targets (approach or grip) fixed in the base's heading frame as the robot
  /// moves: call every tick while the robot walks (the base pose is the controller's estimate).
  void Follow(control::HumanoidController* controller);
  /// Hands back to the posture task, forces off.
  void Release(control::HumanoidController* controller);

  /// Largest distance of a palm from its target (m), at the controller's estimate.
  double PalmErrorM(const control::HumanoidController& controller) const;
  /// The box centre in the world frame for the controller's current base estimate.
  Eigen::Vector3d CentreWorld(const control::HumanoidController& controller) const;
  /// Hand indices (RobotSpec::hands) of the left and right palm.
  const std::array<int, 2>& hands() const { return hands_; }

 private:
  void Apply(control::HumanoidController* controller);

  std::array<int, 2> hands_{};  ///< left, right
  double half_width_m_;
  Eigen::Vector3d centre_heading_m_;
  double squeeze_N_;
  double grip_height_m_;
  double offset_m_ = 0;    ///< palm distance from the box's mid-plane (half width ± gap)
  bool pressing_ = false;  ///< forces on
  bool active_ = false;
  std::array<Eigen::Vector3d, 2> target_m_{};  ///< last targets, world frame
};

}  // namespace tianmu::skills
