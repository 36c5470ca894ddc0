// Issue 24's IMU rows, judged from simulator ground truth with the walking controller in the
// loop: TM-1 walks on gyro + accelerometer alone (its orientation output removed) with the
// orientation estimate staying close to the truth, and the torso-IMU reference variant (IMU
// behind the waist joints, no orientation output) stands and walks, over two seeds each.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu {
namespace {

runtime::SimRunSummary Simulate(const model::RobotSpec& spec, double duration_s, double vx_mps,
                                std::uint64_t seed) {
  runtime::SimRunOptions options;
  options.scene_name = "flat";
  options.scene = sim::ResolveScene("flat");
  options.duration_s = duration_s;
  options.world.seed = seed;
  options.stop_after_fall_s = 0.2;
  control::HumanoidController controller(spec);
  if (vx_mps != 0) controller.SetCommandSchedule({{0.0, {vx_mps, 0, 0}}});
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
  std::cout << "[ figures  ] " << spec.name << " seed " << seed << ", " << duration_s << " s, vx "
            << vx_mps << ": fell " << s.fell << ", distance " << s.distance_m
            << " m, orientation error rms " << s.est_orientation_rms_deg.value_or(-1)
            << " deg, max " << s.est_orientation_max_deg.value_or(-1) << " deg, yaw drift "
            << s.est_yaw_drift_deg.value_or(-1) << " deg, qp failures "
            << s.controller_status.qp_failures << "\n";
  return s;
}

// Bounds: the controller balances on the estimated tilt, so a few tenths of a degree rms is what
// matters; 1° rms and 3° peak leave room for impacts (the accelerometer is gated out, the gyro
// carries the estimate) but would catch a filter that follows walking accelerations. Yaw is
// not observable from gravity: over 12 s it may drift by what the converging bias leaves, < 2°.
void ExpectOrientationTracked(const runtime::SimRunSummary& s) {
  ASSERT_TRUE(s.est_orientation_rms_deg.has_value());
  EXPECT_LE(*s.est_orientation_rms_deg, 1.0);
  EXPECT_LE(*s.est_orientation_max_deg, 3.0);
  EXPECT_LE(std::abs(*s.est_yaw_drift_deg), 2.0);
}

TEST(ImuAcceptance, Tm1WalksHalfAMetrePerSecondOnGyroAndAccelerometerAlone) {
  model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  spec.imu.orientation_sensor.clear();  // no AHRS: the estimator has gyro + accelerometer only
  for (std::uint64_t seed : {1u, 2u}) {
    const auto s = Simulate(spec, 12, 0.5, seed);
    EXPECT_FALSE(s.fell) << "seed " << seed;
    // ~11 s of walking at 0.5 m/s after the first step: at least 5 m.
    EXPECT_GE(s.distance_m, 5.0) << "seed " << seed;
    ExpectOrientationTracked(s);
  }
}

TEST(ImuAcceptance, TorsoImuVariantStandsThirtySeconds) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1-torso-imu");
  for (std::uint64_t seed : {1u, 2u}) {
    const auto s = Simulate(spec, 30, 0, seed);
    EXPECT_FALSE(s.fell) << "seed " << seed;
    EXPECT_LT(s.distance_m, 0.05) << "seed " << seed;  // stands still: drifts less than 5 cm
    EXPECT_EQ(s.controller_status.qp_failures, 0u) << "seed " << seed;
    ASSERT_TRUE(s.est_orientation_max_deg.has_value());
    EXPECT_LE(*s.est_orientation_max_deg, 1.0) << "seed " << seed;
  }
}

TEST(ImuAcceptance, TorsoImuVariantWalksThirtyCentimetresPerSecondForTwelveSeconds) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1-torso-imu");
  for (std::uint64_t seed : {1u, 2u}) {
    const auto s = Simulate(spec, 12, 0.3, seed);
    EXPECT_FALSE(s.fell) << "seed " << seed;
    EXPECT_GE(s.distance_m, 2.5) << "seed " << seed;
    EXPECT_LE(s.lateral_drift_m, 0.3) << "seed " << seed;
    EXPECT_LE(s.heading_error_deg, 10) << "seed " << seed;
    ExpectOrientationTracked(s);
  }
}

}  // namespace
}  // namespace tianmu
