// Footstep: where and when one foot lands. Feet stay flat, so a foot's pose is its sole-site
// position and its yaw about the world z axis.
#pragma once

#include <Eigen/Dense>
#include <cmath>

namespace tianmu::control::locomotion {

/// Which foot; the value indexes RobotSpec::feet ([0] left, [1] right).
enum class FootSide { kLeft = 0, kRight = 1 };

/// The other foot.
constexpr FootSide Other(FootSide side) {
  return side == FootSide::kLeft ? FootSide::kRight : FootSide::kLeft;
}
/// +1 for the left foot, −1 for the right one: the sign of its lateral offset.
constexpr double LateralSign(FootSide side) { return side == FootSide::kLeft ? 1.0 : -1.0; }
/// Index into per-foot arrays.
constexpr int Index(FootSide side) { return static_cast<int>(side); }

/// A flat foot: sole-site position (world, m) and yaw about world z (rad).
struct FootPose {
  Eigen::Vector3d position_m = Eigen::Vector3d::Zero();
  double yaw_rad = 0;
};

/// One planned footstep: the foot, its landing pose, and its swing interval (s, absolute time).
struct Footstep {
  FootSide side = FootSide::kLeft;
  FootPose pose;
  double liftoff_time_s = 0;
  double touchdown_time_s = 0;
};

/// Angle wrapped to (−π, π].
inline double WrapAngle(double angle_rad) { return std::remainder(angle_rad, 2 * M_PI); }

/// Mean of two angles, through their unit vectors (so ±π wraps correctly).
inline double MeanYaw(double a_rad, double b_rad) {
  return std::atan2(std::sin(a_rad) + std::sin(b_rad), std::cos(a_rad) + std::cos(b_rad));
}

/// The yaw of a world <- foot rotation (heading of its x axis in the horizontal plane).
inline double YawOf(const Eigen::Matrix3d& rotation) {
  return std::atan2(rotation(1, 0), rotation(0, 0));
}

/// 2-D rotation by `yaw_rad`.
inline Eigen::Matrix2d Rotation2d(double yaw_rad) {
  const double c = std::cos(yaw_rad), s = std::sin(yaw_rad);
  Eigen::Matrix2d r;
  r << c, -s, s, c;
  return r;
}

}  // namespace tianmu::control::locomotion
