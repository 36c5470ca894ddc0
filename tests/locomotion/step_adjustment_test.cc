#include "tianmu/control/locomotion/step_adjustment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "closed_loop.h"
#include "test_robots.h"

namespace tianmu::control::locomotion {
namespace {

TEST(StepAdjustment, PredictsTheDcmDivergingFromAFixedCop) {
  const Eigen::Vector2d p(0.1, 0), xi(0.15, 0.02);
  const Eigen::Vector2d predicted = PredictDcm(xi, p, 3.0, 0.4);
  EXPECT_LT((predicted - (p + std::exp(1.2) * (xi - p))).norm(), 1e-12);
  EXPECT_LT((PredictDcm(xi, p, 3.0, 0) - xi).norm(), 1e-15);
}

TEST(StepAdjustment, KeepsTheNominalStepWhenTheDcmIsOnItsReference) {
  // On the nominal plan the predicted end-of-step DCM is the reference one, so the step stays.
  const LocomotionConfig& c = TestConfig("tm1");
  const StepAdjuster adjuster(c);
  const double omega = c.omega();
  const FootPose stance = Foot(0, -0.09), target = Foot(0.2, 0.09);
  const Eigen::Vector2d cop = stance.position_m.head<2>();
  const Eigen::Vector2d end_dcm(0.16, 0.02);
  const double remaining = 0.3;
  const Eigen::Vector2d dcm_now = cop + std::exp(-omega * remaining) * (end_dcm - cop);
  const Eigen::Vector2d offset = end_dcm - target.position_m.head<2>();
  bool clamped = true;
  const FootPose adjusted = adjuster.AdjustStep(dcm_now, cop, remaining, offset, stance,
                                                FootSide::kLeft, target, &clamped);
  EXPECT_LT((adjusted.position_m - target.position_m).norm(), 1e-12);
  EXPECT_FALSE(clamped);
}

TEST(StepAdjustment, MovesTheStepWithTheDcmErrorAndClampsItToTheLegsReach) {
  const LocomotionConfig& c = TestConfig("tm1");
  const StepAdjuster adjuster(c);
  const FootPose stance = Foot(0, -0.09), target = Foot(0.2, 0.09);
  const Eigen::Vector2d cop = stance.position_m.head<2>();
  const Eigen::Vector2d offset(-0.05, -0.07);
  // 1 cm more DCM forward now is e^(ω t_r) cm more at touchdown: the foot moves as much.
  const double remaining = 0.2;
  const Eigen::Vector2d base =
      Eigen::Vector2d(0.05, 0) + std::exp(-c.omega() * remaining) * Eigen::Vector2d(0.1, 0.01);
  const FootPose a =
      adjuster.AdjustStep(base, cop, remaining, offset, stance, FootSide::kLeft, target);
  const FootPose b = adjuster.AdjustStep(base + Eigen::Vector2d(0.01, 0), cop, remaining, offset,
                                         stance, FootSide::kLeft, target);
  EXPECT_NEAR(b.position_m.x() - a.position_m.x(), 0.01 * std::exp(c.omega() * remaining), 1e-9);
  // A DCM far off to the right would need the left foot to cross the right one: it stops at the
  // minimum width instead.
  bool clamped = false;
  const FootPose crossing = adjuster.AdjustStep(Eigen::Vector2d(0.05, -0.4), cop, remaining, offset,
                                                stance, FootSide::kLeft, target, &clamped);
  EXPECT_TRUE(clamped);
  EXPECT_NEAR(crossing.position_m.y() - stance.position_m.y(), c.min_step_width_m, 1e-12);
}

TEST(StepAdjustment, AnOutOfReachFootstepLandsSoonerAndAReachableOneKeepsItsTime) {
  const LocomotionConfig& c = TestConfig("tm1");
  const StepAdjuster adjuster(c);
  // Right foot in stance, left foot swinging 0.3 s more; the plan's CoP on the stance sole.
  const FootPose stance = Foot(0, -0.09), target = Foot(0.2, 0.09);
  SwingDcm state;
  state.cop_ref_m = stance.position_m.head<2>();
  state.support = SupportPolygon::FromFoot(stance, c.foot_length_m, c.foot_width_m, c.cop_margin_m);
  state.dcm_ref_m = Eigen::Vector2d(0.06, -0.05);
  const Eigen::Vector2d offset(-0.05, -0.07);
  const double longest = 0.3, shortest = 0.1;
  // On its reference: the DCM stays on plan, the step keeps its time and place.
  state.dcm_m = state.dcm_ref_m;
  const TimedStep nominal = adjuster.AdjustStepAndTiming(state, longest, shortest, offset, stance,
                                                         FootSide::kLeft, Foot(0, 0.09));
  EXPECT_NEAR(nominal.time_remaining_s, longest, 1e-12);
  EXPECT_LT(nominal.reach_shortfall_m, 1e-6);
  // Pushed hard to the left (away from the stance foot): the DCM saturates the CoP and runs off;
  // at the planned touchdown the foot could not reach it, so it lands sooner, and falls less
  // short of the wanted place than it would at the planned time.
  state.dcm_m = state.dcm_ref_m + Eigen::Vector2d(0, 0.25);
  const TimedStep hurried = adjuster.AdjustStepAndTiming(state, longest, shortest, offset, stance,
                                                         FootSide::kLeft, target);
  const TimedStep late = adjuster.AdjustStepAndTiming(state, longest, longest, offset, stance,
                                                      FootSide::kLeft, target);
  EXPECT_GT(late.reach_shortfall_m, 0.05);
  EXPECT_LT(hurried.time_remaining_s, longest - 0.02);
  EXPECT_GE(hurried.time_remaining_s, shortest - 1e-12);
  EXPECT_LT(hurried.reach_shortfall_m, late.reach_shortfall_m - 0.005);
}

TEST(StepAdjustment, StandingStepsOnlyWhenTheDcmLeavesTheFeet) {
  const LocomotionConfig& c = TestConfig("tm1");
  const StepAdjuster adjuster(c);
  const FootPose left = Foot(0, 0.09), right = Foot(0, -0.09);
  const SupportPolygon region =
      SupportPolygon::FromFeet(left, right, c.foot_length_m, c.foot_width_m, c.cop_margin_m);
  EXPECT_FALSE(adjuster.ShouldStep(Eigen::Vector2d(0.05, 0.05), region));
  EXPECT_FALSE(adjuster.ShouldStep(
      Eigen::Vector2d(0.5 * c.foot_length_m - c.cop_margin_m + 0.5 * c.step_trigger_margin_m, 0),
      region));
  EXPECT_TRUE(adjuster.ShouldStep(
      Eigen::Vector2d(0.5 * c.foot_length_m - c.cop_margin_m + 2 * c.step_trigger_margin_m, 0),
      region));
}

TEST(StepAdjustment, RecoveryStepUsesTheFootOnTheSideTheDcmLeavesTowards) {
  const LocomotionConfig& c = TestConfig("tm1");
  const StepAdjuster adjuster(c);
  const FootPose left = Foot(0, 0.09), right = Foot(0, -0.09);
  const double edge = 0.09 + 0.5 * c.foot_width_m;
  const RecoveryStep to_left =
      adjuster.PlanRecoveryStep(Eigen::Vector2d(0, edge + 0.01), left, right);
  EXPECT_EQ(to_left.swing_side, FootSide::kLeft);
  EXPECT_GT(to_left.target.position_m.y(), left.position_m.y());
  const RecoveryStep to_right =
      adjuster.PlanRecoveryStep(Eigen::Vector2d(0.02, -edge - 0.01), left, right);
  EXPECT_EQ(to_right.swing_side, FootSide::kRight);
  EXPECT_LT(to_right.target.position_m.y(), right.position_m.y());
  // Forwards, a little to the left: a step forwards, and the DCM ends inside the new support.
  const RecoveryStep forward =
      adjuster.PlanRecoveryStep(Eigen::Vector2d(0.5 * c.foot_length_m + 0.03, 0.01), left, right);
  EXPECT_GT(forward.target.position_m.x(), 0.1);
  EXPECT_TRUE(forward.capturable);
  EXPECT_LT(forward.residual_m, 0);
  EXPECT_GE(forward.swing_duration_s, c.min_swing_duration_s - 1e-12);
  EXPECT_LE(forward.swing_duration_s, c.single_support_duration_s() + 1e-12);
}

// A standing pendulum kicked in direction `angle_rad` by `kick_mps`, left alone for 5 s.
struct PushOutcome {
  bool fallen = false;
  bool standing = false;
  int steps = 0;
  double dcm_outside_m = 0;  ///< DCM distance outside the final feet (negative inside)
  double speed_mps = 0;      ///< final CoM speed
};

PushOutcome PushStanding(const LocomotionConfig& config, double angle_rad, double kick_mps) {
  ClosedLoop loop(config);
  loop.Run(0.5);
  loop.lipm().velocity_mps += kick_mps * Eigen::Vector2d(std::cos(angle_rad), std::sin(angle_rad));
  PushOutcome out;
  for (int tick = 0; tick < 5000 && !out.fallen; ++tick) {
    loop.Tick();
    out.fallen = loop.Fallen();
  }
  out.standing = loop.reference().state == WalkingState::kStanding;
  out.steps = loop.reference().step_count;
  out.dcm_outside_m = loop.DcmOutsideFeet();
  out.speed_mps = loop.lipm().velocity_mps.norm();
  return out;
}

class PushRecovery : public ::testing::TestWithParam<std::string> {};

// Kicks (m/s of CoM velocity) that neither reference robot survives with its ankles alone and
// both survive by stepping. Largest kicks survived (tm1 / tm1s, 0.05 m/s grid): ankles only 0.30 /
// 0.25 forwards or backwards, 0.45 / 0.35 diagonally, 0.40 / 0.40 sideways; stepping 1.75 / 1.70
// forwards, 1.40 / 1.20 backwards, 0.95 / 0.80 diagonally, 0.65 / 0.55 sideways.
struct Kick {
  double angle_deg;
  double speed_mps;
};
constexpr Kick kKicks[] = {{0, 0.6}, {45, 0.7}, {90, 0.5}, {135, 0.7}, {180, 0.6}, {-90, 0.5}};

TEST_P(PushRecovery, KickThatTopplesAnAnkleOnlyStanceIsCapturedBySteps) {
  LocomotionConfig config = TestConfig(GetParam());
  for (const Kick& kick : kKicks) {
    const double angle = kick.angle_deg * M_PI / 180;
    config.push_recovery_steps = false;
    const PushOutcome ankle = PushStanding(config, angle, kick.speed_mps);
    EXPECT_TRUE(ankle.fallen) << kick.angle_deg << " deg, " << kick.speed_mps << " m/s";
    config.push_recovery_steps = true;
    const PushOutcome stepping = PushStanding(config, angle, kick.speed_mps);
    std::printf("%s: %.2f m/s kick at %+4.0f deg: without steps %s, with %d step(s) %s\n",
                GetParam().c_str(), kick.speed_mps, kick.angle_deg,
                ankle.fallen ? "falls" : "stands", stepping.steps,
                stepping.fallen ? "falls" : "stands");
    EXPECT_FALSE(stepping.fallen) << kick.angle_deg << " deg";
    EXPECT_TRUE(stepping.standing) << kick.angle_deg << " deg";
    EXPECT_GE(stepping.steps, 1);
    // Captured: the DCM ends inside the new support and the pendulum comes to rest.
    EXPECT_LT(stepping.dcm_outside_m, 0) << kick.angle_deg << " deg";
    EXPECT_LT(stepping.speed_mps, 0.01) << kick.angle_deg << " deg";
  }
}

TEST_P(PushRecovery, SmallKickIsAbsorbedByTheAnklesWithoutStepping) {
  const PushOutcome outcome = PushStanding(TestConfig(GetParam()), 0, 0.2);
  EXPECT_FALSE(outcome.fallen);
  EXPECT_EQ(outcome.steps, 0);
  EXPECT_LT(outcome.speed_mps, 1e-3);
}

// A pendulum walking at 0.3 m/s kicked at eight instants over a stride (every quarter step).
// Returns true if it walks on with the DCM back on its reference within 1 cm after 4 s.
bool SurvivesKickWhileWalking(const LocomotionConfig& config, double angle_rad, double kick_mps) {
  for (int k = 0; k < 8; ++k) {
    ClosedLoop loop(config);
    loop.generator().RequestWalk();
    loop.input().command = {0.3, 0, 0};
    loop.Run(3.0 + k * config.step_duration_s / 4);
    loop.lipm().velocity_mps +=
        kick_mps * Eigen::Vector2d(std::cos(angle_rad), std::sin(angle_rad));
    for (int tick = 0; tick < 5000; ++tick) {
      loop.Tick();
      if (loop.Fallen()) return false;
    }
    const LocomotionReference& r = loop.reference();
    if ((r.dcm_measured_m - r.dcm_reference_m).norm() > 0.01) return false;
    if (r.state != WalkingState::kWalking) return false;
  }
  return true;
}

TEST_P(PushRecovery, StepAdjustmentCapturesKicksWhileWalking) {
  // Largest kicks survived at every phase (tm1 / tm1s, 0.05 m/s grid): with fixed footsteps 0.30 /
  // 0.25 m/s forwards or backwards and 0.15 / 0.10 sideways; adjusting footsteps 0.70 / 0.55 and
  // 0.25 / 0.20 (sideways the swing foot may not cross the stance foot).
  LocomotionConfig config = TestConfig(GetParam());
  const Kick kicks[] = {{0, 0.45}, {180, 0.45}, {90, 0.18}, {-90, 0.18}};
  for (const Kick& kick : kicks) {
    const double angle = kick.angle_deg * M_PI / 180;
    config.step_adjustment = false;
    EXPECT_FALSE(SurvivesKickWhileWalking(config, angle, kick.speed_mps)) << kick.angle_deg;
    config.step_adjustment = true;
    EXPECT_TRUE(SurvivesKickWhileWalking(config, angle, kick.speed_mps)) << kick.angle_deg;
  }
}

INSTANTIATE_TEST_SUITE_P(ReferenceRobots, PushRecovery, ::testing::Values("tm1", "tm1s"));

}  // namespace
}  // namespace tianmu::control::locomotion
