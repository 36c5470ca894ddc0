// Playing a robot clip in simulation: the whole-body controller keeps balance while its posture
// task tracks the clip's joints; reports tracking error from the encoders and whether balance held.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/robot_clip.h"
#include "tianmu/runtime/sim_run.h"

namespace tianmu::motion {

/// How to play a clip.
struct PlaybackOptions {
  double settle_s = 1.0;  ///< stand (blending from the nominal posture to frame 0) first
  double hold_s = 1.0;    ///< keep the last frame this long after the clip
  double weight = 30;     ///< posture-task weight of driven joints (nominal ones: 0.1)
  /// Targets are sent this far ahead of the clip time, to offset the lag with which the
  /// controller's joints follow posture targets (tracking error is still measured at clip time).
  double lead_s = 0;
  /// Whole-body clips: drive the legs too (the CoM and foot tasks keep balance meanwhile);
  /// false plays only their upper body. Upper-body clips never drive the legs.
  bool drive_legs = true;
};

/// What happened.
struct PlaybackReport {
  std::string clip;
  std::string robot;
  double duration_s = 0;         ///< the clip's duration (tracking is measured over it)
  double tracking_rmse_rad = 0;  ///< RMS over ticks and driven joints, encoder vs. clip
  double max_tracking_error_rad = 0;
  std::string max_error_joint;
  bool balance_held = false;  ///< the run ended without a fall
  int driven_joints = 0;
  bool legs_driven = false;
  runtime::SimRunSummary summary;

  /// The `motion play --json` object.
  nlohmann::json ToJson() const;
};

/// Runs `clip` on `spec` under the whole-body controller in `sim` (scene, seed, noise; its
/// duration and on_tick are set here).
PlaybackReport PlayClip(const model::RobotSpec& spec, const RobotClip& clip,
                        runtime::SimRunOptions sim, const PlaybackOptions& options = {},
                        const runtime::ProgressFn& progress = {});

}  // namespace tianmu::motion
