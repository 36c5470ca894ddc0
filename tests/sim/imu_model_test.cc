// The simulated IMU against its datasheet: bias random walks grow in variance as density² × t,
// white noise per sample is density × √rate, turn-on biases and scale errors have the datasheet's
// spread, the AHRS yaw drifts at its rate, and a slow IMU holds its samples. Statistics over
// many seeds (fixed), tolerances from the spread of a variance estimate.
#include "tianmu/sim/imu_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace tianmu::sim {
namespace {

constexpr double kDt = 0.001;

actuators::ImuSheet QuietSheet() {
  actuators::ImuSheet sheet;
  sheet.rate_hz = 1000;
  return sheet;
}

double Variance(const std::vector<double>& values) {
  double sum = 0, sum_sq = 0;
  for (double v : values) {
    sum += v;
    sum_sq += v * v;
  }
  const double n = static_cast<double>(values.size());
  return (sum_sq - sum * sum / n) / (n - 1);
}

// Samples `model` at rest (upright, no rotation) every tick from `from_s` to `to_s`, returning
// the last reading.
hal::ImuState RunAtRest(ImuModel* model, double from_s, double to_s) {
  hal::ImuState out;
  const int first = static_cast<int>(std::lround(from_s / kDt));
  const int last = static_cast<int>(std::lround(to_s / kDt));
  for (int k = first; k <= last; ++k) {
    model->Sample(k * kDt, {0, 0, 0}, {0, 0, 9.81}, {1, 0, 0, 0}, &out);
  }
  return out;
}

TEST(ImuModel, GyroAndAccelerometerBiasRandomWalkVarianceGrowsLinearlyWithTime) {
  actuators::ImuSheet sheet = QuietSheet();
  sheet.gyro_bias_random_walk_rad_per_s2_sqrt_hz = 2e-4;
  sheet.accel_bias_random_walk_mps3_sqrt_hz = 4e-3;
  // 150 seeds × 3 axes = 450 samples per variance: its relative std is √(2/450) ≈ 6.7 %, so
  // ±25 % is a 3.7σ band.
  std::vector<double> gyro_5s, gyro_20s, accel_20s;
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    ImuModel model(sheet, {}, false, true, seed);
    RunAtRest(&model, 0, 5);
    for (double b : model.gyro_bias_radps()) gyro_5s.push_back(b);
    RunAtRest(&model, 5 + kDt, 20);  // the same walk, on to 20 s
    for (double b : model.gyro_bias_radps()) gyro_20s.push_back(b);
    for (double b : model.accel_bias_mps2()) accel_20s.push_back(b);
  }
  const double t1 = 5.0, t2 = 20.0;
  const double g = sheet.gyro_bias_random_walk_rad_per_s2_sqrt_hz;
  const double a = sheet.accel_bias_random_walk_mps3_sqrt_hz;
  EXPECT_NEAR(Variance(gyro_5s) / (g * g * t1), 1.0, 0.25);
  EXPECT_NEAR(Variance(gyro_20s) / (g * g * t2), 1.0, 0.25);
  EXPECT_NEAR(Variance(accel_20s) / (a * a * t2), 1.0, 0.25);
}

TEST(ImuModel, WhiteNoisePerSampleAndTurnOnBiasesFollowTheDatasheet) {
  actuators::ImuSheet sheet = QuietSheet();
  sheet.gyro_initial_bias_std_rad_per_s = 0.01;
  sheet.accel_scale_error_std = 0.02;
  const ImuWhiteNoise noise{0.007, 0.05, 0};
  std::vector<double> biases, scales, gyro_noise;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    ImuModel model(sheet, noise, false, true, seed);
    for (double b : model.gyro_bias_radps()) biases.push_back(b);
    hal::ImuState out;
    model.Sample(0, {0, 0, 0}, {0, 0, 9.81}, {1, 0, 0, 0}, &out);
    // Scale error: the accelerometer's z reading is (1 + s) g + noise.
    scales.push_back(out.linear_acceleration_mps2[2] / 9.81 - 1);
    for (int k = 1; k < 50; ++k) {
      model.Sample(k * kDt, {0, 0, 0}, {0, 0, 9.81}, {1, 0, 0, 0}, &out);
      gyro_noise.push_back(out.angular_velocity_radps[0] - model.gyro_bias_radps()[0]);
    }
    EXPECT_FALSE(out.orientation_valid);
    EXPECT_TRUE(std::isnan(out.orientation_wxyz[0]));
  }
  EXPECT_NEAR(std::sqrt(Variance(biases)), 0.01, 0.01 * 0.15);
  // Scale spread 0.02 plus the noise 0.05/9.81 ≈ 0.0051 in quadrature.
  EXPECT_NEAR(std::sqrt(Variance(scales)), std::hypot(0.02, 0.05 / 9.81), 0.0206 * 0.2);
  EXPECT_NEAR(std::sqrt(Variance(gyro_noise)), 0.007, 0.007 * 0.05);
}

TEST(ImuModel, AhrsYawDriftsAtTheDatasheetRateAndRollPitchStayTrue) {
  actuators::ImuSheet sheet = QuietSheet();
  sheet.ahrs.present = true;
  sheet.ahrs.yaw_drift_rad_per_s = 1e-3;
  ImuModel model(sheet, {}, true, true, 3);
  const hal::ImuState out = RunAtRest(&model, 0, 10);
  ASSERT_TRUE(out.orientation_valid);
  // Truth is the identity: the reading is a pure yaw of ±0.01 rad.
  const auto& q = out.orientation_wxyz;
  EXPECT_NEAR(std::abs(2 * std::atan2(q[3], q[0])), 0.01, 1e-6);
  EXPECT_NEAR(q[1], 0, 1e-12);
  EXPECT_NEAR(q[2], 0, 1e-12);
}

TEST(ImuModel, DisabledModelIsIdealAndSlowImuHoldsItsSamples) {
  actuators::ImuSheet sheet = QuietSheet();
  sheet.gyro_initial_bias_std_rad_per_s = 0.01;
  sheet.gyro_bias_random_walk_rad_per_s2_sqrt_hz = 1e-3;
  ImuModel ideal(sheet, {0.01, 0.1, 0.01}, false, false, 5);
  hal::ImuState out;
  ideal.Sample(0.5, {0.1, 0.2, 0.3}, {0, 0, 9.81}, {1, 0, 0, 0}, &out);
  EXPECT_DOUBLE_EQ(out.angular_velocity_radps[1], 0.2);
  EXPECT_DOUBLE_EQ(out.linear_acceleration_mps2[2], 9.81);

  sheet.rate_hz = 200;  // a new sample every 5 ms; the 1 kHz caller sees each one 5 times
  ImuModel slow(sheet, {}, false, false, 5);
  int changes = 0;
  double last = -1;
  for (int k = 0; k < 100; ++k) {
    slow.Sample(k * kDt, {k * 1.0, 0, 0}, {0, 0, 9.81}, {1, 0, 0, 0}, &out);
    if (out.angular_velocity_radps[0] != last) ++changes;
    last = out.angular_velocity_radps[0];
  }
  EXPECT_EQ(changes, 20);
}

}  // namespace
}  // namespace tianmu::sim
