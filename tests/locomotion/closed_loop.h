// Closed-loop harness: the pattern generator drives a linear inverted pendulum through its desired
// CoP, and its foot references are fed back as the measured feet (perfect tracking). What is left
// is the planner: its footsteps, DCM law, step adjustment and state machine.
#pragma once

#include <chrono>
#include <cmath>

#include "lipm.h"
#include "tianmu/control/locomotion/walking_controller.h"

namespace tianmu::control::locomotion {

class ClosedLoop {
 public:
  static constexpr double kDt = 0.001;  // 1 kHz control tick

  explicit ClosedLoop(const LocomotionConfig& config) : config_(config), generator_(config) {
    lipm_.omega = config.omega();
    const double half = 0.5 * config.nominal_step_width_m;
    input_.feet[0].position_m << 0, half, 0;
    input_.feet[1].position_m << 0, -half, 0;
    Tick();
  }

  /// One control tick: read the pendulum, plan, apply the desired CoP for 1 ms.
  void Tick() {
    input_.time_s = time_s_;
    input_.com_position_m << lipm_.position_m, config_.nominal_com_height_m;
    input_.com_velocity_mps << lipm_.velocity_mps, 0;
    const auto start = std::chrono::steady_clock::now();
    generator_.Update(input_, &reference_);
    last_update_us_ =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    Eigen::Vector2d cop = reference_.cop_desired_m;
    if (line_feet_ && reference_.phase == SupportPhase::kSingleSupport) {
      // A sole that holds no moment about its own x axis: the CoP stays on its centre line.
      const FootPose& stance = input_.feet[Index(reference_.stance_side)];
      const Eigen::Vector2d axis(std::cos(stance.yaw_rad), std::sin(stance.yaw_rad));
      const Eigen::Vector2d centre = stance.position_m.head<2>();
      cop = centre + axis * axis.dot(cop - centre);
    }
    lipm_.Step(cop, kDt);
    for (int i = 0; i < 2; ++i) {
      const FootReference& foot = reference_.feet[i];
      input_.feet[i].position_m = foot.position_m;
      // A sole within a millimetre of the floor rests on it.
      if (foot.position_m.z() < 1e-3) input_.feet[i].position_m.z() = 0;
      input_.feet[i].yaw_rad = foot.yaw_rad;
      input_.contact[i] = foot.in_contact;
    }
    time_s_ += kDt;
  }
  void Run(double seconds) {
    for (int n = static_cast<int>(std::lround(seconds / kDt)); n > 0; --n) Tick();
  }

  /// Distance of the pendulum's DCM outside the current soles' hull (negative inside).
  double DcmOutsideFeet() const {
    const bool single = reference_.phase == SupportPhase::kSingleSupport;
    const SupportPolygon region =
        single ? SupportPolygon::FromFoot(input_.feet[Index(reference_.stance_side)],
                                          config_.foot_length_m, config_.foot_width_m, 0)
               : SupportPolygon::FromFeet(input_.feet[0], input_.feet[1], config_.foot_length_m,
                                          config_.foot_width_m, 0);
    return region.SignedDistance(lipm_.Dcm());
  }
  /// A pendulum whose DCM is half a metre beyond its feet has fallen.
  bool Fallen() const {
    return SupportPolygon::FromFeet(input_.feet[0], input_.feet[1], config_.foot_length_m,
                                    config_.foot_width_m, 0)
               .SignedDistance(lipm_.Dcm()) > 0.5;
  }

  /// Soles that hold no moment about their own x axis in single support (a leg without ankle
  /// roll that cannot tilt the torso): the pendulum's CoP is projected onto the stance sole's
  /// centre line, whatever the generator asks.
  void set_line_feet(bool line_feet) { line_feet_ = line_feet; }
  WalkingPatternGenerator& generator() { return generator_; }
  LocomotionInput& input() { return input_; }
  Lipm& lipm() { return lipm_; }
  const LocomotionReference& reference() const { return reference_; }
  double time_s() const { return time_s_; }
  /// Wall-clock duration of the last Update call.
  double last_update_us() const { return last_update_us_; }

 private:
  LocomotionConfig config_;
  WalkingPatternGenerator generator_;
  Lipm lipm_;
  LocomotionInput input_;
  LocomotionReference reference_;
  double time_s_ = 0;
  double last_update_us_ = 0;
  bool line_feet_ = false;
};

}  // namespace tianmu::control::locomotion
