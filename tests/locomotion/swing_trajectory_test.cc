#include "tianmu/control/locomotion/swing_trajectory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace tianmu::control::locomotion {
namespace {

FootPose Pose(double x, double y, double z, double yaw) {
  FootPose p;
  p.position_m << x, y, z;
  p.yaw_rad = yaw;
  return p;
}

constexpr double kStart = 1.0;
constexpr double kDuration = 0.43;
constexpr double kApex = 0.07;
constexpr double kLanding = 0.05;

SwingTrajectory Swing(const FootPose& from, const FootPose& to) {
  SwingTrajectory s;
  s.Start(kStart, kDuration, from, to, kApex, kLanding);
  return s;
}

TEST(SwingTrajectory, StartsAndEndsAtRestOnTheFootholdsAndLandsGently) {
  const FootPose from = Pose(0, 0.09, 0, 0), to = Pose(0.5, 0.12, 0.02, 0.3);
  const SwingTrajectory s = Swing(from, to);
  const SwingSample a = s.Evaluate(kStart);
  EXPECT_LT((a.position_m - from.position_m).norm(), 1e-12);
  EXPECT_LT(a.velocity_mps.norm(), 1e-12);
  EXPECT_LT(a.acceleration_mps2.norm(), 1e-12);
  EXPECT_NEAR(a.yaw_rad, 0, 1e-12);
  // Just before touchdown (evaluated inside the interval): on the target, horizontal motion at
  // rest, sinking at the landing speed.
  const SwingSample b = s.Evaluate(kStart + kDuration - 1e-9);
  EXPECT_LT((b.position_m - to.position_m).norm(), 1e-9);
  EXPECT_LT(b.velocity_mps.head<2>().norm(), 1e-6);
  EXPECT_LT(b.acceleration_mps2.norm(), 1e-4);
  EXPECT_NEAR(b.velocity_mps.z(), -kLanding, 1e-6);
  EXPECT_NEAR(b.yaw_rad, 0.3, 1e-9);
  EXPECT_NEAR(b.yaw_rate_radps, 0, 1e-6);
  EXPECT_NEAR(b.yaw_acceleration_radps2, 0, 1e-4);
  // After touchdown: held on the target.
  const SwingSample c = s.Evaluate(kStart + kDuration + 0.1);
  EXPECT_LT((c.position_m - to.position_m).norm(), 1e-12);
  EXPECT_LT(c.velocity_mps.norm(), 1e-12);
}

TEST(SwingTrajectory, RisesToTheApexAboveTheHigherFootholdAtMidSwing) {
  const FootPose from = Pose(0, 0, 0, 0), to = Pose(0.3, 0, 0.05, 0);
  const SwingTrajectory s = Swing(from, to);
  double highest = -1, when = 0;
  for (double t = kStart; t <= kStart + kDuration; t += 1e-4) {
    const double z = s.Evaluate(t).position_m.z();
    if (z > highest) {
      highest = z;
      when = t;
    }
  }
  EXPECT_NEAR(highest, 0.05 + kApex, 1e-9);
  EXPECT_NEAR(when, kStart + 0.5 * kDuration, 1e-3);
  // The sole never dips below the landing height before touchdown.
  for (double t = kStart + 0.5 * kDuration; t < kStart + kDuration; t += 1e-3) {
    EXPECT_GE(s.Evaluate(t).position_m.z(), 0.05 - 1e-9);
  }
}

TEST(SwingTrajectory, VelocityAndAccelerationAreTheDerivativesOfThePath) {
  const SwingTrajectory s = Swing(Pose(0, 0, 0, 0), Pose(0.4, -0.1, 0, -0.4));
  constexpr double kDt = 1e-6;
  for (double t = kStart + 0.01; t < kStart + kDuration - 0.01; t += 0.013) {
    const SwingSample m = s.Evaluate(t - kDt), c = s.Evaluate(t), p = s.Evaluate(t + kDt);
    EXPECT_LT(((p.position_m - m.position_m) / (2 * kDt) - c.velocity_mps).norm(), 1e-5);
    EXPECT_LT(((p.velocity_mps - m.velocity_mps) / (2 * kDt) - c.acceleration_mps2).norm(), 1e-3);
    EXPECT_NEAR((p.yaw_rad - m.yaw_rad) / (2 * kDt), c.yaw_rate_radps, 1e-5);
  }
}

TEST(SwingTrajectory, RetargetingMidSwingIsContinuousAndReachesTheNewTargetAtRest) {
  const FootPose from = Pose(0, 0.09, 0, 0), to = Pose(0.3, 0.09, 0, 0);
  for (double fraction : {0.2, 0.5, 0.8}) {
    SwingTrajectory s = Swing(from, to);
    const double t = kStart + fraction * kDuration;
    const SwingSample before = s.Evaluate(t);
    const FootPose moved = Pose(0.45, 0.2, 0.03, 0.2);
    s.Retarget(t, moved);
    const SwingSample after = s.Evaluate(t);
    EXPECT_LT((after.position_m - before.position_m).norm(), 1e-12) << fraction;
    EXPECT_LT((after.velocity_mps - before.velocity_mps).norm(), 1e-9) << fraction;
    EXPECT_LT((after.acceleration_mps2 - before.acceleration_mps2).norm(), 1e-6) << fraction;
    EXPECT_NEAR(after.yaw_rad, before.yaw_rad, 1e-12);
    EXPECT_NEAR(after.yaw_rate_radps, before.yaw_rate_radps, 1e-9);
    const SwingSample end = s.Evaluate(kStart + kDuration - 1e-9);
    EXPECT_LT((end.position_m - moved.position_m).norm(), 1e-8) << fraction;
    EXPECT_LT(end.velocity_mps.head<2>().norm(), 1e-5) << fraction;
    EXPECT_NEAR(end.velocity_mps.z(), -kLanding, 1e-5) << fraction;
    EXPECT_NEAR(end.yaw_rad, 0.2, 1e-8);
    // Continuity just after the re-target too (no kink hidden at the switch).
    const SwingSample next = s.Evaluate(t + 1e-6);
    EXPECT_LT((next.position_m - after.position_m).norm(), 1e-5) << fraction;
  }
}

TEST(SwingTrajectory, LandingSoonerIsContinuousAndTouchesDownAtTheNewTime) {
  const FootPose from = Pose(0, 0.09, 0, 0), to = Pose(0.3, 0.09, 0, 0);
  // Rising (the apex moves to the new middle) and descending (the descent is re-fitted).
  for (double fraction : {0.2, 0.6}) {
    SwingTrajectory s = Swing(from, to);
    const double t = kStart + fraction * kDuration;
    const double end = kStart + (fraction + 0.5 * (1 - fraction)) * kDuration;
    const SwingSample before = s.Evaluate(t);
    const FootPose moved = Pose(0.25, 0.35, 0, 0.1);
    s.Retime(t, end, moved);
    EXPECT_NEAR(s.end_s(), end, 1e-12);
    const SwingSample after = s.Evaluate(t);
    EXPECT_LT((after.position_m - before.position_m).norm(), 1e-12) << fraction;
    EXPECT_LT((after.velocity_mps - before.velocity_mps).norm(), 1e-9) << fraction;
    EXPECT_LT((after.acceleration_mps2 - before.acceleration_mps2).norm(), 1e-6) << fraction;
    const SwingSample landing = s.Evaluate(end - 1e-9);
    EXPECT_LT((landing.position_m - moved.position_m).norm(), 1e-8) << fraction;
    EXPECT_LT(landing.velocity_mps.head<2>().norm(), 1e-5) << fraction;
    EXPECT_NEAR(landing.velocity_mps.z(), -kLanding, 1e-5) << fraction;
    // The sole stays off the ground until it lands.
    for (double u = t; u < end - 0.01; u += 0.005) EXPECT_GT(s.Evaluate(u).position_m.z(), 0);
  }
}

TEST(SwingTrajectory, TurnsTheShortWayRound) {
  const SwingTrajectory s = Swing(Pose(0, 0, 0, 3.0), Pose(0, 0, 0, -3.0));
  // 3.0 → −3.0 rad is 0.28 rad through ±π, not 6 rad back through 0.
  double max_excursion = 0;
  for (double t = kStart; t <= kStart + kDuration; t += 0.01) {
    max_excursion = std::max(max_excursion, std::abs(WrapAngle(s.Evaluate(t).yaw_rad - 3.0)));
  }
  EXPECT_LT(max_excursion, 0.3);
  EXPECT_NEAR(WrapAngle(s.Evaluate(kStart + kDuration).yaw_rad + 3.0), 0, 1e-9);
}

}  // namespace
}  // namespace tianmu::control::locomotion
