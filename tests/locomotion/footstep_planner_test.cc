#include "tianmu/control/locomotion/footstep_planner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "test_robots.h"

namespace tianmu::control::locomotion {
namespace {

// Walks `count` steps from standing feet with `command`, starting with the planner's leading
// foot; returns the footsteps in order (the initial stance foot first).
std::vector<Footstep> Walk(const FootstepPlanner& planner, const VelocityCommand& command,
                           int count) {
  const double half = 0.5 * planner.config().nominal_step_width_m;
  const FootPose left = Foot(0, half), right = Foot(0, -half);
  const FootSide lead = planner.LeadingSide(command, left, right);
  std::vector<Footstep> steps;
  Footstep stance;
  stance.side = Other(lead);
  stance.pose = lead == FootSide::kLeft ? right : left;
  steps.push_back(stance);
  // Re-plan from each new stance foot, as the pattern generator does at every touchdown.
  for (int i = 0; i < count; ++i) {
    FootstepPlan plan;
    planner.Plan(steps.back().pose, steps.back().side, command, i * 0.5, 3, &plan);
    steps.push_back(plan.steps[0]);
  }
  return steps;
}

// The swing foot's offset from the stance foot in the stance foot's frame (x forward, y left).
Eigen::Vector2d Relative(const FootPose& stance, const FootPose& foot) {
  return Rotation2d(stance.yaw_rad).transpose() *
         (foot.position_m.head<2>() - stance.position_m.head<2>());
}

class Footsteps : public ::testing::TestWithParam<std::string> {
 protected:
  const LocomotionConfig& config() const { return TestConfig(GetParam()); }
};

TEST_P(Footsteps, ForwardCommandAdvancesVxTimesStepDurationPerStepWithAlternatingFeet) {
  const FootstepPlanner planner(config());
  const double t = config().step_duration_s;
  const std::vector<Footstep> steps = Walk(planner, {0.5, 0, 0}, 10);
  for (std::size_t i = 1; i < steps.size(); ++i) {
    EXPECT_NE(steps[i].side, steps[i - 1].side) << "step " << i;
    // Side by side at the nominal width all along a straight walk.
    EXPECT_NEAR(LateralSign(steps[i].side) * Relative(steps[i - 1].pose, steps[i].pose).y(),
                config().nominal_step_width_m, 1e-9);
  }
  const double advance =
      (steps.back().pose.position_m.x() - steps.front().pose.position_m.x()) / 10;
  EXPECT_NEAR(advance, 0.5 * t, 1e-9);
}

TEST_P(Footsteps, LateralCommandLeadsWithTheFootOnTheSideOfMotionAndNeverCrosses) {
  const FootstepPlanner planner(config());
  const double t = config().step_duration_s;
  for (double vy : {0.1, -0.1}) {
    const std::vector<Footstep> steps = Walk(planner, {0, vy, 0}, 10);
    EXPECT_EQ(steps[1].side, vy > 0 ? FootSide::kLeft : FootSide::kRight);
    // The leading foot opens by 2·vy·T, the trailing one closes to the nominal width.
    for (std::size_t i = 1; i < steps.size(); ++i) {
      const double width =
          LateralSign(steps[i].side) * Relative(steps[i - 1].pose, steps[i].pose).y();
      EXPECT_GE(width, config().min_step_width_m - 1e-12);
      const bool leading = (steps[i].side == FootSide::kLeft) == (vy > 0);
      EXPECT_NEAR(width, config().nominal_step_width_m + (leading ? 2 * std::abs(vy) * t : 0),
                  1e-9);
    }
    // 10 steps = 5 leading steps of 2·vy·T; the first and last footsteps are the same foot.
    const double per_step =
        (steps.back().pose.position_m.y() - steps.front().pose.position_m.y()) / 10;
    EXPECT_NEAR(per_step, vy * t, 1e-9);
  }
}

TEST_P(Footsteps, YawCommandTurnsByYawRateTimesStepDurationPerStep) {
  const FootstepPlanner planner(config());
  const double t = config().step_duration_s;
  const double wz = 0.3;
  const std::vector<Footstep> steps = Walk(planner, {0, 0, wz}, 10);
  EXPECT_EQ(steps[1].side, FootSide::kLeft);  // turning left opens the left foot first
  const double turned = steps.back().pose.yaw_rad - steps.front().pose.yaw_rad;
  EXPECT_NEAR(turned, 10 * wz * t, 1e-9);
  // Turning in place: the feet stay at least the minimum width apart and toe out, never in.
  for (std::size_t i = 1; i < steps.size(); ++i) {
    const Eigen::Vector2d d = Relative(steps[i - 1].pose, steps[i].pose);
    EXPECT_GE(LateralSign(steps[i].side) * d.y(), config().min_step_width_m);
    EXPECT_GE(
        LateralSign(steps[i].side) * WrapAngle(steps[i].pose.yaw_rad - steps[i - 1].pose.yaw_rad),
        -1e-12);
  }
}

TEST_P(Footsteps, ZeroCommandWalksInPlace) {
  const FootstepPlanner planner(config());
  const std::vector<Footstep> steps = Walk(planner, {0, 0, 0}, 6);
  for (std::size_t i = 1; i < steps.size(); ++i) {
    EXPECT_TRUE(planner.IsSideBySide(steps[i - 1].pose, steps[i].side, steps[i].pose));
  }
  EXPECT_NEAR(steps.back().pose.position_m.head<2>().norm(), 0.5 * config().nominal_step_width_m,
              1e-12);
}

TEST_P(Footsteps, TimingAlternatesSwingAndDoubleSupport) {
  const FootstepPlanner planner(config());
  FootstepPlan plan;
  planner.Plan(Foot(0, -0.09), FootSide::kRight, {0.3, 0, 0}, 2.0, 3, &plan);
  ASSERT_EQ(plan.size, 3);
  for (int i = 0; i < plan.size; ++i) {
    EXPECT_NEAR(plan.steps[i].liftoff_time_s, 2.0 + i * config().step_duration_s, 1e-12);
    EXPECT_NEAR(plan.steps[i].touchdown_time_s - plan.steps[i].liftoff_time_s,
                config().single_support_duration_s(), 1e-12);
  }
}

TEST_P(Footsteps, RandomCommandsStayReachableAndNeverCrossTheLegs) {
  const FootstepPlanner planner(config());
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(-1.5, 1.5);  // beyond the limits, then clamped
  FootPose stance = Foot(0, -0.5 * config().nominal_step_width_m);
  FootSide stance_side = FootSide::kRight;
  for (int i = 0; i < 500; ++i) {
    const VelocityCommand raw{unit(rng) * config().max_vx_mps, unit(rng) * config().max_vy_mps,
                              unit(rng) * config().max_wz_radps};
    const VelocityCommand command = ClampCommand(config(), raw).command;
    FootstepPlan plan;
    planner.Plan(stance, stance_side, command, 0, 1, &plan);
    const Footstep& step = plan.steps[0];
    const Eigen::Vector2d d = Relative(stance, step.pose);
    const double width = LateralSign(step.side) * d.y();
    ASSERT_GE(width, config().min_step_width_m - 1e-12) << "step " << i;
    ASSERT_LE(width, config().nominal_step_width_m + config().max_step_width_m + 1e-12);
    ASSERT_LE(d.x(), config().max_step_length_m + 1e-12);
    ASSERT_GE(d.x(), -config().max_step_back_m - 1e-12);
    ASSERT_LE(std::abs(WrapAngle(step.pose.yaw_rad - stance.yaw_rad)),
              config().max_step_yaw_rad + 1e-12);
    stance = step.pose;
    stance_side = step.side;
  }
}

TEST_P(Footsteps, CommandsBeyondTheLimitsAreClampedAndReported) {
  const LocomotionConfig& c = config();
  const ClampedCommand fast = ClampCommand(c, {5, -5, 9});
  EXPECT_TRUE(fast.clamped);
  EXPECT_DOUBLE_EQ(fast.command.vx_mps, c.max_vx_mps);
  EXPECT_DOUBLE_EQ(fast.command.vy_mps, -c.max_vy_mps);
  EXPECT_DOUBLE_EQ(fast.command.wz_radps, c.max_wz_radps);
  const ClampedCommand back = ClampCommand(c, {-5, 0, 0});
  EXPECT_TRUE(back.clamped);
  EXPECT_DOUBLE_EQ(back.command.vx_mps, -c.max_backward_vx_mps);
  const ClampedCommand fine = ClampCommand(c, {0.5 * c.max_vx_mps, 0, 0});
  EXPECT_FALSE(fine.clamped);
  EXPECT_DOUBLE_EQ(fine.command.vx_mps, 0.5 * c.max_vx_mps);
  const ClampedCommand nan = ClampCommand(c, {std::nan(""), 0, 0});
  EXPECT_TRUE(nan.clamped);
  EXPECT_EQ(nan.command.vx_mps, 0);
  // A full-speed command gives steps exactly at the step-length limit, not beyond.
  const FootstepPlanner planner(c);
  const FootPose next =
      planner.NextStep(Foot(0, -0.5 * c.nominal_step_width_m), FootSide::kLeft, fast.command);
  EXPECT_LE(next.position_m.x(), c.max_step_length_m + 1e-12);
}

TEST_P(Footsteps, ClosingStepLandsBesideTheStanceFoot) {
  const FootstepPlanner planner(config());
  const FootPose stance = Foot(1.0, 0.3, 0.7);
  const FootPose closing = planner.SideBySide(stance, FootSide::kRight);
  EXPECT_TRUE(planner.IsSideBySide(stance, FootSide::kRight, closing));
  EXPECT_NEAR((closing.position_m - stance.position_m).norm(), config().nominal_step_width_m,
              1e-12);
  EXPECT_LT(Relative(stance, closing).y(), 0);  // the right foot lands on the right
}

TEST_P(Footsteps, StartsWithTheFootBehindWhenWalkingStraight) {
  const FootstepPlanner planner(config());
  EXPECT_EQ(planner.LeadingSide({0.3, 0, 0}, Foot(-0.1, 0.09), Foot(0, -0.09)), FootSide::kLeft);
  EXPECT_EQ(planner.LeadingSide({0.3, 0, 0}, Foot(0.1, 0.09), Foot(0, -0.09)), FootSide::kRight);
  EXPECT_EQ(planner.LeadingSide({-0.3, 0, 0}, Foot(0.1, 0.09), Foot(0, -0.09)), FootSide::kLeft);
  EXPECT_EQ(planner.LeadingSide({0.3, -0.1, 0}, Foot(0, 0.09), Foot(0, -0.09)), FootSide::kRight);
  EXPECT_EQ(planner.LeadingSide({0, 0, -0.2}, Foot(0, 0.09), Foot(0, -0.09)), FootSide::kRight);
}

INSTANTIATE_TEST_SUITE_P(ReferenceRobots, Footsteps, ::testing::Values("tm1", "tm1s"));

}  // namespace
}  // namespace tianmu::control::locomotion
