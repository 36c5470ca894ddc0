// Issue 24: the estimator with a real IMU (biases, scale errors, noise from the datasheet) and
// without an orientation output, the IMU on the torso behind the waist joints. Under posture
// hold in the simulator, fixed seeds; judged against the simulator's ground truth and the
// simulated IMU's true biases.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "sim_harness.h"

namespace tianmu::estimation::testing {
namespace {

const model::RobotSpec& TorsoImu() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1-torso-imu");
  return spec;
}

TEST(ImuEstimation, TorsoImuRobotHasNoOrientationSensorAndAnImuChainThroughTheWaist) {
  const model::RobotSpec& spec = TorsoImu();
  EXPECT_FALSE(spec.imu.has_orientation());
  EXPECT_EQ(spec.imu.component, "imu-mems-6axis");
  const LegKinematics kinematics(spec);
  // waist_yaw and waist_roll, base side first.
  ASSERT_EQ(kinematics.ImuChain().size(), 2u);
  EXPECT_EQ(spec.joints[kinematics.ImuChain()[0].spec_index].name, "waist_yaw");
  EXPECT_EQ(spec.joints[kinematics.ImuChain()[1].spec_index].name, "waist_roll");
}

TEST(ImuEstimation, StandingThirtySecondsConvergesTheGyroBiasOnAllThreeAxes) {
  // Turn-on gyro biases of 0.005 rad/s (1σ) per axis: roll and pitch are observable through
  // gravity, yaw through the stance feet that do not turn. After 30 s each axis must be within
  // 0.001 rad/s (a fifth of the turn-on spread; the residual yaw drift is then < 2° per min).
  for (std::uint64_t seed : {3u, 4u}) {
    SimRun run;
    run.spec = &TorsoImu();
    run.duration_s = 30;
    run.seed = seed;
    Eigen::Vector3d initial_error = Eigen::Vector3d::Zero(), final_error = Eigen::Vector3d::Zero();
    bool first = true;
    run.observe_world = [&](const sim::World& world, const StateEstimator& estimator) {
      const auto& b = world.imu().gyro_bias_radps();
      const Eigen::Vector3d error = estimator.gyro_bias() - Eigen::Vector3d(b[0], b[1], b[2]);
      if (first) initial_error = error;
      first = false;
      final_error = error;
    };
    const SimRunMetrics m = Simulate(run);
    Print("tm1-torso-imu standing, seed " + std::to_string(seed), m);
    std::cout << "[ figures  ] gyro bias error initial " << initial_error.transpose()
              << " rad/s, after 30 s " << final_error.transpose() << " rad/s\n";
    EXPECT_FALSE(m.fell);
    EXPECT_TRUE(m.all_finite);
    for (int k = 0; k < 3; ++k) EXPECT_LE(std::abs(final_error[k]), 0.001) << "axis " << k;
    // Standing, gravity holds roll and pitch and the converged bias holds yaw.
    EXPECT_LE(m.max_orientation_error_deg, 1.0);
    EXPECT_LE(m.velocity_rmse_mps, 0.02);
  }
}

}  // namespace
}  // namespace tianmu::estimation::testing
