// LegKinematics: where each sole is relative to the floating base, and how fast it moves, from
// encoder readings alone. MuJoCo's forward kinematics on a private mjData of the robot's own
// model, with the base held at the origin so every result is in the base frame.
#pragma once

#include <mujoco/mujoco.h>

#include <Eigen/Dense>
#include <array>
#include <memory>
#include <vector>

#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_binding.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::estimation {

/// One joint on the path from the base to a sole.
struct ChainJoint {
  int spec_index = -1;  ///< index in RobotSpec::joints; -1 for a passive joint (held at 0)
  int mj_joint = -1;    ///< joint id in the robot's mjModel
  int qpos_adr = -1;
  bool hinge = true;  ///< hinge (true) or slide (false)
};

/// Raises the InputError LegKinematics(spec) would raise, naming robot.yaml, the line and the
/// field: a sole chain with a joint other than a hinge or slide, a sole site not below the base,
/// or an IMU site whose path to the base holds a joint other than a hinge or slide (an IMU on
/// any body of the robot's tree is fine: its pose comes from the encoders). check-robot, robots,
/// robot init and sim run it so that they accept and refuse the same robots.
void CheckLegKinematics(const model::RobotSpec& spec);

/// Base-frame kinematics of the two soles and the IMU. Not thread-safe; allocation-free after
/// construction.
class LegKinematics {
 public:
  /// Binds the spec to its own model and finds the joints between the base and each sole site.
  /// Raises InputError when a chain holds a joint other than a hinge or slide
  /// (CheckLegKinematics).
  explicit LegKinematics(const model::RobotSpec& spec);

  /// Forward kinematics at joint positions `q_rad` (RobotSpec order, num_joints values).
  void Update(const double* q_rad);

  /// Sole-site position of foot `foot` (0 left, 1 right) in the base frame, m (after Update).
  const Eigen::Vector3d& SolePosition(int foot) const { return sole_position_B_[foot]; }
  /// Base <- sole rotation of foot `foot` (after Update).
  const Eigen::Matrix3d& SoleRotation(int foot) const { return sole_rotation_B_[foot]; }
  /// Velocity relative to the base of the foot point at `offset_B` from the sole site (base-frame
  /// vector, m), base frame, m/s: J_leg(q) q̇ + ω_foot × offset (after Update). `dq_radps` in
  /// RobotSpec order.
  Eigen::Vector3d PointRelativeVelocity(int foot, const Eigen::Vector3d& offset_B,
                                        const double* dq_radps) const;
  /// Angular velocity of the foot relative to the base, base frame, rad/s (after Update).
  Eigen::Vector3d FootRelativeAngularVelocity(int foot, const double* dq_radps) const;
  /// Σ_j |∂p_sole/∂q_j|² over the chain (m²/rad²): how joint noise maps to sole noise.
  double JacobianSquaredNorm(int foot) const { return jacobian_squared_norm_[foot]; }
  /// The joints between the base and sole `foot`, base side first.
  const std::vector<ChainJoint>& Chain(int foot) const { return chain_[foot]; }
  /// True if every actuated joint of both chains and of the IMU chain is finite in `values`
  /// (RobotSpec order).
  bool ChainsFinite(const double* values) const;

  /// Pose of the IMU site in the base frame (after Update; constant when the site rides on the
  /// base, otherwise moved by the joints between them).
  const Eigen::Vector3d& ImuPositionInBase() const { return imu_position_B_; }
  const Eigen::Quaterniond& ImuOrientationInBase() const { return imu_orientation_B_; }
  /// Angular velocity of the IMU's body relative to the base, base frame, rad/s (after Update).
  Eigen::Vector3d ImuRelativeAngularVelocity(const double* dq_radps) const;
  /// The joints between the base and the IMU site, base side first (empty on the base).
  const std::vector<ChainJoint>& ImuChain() const { return imu_chain_; }

  const model::RobotBinding& binding() const { return binding_; }

 private:
  std::shared_ptr<const mjModel> model_;
  model::MjDataPtr data_;
  model::RobotBinding binding_;
  std::array<std::vector<ChainJoint>, 2> chain_;
  std::vector<ChainJoint> imu_chain_;
  Eigen::Matrix<double, 3, Eigen::Dynamic> imu_angular_jacobian_B_;     ///< 3 x IMU chain
  std::array<Eigen::Matrix<double, 3, Eigen::Dynamic>, 2> jacobian_B_;  ///< 3 x chain, linear
  std::array<Eigen::Matrix<double, 3, Eigen::Dynamic>, 2> angular_jacobian_B_;  ///< 3 x chain
  std::array<Eigen::Vector3d, 2> sole_position_B_;
  std::array<Eigen::Matrix3d, 2> sole_rotation_B_;
  std::array<double, 2> jacobian_squared_norm_{0, 0};
  Eigen::Vector3d imu_position_B_ = Eigen::Vector3d::Zero();
  Eigen::Quaterniond imu_orientation_B_ = Eigen::Quaterniond::Identity();
};

}  // namespace tianmu::estimation
