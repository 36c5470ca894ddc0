// AttitudeFilter on synthetic readings: an IMU held still at a fixed tilt with a constant gyro
// bias, no noise. Gravity and still feet must find the bias on all three axes and the tilt; an
// AHRS must pull yaw and tilt to its reading.
#include "tianmu/estimation/attitude_filter.h"

#include <gtest/gtest.h>

namespace tianmu::estimation {
namespace {

constexpr double kDt = 0.001;
constexpr double kGravity = 9.81;

Eigen::Quaterniond TrueOrientation() {
  return Eigen::Quaterniond(Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitZ()) *
                            Eigen::AngleAxisd(-0.05, Eigen::Vector3d::UnitY()) *
                            Eigen::AngleAxisd(0.1, Eigen::Vector3d::UnitX()));
}

const Eigen::Vector3d kBias(0.01, -0.02, 0.015);  // rad/s, a few times the datasheet spread

TEST(AttitudeFilter, GravityAndStillFeetConvergeAConstantGyroBiasAndTheTilt) {
  const Eigen::Quaterniond truth = TrueOrientation();
  AttitudeFilter filter;
  // Start with the right yaw (no reference for it here) but level: 0.11 rad of tilt error.
  filter.Reset(Eigen::Quaterniond(Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitZ())),
               Eigen::Vector3d::Zero());
  const Eigen::Vector3d specific_force_I = truth.conjugate() * Eigen::Vector3d(0, 0, kGravity);
  for (int k = 0; k < 30000; ++k) {
    const Eigen::Vector3d gyro = kBias;  // still: the reading is the bias
    filter.Predict(gyro, kDt);
    ASSERT_TRUE(filter.CorrectGravity(filter.orientation() * specific_force_I,
                                      Eigen::Vector3d::Zero(), kDt));
    filter.CorrectStillRate(filter.orientation() * (gyro - filter.gyro_bias()), kDt);
  }
  // 30 s is 30 still-bias time constants: the bias is exact to well below the noise of a real
  // gyro (1e-4 rad/s), and tilt follows.
  EXPECT_LT((filter.gyro_bias() - kBias).cwiseAbs().maxCoeff(), 1e-4);
  const Eigen::Vector3d up_error =
      (filter.orientation() * specific_force_I).normalized() - Eigen::Vector3d::UnitZ();
  EXPECT_LT(up_error.norm(), 1e-4);
}

TEST(AttitudeFilter, GravityAloneFindsTheHorizontalBias) {
  // Without still feet only the bias about the horizontal axes is observable. Its error decays
  // with the 8 s bias time constant: after 60 s to e^-7.5 ≈ 6e-4 of the initial 0.02 rad/s.
  const Eigen::Quaterniond truth = TrueOrientation();
  AttitudeFilter filter;
  filter.Reset(truth, Eigen::Vector3d::Zero());
  const Eigen::Vector3d specific_force_I = truth.conjugate() * Eigen::Vector3d(0, 0, kGravity);
  for (int k = 0; k < 60000; ++k) {
    filter.Predict(kBias, kDt);
    filter.CorrectGravity(filter.orientation() * specific_force_I, Eigen::Vector3d::Zero(), kDt);
  }
  const Eigen::Vector3d error_W = filter.orientation() * (filter.gyro_bias() - kBias);
  EXPECT_LT(std::abs(error_W.x()), 1e-4);
  EXPECT_LT(std::abs(error_W.y()), 1e-4);
}

TEST(AttitudeFilter, AhrsOrientationPullsTiltAndYawAndTheBias) {
  const Eigen::Quaterniond truth = TrueOrientation();
  AttitudeFilter filter;
  filter.Reset(Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero());
  for (int k = 0; k < 60000; ++k) {
    filter.Predict(kBias, kDt);
    filter.CorrectOrientation(truth, kDt);
  }
  EXPECT_LT(filter.orientation().angularDistance(truth), 1e-4);
  EXPECT_LT((filter.gyro_bias() - kBias).cwiseAbs().maxCoeff(), 1e-4);
}

TEST(AttitudeFilter, ImpactsAreGatedOut) {
  AttitudeFilter filter;
  filter.Reset(Eigen::Quaterniond::Identity(), Eigen::Vector3d::Zero());
  // 3 g of specific force with no acceleration to explain it: not gravity.
  EXPECT_FALSE(
      filter.CorrectGravity(Eigen::Vector3d(0, 5, 3 * kGravity), Eigen::Vector3d::Zero(), kDt));
  EXPECT_TRUE(filter.orientation().isApprox(Eigen::Quaterniond::Identity()));
}

}  // namespace
}  // namespace tianmu::estimation
