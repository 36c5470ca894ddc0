// RestPose: where a category-1 stop lowers the robot before the drives go to damping. A crouch
// with both soles flat where they stood and the CoM over them, low enough that the joints reach
// (or nearly reach) their mechanical stops, so damping has little left to do. Either the
// robot.yaml rest_posture (made consistent with flat soles) or derived from the legs.
#pragma once

#include <Eigen/Dense>
#include <string>

#include "tianmu/model/robot_spec.h"

namespace tianmu::control {

/// The rest posture and what the whole-body tasks track to reach it, in the standing frame: origin
/// at the soles' midpoint, x along the soles' mean heading, z up from the soles.
struct RestPose {
  Eigen::VectorXd q_rad;                                   ///< joints, RobotSpec order
  Eigen::Vector3d com_m = Eigen::Vector3d::Zero();         ///< CoM in the standing frame
  Eigen::Matrix3d pelvis_R = Eigen::Matrix3d::Identity();  ///< base orientation, standing frame
  Eigen::Matrix3d torso_R = Eigen::Matrix3d::Identity();   ///< torso orientation (if any)
  double standing_com_height_m = 0;  ///< CoM height of the nominal posture, for comparison
  double sole_error_m = 0;           ///< worst sole position error of the solution
  double stance_width_m = 0;         ///< lateral distance between the sole sites
  /// How far the CoM lies inside the support polygon of both soles (negative: outside).
  double support_margin_m = 0;
  std::string source;  ///< "robot.yaml rest_posture" or "derived from the legs"
};

/// Computes the rest pose of `spec` with the soles `stance_width_m` apart (0: as in the nominal
/// posture). Declared rest_posture: the listed joints, the legs adjusted so the soles stay flat and
/// the CoM over their middle. Otherwise derived from the legs: the soles pinned, the CoM held over
/// their middle and lowered until the leg joints reach their stops (`joint_margin_rad` short of
/// them) or the CoM is at 45 % of its standing height. `torso_body` is -1 for robots without a
/// waist.
RestPose ComputeRestPose(const model::RobotSpec& spec, int torso_body, double stance_width_m = 0,
                         double joint_margin_rad = 0.01);

}  // namespace tianmu::control
