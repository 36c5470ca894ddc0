// The 12-state Kalman filter on its own: propagation, fusion and refusal of bad numbers.
#include "tianmu/estimation/base_kalman_filter.h"

#include <gtest/gtest.h>

#include <limits>

namespace tianmu::estimation {
namespace {

using Vector12d = BaseKalmanFilter::Vector12d;

const std::array<Eigen::Vector3d, 2> kFeetStill{Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};

TEST(BaseKalmanFilter, PredictIntegratesConstantAccelerationExactly) {
  BaseKalmanFilter filter;
  filter.Reset(Vector12d::Zero(), 0.01, 0.01, 0.01);
  const Eigen::Vector3d a(0.5, -0.2, 1.0);
  for (int i = 0; i < 1000; ++i) filter.Predict(0.001, a, kFeetStill, ProcessNoise{});
  // After 1 s: v = a, p = a/2.
  EXPECT_TRUE(filter.Block(kBaseVelocity).isApprox(a, 1e-9));
  EXPECT_TRUE(filter.Block(kBasePosition).isApprox(0.5 * a, 1e-9));
  EXPECT_TRUE(filter.Block(kLeftFoot).isZero());
  // Without process noise, P = F P Fᵀ: the position variance grows by t² σ_v².
  EXPECT_NEAR(filter.covariance()(0, 0), 1e-4 + 1.0 * 1e-4, 1e-12);
  EXPECT_NEAR(filter.covariance()(0, 3), 1e-4, 1e-12);
}

TEST(BaseKalmanFilter, StanceFootAnchorsTheBase) {
  // Base believed at the origin with 1 m uncertainty; a foot known to within 1 mm at (0, 0.1, 0)
  // and measured 0.9 m below the base: the base lands at z = 0.9 m.
  BaseKalmanFilter filter;
  Vector12d x = Vector12d::Zero();
  x.segment<3>(kLeftFoot) << 0, 0.1, 0;
  filter.Reset(x, 1.0, 0.1, 1.0);
  filter.UpdateScalar(kLeftFoot + 2, -1, 0.0, 1e-6);  // the foot is on the ground
  for (int i = 0; i < 3; ++i) {
    filter.UpdateVector(kLeftFoot, kBasePosition, Eigen::Vector3d(0, 0.1, -0.9), 1e-6);
  }
  filter.Symmetrize();
  EXPECT_NEAR(filter.Block(kBasePosition).z(), 0.9, 1e-3);
  // The covariance stays symmetric positive definite.
  Eigen::SelfAdjointEigenSolver<BaseKalmanFilter::Matrix12d> eigen(filter.covariance());
  EXPECT_GT(eigen.eigenvalues().minCoeff(), 0.0);
}

TEST(BaseKalmanFilter, NonFiniteMeasurementsAreRefusedWithoutChange) {
  BaseKalmanFilter filter;
  filter.Reset(Vector12d::Ones(), 0.1, 0.1, 0.1);
  const Vector12d before = filter.state();
  EXPECT_FALSE(
      filter.UpdateScalar(kBaseVelocity, -1, std::numeric_limits<double>::quiet_NaN(), 1e-4));
  EXPECT_FALSE(filter.UpdateScalar(kBaseVelocity, -1, 0.0, -1.0));  // negative variance
  // The finite x and z components are applied; the infinite y is refused (with a diagonal
  // covariance it changes nothing else).
  EXPECT_EQ(
      filter.UpdateVector(kLeftFoot, kBasePosition,
                          Eigen::Vector3d(0, std::numeric_limits<double>::infinity(), 0), 1e-4),
      2);
  EXPECT_EQ(filter.state()[kLeftFoot + 1], before[kLeftFoot + 1]);
  EXPECT_TRUE(filter.state().allFinite());
  EXPECT_TRUE(filter.covariance().allFinite());
}

TEST(BaseKalmanFilter, RollingFootMovesWithItsKnownVelocity) {
  BaseKalmanFilter filter;
  filter.Reset(Vector12d::Zero(), 0.01, 0.01, 0.01);
  const std::array<Eigen::Vector3d, 2> feet{Eigen::Vector3d(0, 0, 0.02), Eigen::Vector3d::Zero()};
  for (int i = 0; i < 500; ++i) filter.Predict(0.001, Eigen::Vector3d::Zero(), feet, {});
  EXPECT_NEAR(filter.Block(kLeftFoot).z(), 0.01, 1e-12);
  EXPECT_NEAR(filter.Block(kRightFoot).z(), 0.0, 1e-12);
}

}  // namespace
}  // namespace tianmu::estimation
