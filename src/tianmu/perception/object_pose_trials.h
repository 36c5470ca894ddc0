// Object-pose accuracy against simulator ground truth (`tianmu perceive`): trials that lay out
// the tabletop scene at random, render the robot's head camera with its sensor model, run the
// AprilTag and the marker-free paths, and compare what they report with the true poses.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "tianmu/knowledge/object_record.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::perception {

/// Trial settings.
struct ObjectPoseTrialOptions {
  int trials = 20;
  std::uint64_t seed = 1;          ///< trial k draws its layout and noise from seed + k
  bool sensor_noise = true;        ///< apply the camera's robot.yaml noise and depth range
  std::filesystem::path work_dir;  ///< where the tag textures go (must exist)
  /// A detection farther than this from its object's true position counts as a false positive
  /// (and the object as missed).
  double match_distance_m = 0.10;
  /// When set, each trial's camera image is written there as trial_NNN.png (for inspection).
  std::filesystem::path frame_dir;
};

/// Runs the trials with `objects` (the tabletop scene's knowledge-base records) and returns the
/// figures: tagged_detection_rate, tagged_position_error_cm_p50/p95,
/// untagged_detection_rate, untagged_position_error_cm_p50/p95, orientation_error_deg_p50,
/// false_positives_per_frame, the acceptance subsets (tagged within 1.5 m, untagged within
/// 1.2 m), and breakdowns per object and per distance band (0.5-1, 1-1.5, 1.5-2 m).
/// InputError when the robot has no head camera with depth.
nlohmann::json RunObjectPoseTrials(const model::RobotSpec& spec,
                                   const std::vector<knowledge::ObjectRecord>& objects,
                                   const ObjectPoseTrialOptions& options);

}  // namespace tianmu::perception
