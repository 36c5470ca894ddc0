// The per-robot retargeting map (assets/robots/<robot>/motion_map.yaml): which human joint
// drives which robot body or site, with weights, the leg chains for scaling, and the joint-space
// key poses of the robot's starter motions (docs/motion.md).
#pragma once

#include <Eigen/Dense>
#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/human_clip.h"

namespace tianmu::motion {

/// One keypoint: a human joint's world pose tracked by a robot body or site.
struct KeypointMap {
  std::string human;                        ///< human joint name (BVH joint or "<joint>_end")
  std::string robot;                        ///< robot body or site name
  bool robot_is_site = false;               ///< `robot` names a site (else a body)
  int robot_id = -1;                        ///< body or site id in RobotSpec::model
  int robot_body = -1;                      ///< the body `robot` names or the site is attached to
  Eigen::Vector3d robot_offset_m{0, 0, 0};  ///< tracked point in the body/site frame
  double position_weight = 1;               ///< IK weight of the position error (per metre)
  double orientation_weight = 0;  ///< IK weight of the orientation error (per radian); 0 = none
  int foot = -1;                  ///< 0/1 when this keypoint is the left/right foot, else -1
  /// Index of the keypoint whose position this one is tracked relative to (`relative_to`), or
  /// -1: the target is then the human vector between them, scaled, added to where the robot's
  /// parent point is (limbs keep the robot's shoulder width instead of the human's).
  int relative_to = -1;
  int line = 0;  ///< line in the map file, for errors
};

/// One key pose of a starter motion: at `time_s`, these joints at these angles (others nominal).
struct StarterKeyframe {
  double time_s = 0;
  std::map<int, double> q_rad;  ///< RobotSpec joint index -> angle
};

/// A starter motion authored in joint space for one robot.
struct StarterMotion {
  std::string name;
  std::string description;
  std::string kind = "upper_body";         ///< "upper_body" or "whole_body"
  std::vector<StarterKeyframe> keyframes;  ///< sorted by time, first at 0
};

/// A robot's retargeting map.
struct MotionMap {
  std::filesystem::path path;
  std::string robot;
  /// Rotates vectors given in the human clip's axes into the robot world (x forward, z up).
  Eigen::Matrix3d human_to_world = Eigen::Matrix3d::Identity();
  std::array<std::string, 3> human_leg;  ///< hip, knee, ankle joints of one human leg
  std::array<std::string, 3> robot_leg;  ///< hip, knee, ankle bodies of the same robot leg
  std::vector<KeypointMap> keypoints;
  std::vector<StarterMotion> starter_motions;
  std::map<std::string, int> human_lines;  ///< line of each human name in the file, for errors
};

/// assets/robots/<robot>/motion_map.yaml beside the robot's robot.yaml.
std::filesystem::path DefaultMotionMapPath(const model::RobotSpec& spec);

/// Loads and validates a map against the robot: every robot body/site, joint and key pose must
/// exist and lie inside joint limits; raises InputError naming file, line and field.
MotionMap LoadMotionMap(const std::filesystem::path& path, const model::RobotSpec& spec);

/// Raises InputError (the map's file and line) when the map names a human joint `clip` lacks.
void CheckMapAgainstClip(const MotionMap& map, const HumanClip& clip, const std::string& clip_name);

}  // namespace tianmu::motion
