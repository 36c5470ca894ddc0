// A linear inverted pendulum (ẍ = ω²(x − p), horizontal) for closed-loop tests of the planners:
// the CoP p is applied exactly, so any DCM error comes from the planner or the initial state.
#pragma once

#include <Eigen/Dense>
#include <cmath>

namespace tianmu::control::locomotion {

/// Horizontal CoM state of a point-mass pendulum at constant height.
struct Lipm {
  double omega = 3.3;
  Eigen::Vector2d position_m = Eigen::Vector2d::Zero();
  Eigen::Vector2d velocity_mps = Eigen::Vector2d::Zero();

  /// Exact solution over `dt_s` with the CoP held at `cop_m`.
  void Step(const Eigen::Vector2d& cop_m, double dt_s) {
    const double c = std::cosh(omega * dt_s), s = std::sinh(omega * dt_s);
    const Eigen::Vector2d offset = position_m - cop_m;
    const Eigen::Vector2d next = cop_m + c * offset + (s / omega) * velocity_mps;
    velocity_mps = omega * s * offset + c * velocity_mps;
    position_m = next;
  }
  /// ξ = x + ẋ/ω.
  Eigen::Vector2d Dcm() const { return position_m + velocity_mps / omega; }
};

}  // namespace tianmu::control::locomotion
