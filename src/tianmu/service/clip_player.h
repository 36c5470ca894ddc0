// Motion playback inside the service's robot loop: a clip prepared outside the loop (columns
// mapped, upper body selected) that the loop samples each tick into whole-body joint targets.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/robot_clip.h"

namespace tianmu::service {

/// How a clip is played by the service.
struct ClipPlayerOptions {
  double blend_s = 0.5;  ///< minimum-jerk blend from the nominal posture in, and back out
  double hold_s = 0.3;   ///< keep the last frame this long before blending out
  double weight = 30;    ///< posture-task weight of the driven joints
};

/// A clip ready for the loop. Upper body only: the legs stay with the balance controller, so a
/// whole-body clip plays its arms, waist and head while the robot stands.
class ClipPlayer {
 public:
  /// Maps `clip`'s joints onto `spec` (InputError when the clip is for another robot or names a
  /// joint the robot lacks, or drives no joint).
  ClipPlayer(const model::RobotSpec& spec, motion::RobotClip clip, ClipPlayerOptions options = {});

  /// Joint targets (rad, RobotSpec order; NaN for joints not driven) at `t_s` seconds after
  /// the start; allocation-free when `q_rad` has num_joints entries.
  void Sample(double t_s, Eigen::VectorXd* q_rad) const;
  /// Blend in + clip + hold + blend out, in seconds.
  double total_s() const;
  const std::string& name() const { return clip_.name; }
  double weight() const { return options_.weight; }
  int driven_joints() const { return driven_joints_; }

 private:
  double ClipValue(int joint, double clip_t_s) const;

  motion::RobotClip clip_;
  ClipPlayerOptions options_;
  std::vector<int> column_;  ///< clip column of each RobotSpec joint, -1 when not driven
  std::vector<double> nominal_rad_;
  int driven_joints_ = 0;
};

}  // namespace tianmu::service
