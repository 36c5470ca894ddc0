// BaseKalmanFilter: the linear Kalman filter of leg-odometry/IMU fusion (as on MIT Cheetah 3,
// after Bloesch et al. 2012), over x = [p_base, v_base, p_foot_left, p_foot_right], all world
// frame. It knows nothing about robots: the caller supplies rotated accelerations, kinematic
// measurements and their noise.
#pragma once

#include <Eigen/Dense>
#include <array>

namespace tianmu::estimation {

/// Indices of the state's 3-vectors.
enum StateBlock : int { kBasePosition = 0, kBaseVelocity = 3, kLeftFoot = 6, kRightFoot = 9 };

/// Process noise of one time update, as continuous random walks (standard deviation per √s).
struct ProcessNoise {
  double base_position = 0;          ///< m/√s
  double base_velocity = 0;          ///< m/s/√s
  std::array<double, 2> foot{0, 0};  ///< m/√s, [left, right]
};

/// 12-state linear Kalman filter; fixed-size, allocation-free.
class BaseKalmanFilter {
 public:
  using Vector12d = Eigen::Matrix<double, 12, 1>;
  using Matrix12d = Eigen::Matrix<double, 12, 12>;

  /// Sets the state and a diagonal covariance (standard deviations per block).
  void Reset(const Vector12d& x, double position_std_m, double velocity_std_mps, double foot_std_m);

  /// Time update over `dt_s` with world-frame base acceleration `acceleration_mps2` (gravity
  /// included) and known foot velocities (world, e.g. a sole rolling about its edge; zero for a
  /// foot flat on the ground): p += v dt + a dt²/2, v += a dt, p_foot += v_foot dt.
  void Predict(double dt_s, const Eigen::Vector3d& acceleration_mps2,
               const std::array<Eigen::Vector3d, 2>& foot_velocity_mps, const ProcessNoise& noise);

  /// Scalar measurement z = x[plus] − x[minus] (minus < 0: z = x[plus]) with variance
  /// `variance`. Returns false (and changes nothing) when the result would not be finite.
  bool UpdateScalar(int plus, int minus, double z, double variance);
  /// Three scalar updates: x[plus..plus+2] − x[minus..minus+2] = z (minus < 0: no minus term),
  /// independent noise of variance `variance` on each axis. Returns the number applied.
  int UpdateVector(int plus, int minus, const Eigen::Vector3d& z, double variance);

  /// Keeps the covariance symmetric after a batch of updates.
  void Symmetrize() { covariance_ = 0.5 * (covariance_ + covariance_.transpose()).eval(); }

  const Vector12d& state() const { return state_; }
  const Matrix12d& covariance() const { return covariance_; }
  Eigen::Vector3d Block(int block) const { return state_.segment<3>(block); }

 private:
  Vector12d state_ = Vector12d::Zero();
  Matrix12d covariance_ = Matrix12d::Identity();
};

}  // namespace tianmu::estimation
