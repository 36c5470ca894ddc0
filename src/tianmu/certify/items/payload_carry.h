// The payload measurement of `perf.payload`: a box from the knowledge base, made `mass_kg`
// heavy, is held between the palms by friction (skills::BoxHold, no weld) and carried 5 m at
// 0.3 m/s on flat ground. Judged from simulator ground truth: a fall, a drop (the box's centre
// 10 cm below where the palms hold it) or a hold that never closes fails the run.
#pragma once

#include <cstdint>
#include <string>

#include "tianmu/model/robot_spec.h"

namespace tianmu::certify {

/// What to carry and how far.
struct PayloadCarryOptions {
  double mass_kg = 5;
  double distance_m = 5;
  double speed_mps = 0.3;
  std::uint64_t seed = 1;
  std::string box_id = "carton_300x300x200_5kg";  ///< knowledge-base box (its size and friction)
};

/// One carry.
struct PayloadCarryResult {
  bool carried = false;  ///< the distance covered with the box held and no fall
  bool fell = false;
  bool dropped = false;
  bool reached = false;          ///< the palms closed on the box
  double distance_m = 0;         ///< base travel while carrying (ground truth)
  double lowest_box_drop_m = 0;  ///< largest sag of the box below its hold height
  double squeeze_N = 0;          ///< per palm
  double simulated_s = 0;
  std::string reason;  ///< why it failed ("fall", "drop", "unreachable", "timeout"), or empty
};

/// Runs one carry on `spec` (RuntimeError/InputError when the box is not in the starter set or
/// the robot has no two hands).
PayloadCarryResult RunPayloadCarry(const model::RobotSpec& spec,
                                   const PayloadCarryOptions& options);

}  // namespace tianmu::certify
