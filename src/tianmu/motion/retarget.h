// Retargeting human clips onto any robot described by robot.yaml: keypoint targets scaled by leg
// length, per-frame IK as a small QP on MuJoCo Jacobians (joint and velocity limits as bounds,
// smoothness against the previous frame), foot contacts, foot-skate clean-up, ground clearance.
#pragma once

#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/human_clip.h"
#include "tianmu/motion/motion_map.h"
#include "tianmu/motion/quality.h"
#include "tianmu/motion/robot_clip.h"

namespace tianmu::motion {

/// Settings of Retarget(); the defaults suit human clips at 30-120 fps.
struct RetargetOptions {
  double max_fps = 60;                    ///< clips faster than this are subsampled by a whole step
  int first_frame_iterations = 80;        ///< Gauss-Newton iterations for the first frame
  int iterations_per_frame = 8;           ///< ... for later frames (warm-started)
  double damping = 1e-4;                  ///< Levenberg-Marquardt damping on the step, per rad²
  double smoothness_weight = 2e-4;        ///< pulls joints toward the previous frame, per rad²
  double posture_weight = 5e-4;           ///< pulls joints toward the nominal posture, per rad²
  double max_step_rad = 0.3;              ///< trust region per iteration
  bool clean_foot_skate = true;           ///< pin feet during detected contacts
  bool remove_ground_penetration = true;  ///< raise the base when a sole dips below z = 0
  double contact_height_m = 0.04;         ///< foot within this of the ground ...
  double contact_speed_mps = 0.3;         ///< ... and slower than this: in contact (robot scale)
  int blend_frames = 6;  ///< foot targets blend in/out of pinning over this many frames
  double foot_pin_weight_factor = 10;  ///< foot keypoint weight multiplier while pinned
  /// A joint pushed against its range by the targets such that the unconstrained solution would
  /// lie this far beyond it is reported as a limit violation (it is not silently clipped).
  double limit_report_rad = 0.05;
};

/// A limit the clip asked the robot to exceed.
struct LimitViolation {
  int frame = 0;
  std::string joint;
  double beyond_rad = 0;  ///< estimated distance past the limit the targets asked for
  bool velocity = false;  ///< a speed limit (else a position limit)
};

/// Everything Retarget() produced.
struct RetargetResult {
  RobotClip clip;  ///< kind "whole_body", metrics filled
  ClipQuality quality;
  std::vector<LimitViolation> violations;  ///< also counted in quality.joint_limit_violations
  double scale = 1;                        ///< robot leg length / human leg length
  std::vector<std::array<bool, 2>> detected_contacts;  ///< per output frame
};

/// Retargets `human` onto `spec` with `map`. Names the map lacks on either side raise InputError.
RetargetResult Retarget(const model::RobotSpec& spec, const MotionMap& map, const HumanClip& human,
                        const std::string& clip_name, const RetargetOptions& options = {});

}  // namespace tianmu::motion
