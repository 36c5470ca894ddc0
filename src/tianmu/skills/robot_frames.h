// Where a skill finds the robot's parts: a hand by side, the shoulder that carries it and how far
// that arm reaches, the base's heading. All from RobotSpec and the controller's model, so no skill
// names a robot's bodies.
#pragma once

#include <Eigen/Dense>
#include <string>

#include "tianmu/control/robot_dynamics.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::skills {

/// Index into RobotSpec::hands of the hand on `side` ("left", "right"), or -1.
int HandIndex(const model::RobotSpec& spec, const std::string& side);

/// An arm as reaching sees it.
struct ArmReach {
  std::string shoulder_joint;                            ///< first joint of the `<side>_arm` group
  Eigen::Vector3d shoulder_m = Eigen::Vector3d::Zero();  ///< its anchor, world frame, now
  /// Longest shoulder-to-palm distance: the sum of the distances between consecutive joint anchors
  /// and the palm site along the chain (each fixed in one body, so independent of the posture).
  double reach_m = 0;
};

/// The reach of the arm carrying hand `hand` at the state `dynamics` holds; reach_m is 0 when the
/// robot has no `<side>_arm` group.
ArmReach ArmReachOf(const model::RobotSpec& spec, const control::RobotDynamics& dynamics, int hand);

/// Heading (yaw about world z, rad) of a world <- frame rotation's x axis.
double HeadingRad(const Eigen::Matrix3d& rotation);

/// `angle_rad` wrapped into (−π, π].
double WrapAngleRad(double angle_rad);

}  // namespace tianmu::skills
