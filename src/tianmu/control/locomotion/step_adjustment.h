// StepAdjuster: where to put the next foot when the CoP alone cannot keep the DCM on its reference
// (Khadiv et al., IEEE T-RO 2020, in its simple form): predict the DCM at touchdown with the CoP
// held where it is, place the foot so the nominal DCM offset is restored, clamp to reach. Standing:
// decide when and with which foot (and how fast) to step after a push.
#pragma once

#include <Eigen/Dense>

#include "tianmu/control/locomotion/footstep.h"
#include "tianmu/control/locomotion/footstep_planner.h"
#include "tianmu/control/locomotion/locomotion_config.h"
#include "tianmu/control/locomotion/support_polygon.h"

namespace tianmu::control::locomotion {

/// The DCM after `time_s` with the CoP held at `cop_m`: p + e^(ω t)(ξ − p) (world x, y; m).
Eigen::Vector2d PredictDcm(const Eigen::Vector2d& dcm_m, const Eigen::Vector2d& cop_m,
                           double omega_per_s, double time_s);

/// The offset b = ξ_td − p_target of a push-recovery step: `distance_m` from the DCM `dcm_m` back
/// towards the stance foot, so the foot lands beyond the DCM on the line from the stance foot.
Eigen::Vector2d RecoveryOffset(const FootPose& stance, const Eigen::Vector2d& dcm_m,
                               double distance_m);

/// The DCM in single support and what the walking CoP law p = clip(p_ref + (1 + k/ω)(ξ − ξ_ref))
/// will do with it until touchdown.
struct SwingDcm {
  Eigen::Vector2d dcm_m = Eigen::Vector2d::Zero();      ///< measured DCM ξ (world x, y)
  Eigen::Vector2d dcm_ref_m = Eigen::Vector2d::Zero();  ///< its reference ξ_ref now
  Eigen::Vector2d cop_ref_m = Eigen::Vector2d::Zero();  ///< reference CoP, held until touchdown
  SupportPolygon support;                               ///< where the CoP can be: the stance sole
};

/// A walking footstep moved in place and time.
struct TimedStep {
  FootPose target;               ///< landing pose (reachable)
  double time_remaining_s = 0;   ///< touchdown this long from now
  double reach_shortfall_m = 0;  ///< how far the wanted landing point lies beyond reach
};

/// A push-recovery step chosen while standing.
struct RecoveryStep {
  FootSide swing_side = FootSide::kLeft;
  FootPose target;                                  ///< landing pose (reachable)
  double swing_duration_s = 0;                      ///< lift-off now, touchdown after this
  Eigen::Vector2d cop_m = Eigen::Vector2d::Zero();  ///< CoP held on the stance sole meanwhile
  Eigen::Vector2d predicted_dcm_m = Eigen::Vector2d::Zero();   ///< DCM at touchdown
  Eigen::Vector2d nominal_offset_m = Eigen::Vector2d::Zero();  ///< b = ξ_td,nominal − p_target
  double residual_m = 0;    ///< signed distance of the predicted DCM to the new CoP region
  bool capturable = false;  ///< the predicted DCM lies inside the new CoP region
};

/// Footstep adjustment for walking and push-recovery steps for standing.
class StepAdjuster {
 public:
  explicit StepAdjuster(const LocomotionConfig& config);

  /// Walking, single support: the landing pose of foot `swing_side` that puts the measured DCM
  /// `nominal_offset_m` (b = ξ_eos,ref − p_next,ref) from it at touchdown, given the CoP `cop_m`
  /// held for the remaining `time_remaining_s`. Keeps the yaw and height of `nominal_target`;
  /// clamped to the stance foot's reach, recovery_reach_scale times the walking limits
  /// (`*clamped` set when it was). `recovery`: a push-recovery step, whose offset keeps its
  /// length but points from the predicted DCM back to the stance foot (RecoveryOffset).
  FootPose AdjustStep(const Eigen::Vector2d& dcm_m, const Eigen::Vector2d& cop_m,
                      double time_remaining_s, const Eigen::Vector2d& nominal_offset_m,
                      const FootPose& stance, FootSide swing_side, const FootPose& nominal_target,
                      bool* clamped = nullptr, bool recovery = false) const;

  /// The DCM `time_s` from now under the walking CoP law with gain dcm_gain: the error decays as
  /// e^(−k t) while the commanded CoP is on the sole and grows from the clipped CoP while not.
  Eigen::Vector2d PredictTrackedDcm(const SwingDcm& state, double time_s) const;

  /// Walking step timing adaptation (Khadiv et al., Humanoids 2016, in its simple form): the
  /// landing pose that puts the DCM predicted under the walking CoP law `nominal_offset_m` from
  /// it, for touchdown `longest_s` from now and for earlier touchdowns down to `shortest_s`.
  /// Keeps the latest touchdown whose target is within reach; if none is, the one whose clamped
  /// target falls least short of the wanted one (landing sooner lets the DCM run away less).
  TimedStep AdjustStepAndTiming(const SwingDcm& state, double longest_s, double shortest_s,
                                const Eigen::Vector2d& nominal_offset_m, const FootPose& stance,
                                FootSide swing_side, const FootPose& nominal_target) const;

  /// Standing: true when the DCM lies more than step_trigger_margin_m outside `cop_region`.
  bool ShouldStep(const Eigen::Vector2d& dcm_m, const SupportPolygon& cop_region) const;

  /// Standing: the recovery step for DCM `dcm_m`. Tries both feet and swing durations from the
  /// nominal single support down to min_swing_duration_s; of the steps after which the DCM is
  /// inside the new support, takes the shortest (distance from the side-by-side pose; the slower
  /// of two within 1 cm). If none is, the one leaving it least outside. Ties go to the foot on
  /// the side the DCM leaves towards.
  RecoveryStep PlanRecoveryStep(const Eigen::Vector2d& dcm_m, const FootPose& left,
                                const FootPose& right) const;

 private:
  LocomotionConfig config_;
  FootstepPlanner planner_;
  double omega_;
};

}  // namespace tianmu::control::locomotion
