#include "tianmu/control/locomotion/step_adjustment.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "tianmu/control/locomotion/dcm_planner.h"

namespace tianmu::control::locomotion {

Eigen::Vector2d PredictDcm(const Eigen::Vector2d& dcm_m, const Eigen::Vector2d& cop_m,
                           double omega_per_s, double time_s) {
  return cop_m + std::exp(omega_per_s * time_s) * (dcm_m - cop_m);
}

StepAdjuster::StepAdjuster(const LocomotionConfig& config)
    : config_(config), planner_(config), omega_(config.omega()) {}

FootPose StepAdjuster::AdjustStep(const Eigen::Vector2d& dcm_m, const Eigen::Vector2d& cop_m,
                                  double time_remaining_s, const Eigen::Vector2d& nominal_offset_m,
                                  const FootPose& stance, FootSide swing_side,
                                  const FootPose& nominal_target, bool* clamped,
                                  bool recovery) const {
  const Eigen::Vector2d predicted =
      PredictDcm(dcm_m, cop_m, omega_, std::max(time_remaining_s, 0.0));
  FootPose target = nominal_target;
  target.position_m.head<2>() =
      predicted -
      (recovery ? RecoveryOffset(stance, predicted, nominal_offset_m.norm()) : nominal_offset_m);
  return planner_.ClampToReachable(
      stance, swing_side, target, clamped, config_.recovery_reach_scale,
      recovery ? config_.recovery_max_step_width_m : config_.adjusted_max_step_width_m);
}

namespace {

// Prediction steps no longer than this (s): saturation starts and ends on this grid.
constexpr double kPredictionStepS = 0.005;

// One prediction step of `h_s`: the reference diverges from its held CoP; the error decays
// exactly while the commanded CoP is on the sole, else the DCM diverges from the clipped CoP.
void StepTrackedDcm(const SwingDcm& state, double omega, double gain, double h_s,
                    Eigen::Vector2d* dcm, Eigen::Vector2d* dcm_ref) {
  const Eigen::Vector2d error = *dcm - *dcm_ref;
  const Eigen::Vector2d command = state.cop_ref_m + (1 + gain) * error;
  const Eigen::Vector2d cop = state.support.Clip(command);
  const double grow = std::exp(omega * h_s);
  *dcm_ref = state.cop_ref_m + grow * (*dcm_ref - state.cop_ref_m);
  if ((cop - command).squaredNorm() < 1e-12) {
    *dcm = *dcm_ref + std::exp(-omega * gain * h_s) * error;
  } else {
    *dcm = cop + grow * (*dcm - cop);
  }
}

}  // namespace

Eigen::Vector2d StepAdjuster::PredictTrackedDcm(const SwingDcm& state, double time_s) const {
  Eigen::Vector2d dcm = state.dcm_m, dcm_ref = state.dcm_ref_m;
  time_s = std::max(time_s, 0.0);
  const int steps = static_cast<int>(std::ceil(time_s / kPredictionStepS));
  for (int i = 0; i < steps; ++i) {
    StepTrackedDcm(state, omega_, config_.dcm_gain, time_s / steps, &dcm, &dcm_ref);
  }
  return dcm;
}

TimedStep StepAdjuster::AdjustStepAndTiming(const SwingDcm& state, double longest_s,
                                            double shortest_s,
                                            const Eigen::Vector2d& nominal_offset_m,
                                            const FootPose& stance, FootSide swing_side,
                                            const FootPose& nominal_target) const {
  constexpr int kTimings = 8;
  // A shorter swing must gain at least this much reach to be worth its accelerations (m).
  constexpr double kWorthwhileM = 0.005;
  longest_s = std::max(longest_s, 0.0);
  shortest_s = std::clamp(shortest_s, 0.0, longest_s);
  // Touchdown k is longest − (longest − shortest) k / 7 from now; one forward pass predicts the
  // DCM at all of them, shortest first.
  std::array<double, kTimings> remaining{};
  std::array<Eigen::Vector2d, kTimings> predicted{};
  Eigen::Vector2d dcm = state.dcm_m, dcm_ref = state.dcm_ref_m;
  double now_s = 0;
  for (int k = kTimings - 1; k >= 0; --k) {
    remaining[k] = longest_s - (longest_s - shortest_s) * k / (kTimings - 1);
    const double span_s = remaining[k] - now_s;
    const int steps = static_cast<int>(std::ceil(span_s / kPredictionStepS));
    for (int i = 0; i < steps; ++i) {
      StepTrackedDcm(state, omega_, config_.dcm_gain, span_s / steps, &dcm, &dcm_ref);
    }
    now_s = remaining[k];
    predicted[k] = dcm;
  }
  TimedStep best;
  for (int k = 0; k < kTimings; ++k) {
    const Eigen::Vector2d wanted = predicted[k] - nominal_offset_m;
    FootPose target = nominal_target;
    target.position_m.head<2>() = wanted;
    target =
        planner_.ClampToReachable(stance, swing_side, target, nullptr, config_.recovery_reach_scale,
                                  config_.adjusted_max_step_width_m);
    const double shortfall = (target.position_m.head<2>() - wanted).norm();
    if (k == 0 || shortfall < best.reach_shortfall_m - kWorthwhileM) {
      best = {target, remaining[k], shortfall};
    }
    if (shortfall < 1e-6 || longest_s - shortest_s <= 0) break;
  }
  return best;
}

Eigen::Vector2d RecoveryOffset(const FootPose& stance, const Eigen::Vector2d& dcm_m,
                               double distance_m) {
  const Eigen::Vector2d away = dcm_m - stance.position_m.head<2>();
  const double norm = away.norm();
  if (norm < 1e-9) return Eigen::Vector2d::Zero();
  return -distance_m / norm * away;
}

bool StepAdjuster::ShouldStep(const Eigen::Vector2d& dcm_m,
                              const SupportPolygon& cop_region) const {
  return cop_region.SignedDistance(dcm_m) > config_.step_trigger_margin_m;
}

RecoveryStep StepAdjuster::PlanRecoveryStep(const Eigen::Vector2d& dcm_m, const FootPose& left,
                                            const FootPose& right) const {
  constexpr int kDurations = 8;
  const double slowest = config_.single_support_duration_s();
  const double fastest = std::min(config_.min_swing_duration_s, slowest);
  const FootPose* feet[2] = {&left, &right};
  // Ties (e.g. a straight push forwards) go to the foot on the side the DCM is offset to.
  const Eigen::Vector2d middle = 0.5 * (left.position_m.head<2>() + right.position_m.head<2>());
  const double heading = std::atan2(std::sin(left.yaw_rad) + std::sin(right.yaw_rad),
                                    std::cos(left.yaw_rad) + std::cos(right.yaw_rad));
  const double lateral = (Rotation2d(heading).transpose() * (dcm_m - middle)).y();
  const FootSide preferred = lateral >= 0 ? FootSide::kLeft : FootSide::kRight;

  // A capturing step must be this much shorter than a slower one to be preferred (m).
  constexpr double kShorterStepM = 0.01;
  RecoveryStep best;
  double best_length = 0;
  bool have_best = false;
  for (FootSide side : {preferred, Other(preferred)}) {
    const FootPose& stance = *feet[Index(Other(side))];
    const Eigen::Vector2d stance_xy = stance.position_m.head<2>();
    // Nominal offset b from the plan "hold on the stance foot, land beside it, settle between
    // the feet": the DCM at touchdown relative to the landing foot.
    const FootPose beside = planner_.SideBySide(stance, side);
    const Eigen::Vector2d settle = 0.5 * (stance_xy + beside.position_m.head<2>());
    const double decay =
        std::exp(-omega_ * DcmPlanner::kTransferSplit * config_.final_transfer_duration_s);
    const Eigen::Vector2d offset =
        stance_xy + decay * (settle - stance_xy) - beside.position_m.head<2>();
    // While the foot swings, the CoP stays on the stance sole as close to the DCM as it gets.
    const Eigen::Vector2d cop = SupportPolygon::FromFoot(stance, config_.foot_length_m,
                                                         config_.foot_width_m, config_.cop_margin_m)
                                    .Clip(dcm_m);
    for (int k = 0; k < kDurations; ++k) {
      const double duration = slowest - (slowest - fastest) * k / (kDurations - 1);
      RecoveryStep step;
      step.swing_side = side;
      step.swing_duration_s = duration;
      step.predicted_dcm_m = PredictDcm(dcm_m, cop, omega_, duration);
      // The landing foot goes |b| beyond the predicted DCM along the line from the stance foot:
      // the DCM lands between the feet whichever way the push went (the "beside" offset alone
      // would leave it outside the support after a long step forwards or backwards).
      step.nominal_offset_m = RecoveryOffset(stance, step.predicted_dcm_m, offset.norm());
      FootPose target = beside;
      target.position_m.head<2>() = step.predicted_dcm_m - step.nominal_offset_m;
      step.cop_m = cop;
      step.target =
          planner_.ClampToReachable(stance, side, target, nullptr, config_.recovery_reach_scale,
                                    config_.recovery_max_step_width_m);
      const FootPose& new_left = side == FootSide::kLeft ? step.target : stance;
      const FootPose& new_right = side == FootSide::kLeft ? stance : step.target;
      step.residual_m = SupportPolygon::FromFeet(new_left, new_right, config_.foot_length_m,
                                                 config_.foot_width_m, config_.cop_margin_m)
                            .SignedDistance(step.predicted_dcm_m);
      // Captured with some room: the DCM at least a CoP margin inside the new support.
      step.capturable = step.residual_m <= -config_.cop_margin_m;
      // Of the steps that capture the DCM, the shortest (from the side-by-side pose): a slow
      // swing lets the DCM run sideways off the stance sole and ends in a long diagonal reach.
      // Within a centimetre, the slower one (tried first).
      const double length = (step.target.position_m.head<2>() - beside.position_m.head<2>()).norm();
      const bool better = !have_best || (step.capturable && !best.capturable) ||
                          (step.capturable == best.capturable &&
                           (step.capturable ? length < best_length - kShorterStepM
                                            : step.residual_m < best.residual_m - 1e-4));
      if (better) {
        best = step;
        best_length = length;
        have_best = true;
      }
    }
  }
  return best;
}

}  // namespace tianmu::control::locomotion
