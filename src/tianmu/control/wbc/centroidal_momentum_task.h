// Centroidal momentum task: the rate of change of the robot's linear momentum and of its angular
// momentum about the centre of mass, written on the contact wrenches. By Newton–Euler for the
// whole robot, m c̈ = Σ f + m g and L̇ = Σ (p − c) × f + τ, so the rows are exact: no J̇ v term
// is dropped, and the swing leg's momentum is part of what the rows constrain. The linear rows
// track a CoM reference (the balance and walking objective); the angular rows damp the angular
// momentum towards zero with a small weight, so the upper body may swing (hip strategy).
#pragma once

#include <array>

#include "tianmu/control/wbc/task.h"

namespace tianmu::control::wbc {

/// Gains and weights of the centroidal momentum task. Rows are scaled to CoM accelerations:
/// linear rows by 1/m, angular rows by 1/(m·reference_length_m).
struct CentroidalMomentumGains {
  Eigen::Vector3d linear_weight = Eigen::Vector3d::Constant(100);  ///< per world axis
  Eigen::Vector3d kp_per_s2 = Eigen::Vector3d::Zero();             ///< CoM position feedback, 1/s²
  Eigen::Vector3d kd_per_s = Eigen::Vector3d::Zero();              ///< CoM velocity feedback, 1/s
  double angular_weight = 0.5;        ///< per axis; small, so momentum may vary
  double angular_damping_per_s = 10;  ///< L̇_ref = −angular_damping_per_s · L
  double reference_length_m = 0.8;    ///< length that scales the angular rows (CoM height)
};

/// Rows (1/m) Σ f_i = c̈_ref + kp (x_ref − x) + kd (v_ref − v) − g and
/// (1/(m ℓ)) Σ ((p_i − c) × f_i + τ_i) = −k_L L / (m ℓ), on the wrench variables of the two
/// contacts (world frame, at each sole site p_i).
class CentroidalMomentumTask : public Task {
 public:
  CentroidalMomentumTask(const std::array<int, 2>& sole_sites,
                         const CentroidalMomentumGains& gains);
  const std::string& name() const override { return name_; }
  void Update(const RobotDynamics& dynamics) override;
  /// The CoM reference for the next Update (world frame: m, m/s, m/s²).
  void SetReference(const Eigen::Vector3d& position_m, const Eigen::Vector3d& velocity_mps,
                    const Eigen::Vector3d& acceleration_mps2);
  /// Per-axis weights of the linear rows (world x, y, z).
  void set_weight(const Eigen::Vector3d& weight) { gains_.linear_weight = weight; }
  /// Weight of each angular row.
  void set_angular_weight(double weight) { gains_.angular_weight = weight; }

 private:
  std::string name_ = "centroidal_momentum";
  std::array<int, 2> sole_sites_;
  CentroidalMomentumGains gains_;
  Eigen::Vector3d position_ref_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d velocity_ref_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d acceleration_ref_ = Eigen::Vector3d::Zero();
};

}  // namespace tianmu::control::wbc
