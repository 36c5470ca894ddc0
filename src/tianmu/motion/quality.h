// Quality metrics of a robot clip, measured on the robot's own model: foot slide while in
// contact, joint-limit violations, self-penetration, keypoint error, joint speed vs. limits.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/robot_clip.h"

namespace tianmu::motion {

/// The metrics printed for every clip (docs/motion.md, "Quality metrics").
struct ClipQuality {
  double foot_slide_cm = 0;           ///< sole travel (horizontal) summed over contact frames
  int joint_limit_violations = 0;     ///< (frame, joint) outside range + retargeting demands
  int self_penetration_frames = 0;    ///< frames with a robot-robot overlap > 5 mm
  int ground_penetration_frames = 0;  ///< frames with a sole corner > 1 mm below the ground
  std::optional<double> keypoint_error_mean_cm;  ///< retargeted clips only
  std::optional<double> keypoint_error_max_cm;
  double max_joint_velocity_radps = 0;  ///< fastest joint speed between frames
  std::string max_velocity_joint;       ///< the joint it happened on
  double max_velocity_ratio = 0;        ///< max over joints and frames of |dq| / speed limit

  /// The "metrics" object of clip files, the index and `--json` output.
  nlohmann::json ToJson() const;
};

/// Measures `clip` (made for `spec`) on a copy of the robot's model with self-collision on.
ClipQuality MeasureClip(const model::RobotSpec& spec, const RobotClip& clip);

/// One line for people: "foot slide 0.4 cm, limit violations 0, ...".
std::string FormatQuality(const nlohmann::json& metrics);

}  // namespace tianmu::motion
