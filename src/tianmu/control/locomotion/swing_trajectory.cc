#include "tianmu/control/locomotion/swing_trajectory.h"

#include <algorithm>
#include <cmath>

namespace tianmu::control::locomotion {
namespace {

// Below this remaining time a re-fit would demand unbounded accelerations; the old path stays.
constexpr double kMinRefitS = 1e-3;
// The sole finishes turning this early in the swing: the foot task's yaw lags its reference, and
// a foot that lands still turning keeps the lag as a heading error of the step.
constexpr double kYawShare = 0.75;

// Re-fits x and y to reach `target` at `end_s`, and yaw at `yaw_end_s`, from their state at `t`.
void RefitPlanar(double t, double end_s, double yaw_end_s, const FootPose& target, Quintic* x,
                 Quintic* y, Quintic* yaw) {
  double p, v, a;
  x->Evaluate(t, &p, &v, &a);
  x->Fit(t, end_s - t, p, v, a, target.position_m.x(), 0, 0);
  y->Evaluate(t, &p, &v, &a);
  y->Fit(t, end_s - t, p, v, a, target.position_m.y(), 0, 0);
  yaw->Evaluate(t, &p, &v, &a);
  yaw->Fit(t, yaw_end_s - t, p, v, a, p + WrapAngle(target.yaw_rad - p), 0, 0);
}

}  // namespace

void Quintic::Fit(double start_s, double duration_s, double p0, double v0, double a0, double p1,
                  double v1, double a1) {
  start_s_ = start_s;
  duration_s_ = std::max(duration_s, 0.0);
  c_[0] = p0;
  c_[1] = v0;
  c_[2] = 0.5 * a0;
  if (duration_s_ <= 0) {
    c_[0] = p1;
    c_[1] = c_[2] = c_[3] = c_[4] = c_[5] = 0;
    return;
  }
  // Standard closed form for the remaining three coefficients.
  const double t = duration_s_, t2 = t * t, t3 = t2 * t, t4 = t3 * t, t5 = t4 * t;
  const double dp = p1 - p0;
  c_[3] = (20 * dp - (8 * v1 + 12 * v0) * t - (3 * a0 - a1) * t2) / (2 * t3);
  c_[4] = (-30 * dp + (14 * v1 + 16 * v0) * t + (3 * a0 - 2 * a1) * t2) / (2 * t4);
  c_[5] = (12 * dp - 6 * (v1 + v0) * t + (a1 - a0) * t2) / (2 * t5);
}

void Quintic::Evaluate(double time_s, double* p, double* v, double* a) const {
  if (time_s >= start_s_ + duration_s_) {
    // Past the end: hold the end position.
    const double t = duration_s_;
    *p = c_[0] + t * (c_[1] + t * (c_[2] + t * (c_[3] + t * (c_[4] + t * c_[5]))));
    *v = 0;
    *a = 0;
    return;
  }
  const double t = std::max(time_s - start_s_, 0.0);
  *p = c_[0] + t * (c_[1] + t * (c_[2] + t * (c_[3] + t * (c_[4] + t * c_[5]))));
  *v = c_[1] + t * (2 * c_[2] + t * (3 * c_[3] + t * (4 * c_[4] + t * 5 * c_[5])));
  *a = 2 * c_[2] + t * (6 * c_[3] + t * (12 * c_[4] + t * 20 * c_[5]));
}

void SwingTrajectory::Start(double start_s, double duration_s, const FootPose& liftoff,
                            const FootPose& target, double apex_height_m,
                            double landing_velocity_mps) {
  start_s_ = start_s;
  end_s_ = start_s + std::max(duration_s, 0.0);
  apex_height_m_ = apex_height_m;
  landing_velocity_mps_ = landing_velocity_mps;
  target_ = target;
  const double duration = end_s_ - start_s_;
  x_.Fit(start_s, duration, liftoff.position_m.x(), 0, 0, target.position_m.x(), 0, 0);
  y_.Fit(start_s, duration, liftoff.position_m.y(), 0, 0, target.position_m.y(), 0, 0);
  // Yaw along the short way round.
  const double yaw_end = liftoff.yaw_rad + WrapAngle(target.yaw_rad - liftoff.yaw_rad);
  yaw_.Fit(start_s, kYawShare * duration, liftoff.yaw_rad, 0, 0, yaw_end, 0, 0);
  apex_z_m_ = std::max(liftoff.position_m.z(), target.position_m.z()) + apex_height_m;
  rise_.Fit(start_s, 0.5 * duration, liftoff.position_m.z(), 0, 0, apex_z_m_, 0, 0);
  FitDescent(start_s);
}

void SwingTrajectory::FitDescent(double time_s) {
  const double mid = 0.5 * (start_s_ + end_s_);
  double p, v, a;
  if (time_s <= mid) {
    // Still rising: a higher target raises the apex; the rise is re-fitted from its current state.
    const double apex = std::max(apex_z_m_, target_.position_m.z() + apex_height_m_);
    if (apex != apex_z_m_ && mid - time_s >= kMinRefitS) {
      rise_.Evaluate(time_s, &p, &v, &a);
      rise_.Fit(time_s, mid - time_s, p, v, a, apex, 0, 0);
      apex_z_m_ = apex;
    }
    descent_.Fit(mid, end_s_ - mid, apex_z_m_, 0, 0, target_.position_m.z(), -landing_velocity_mps_,
                 0);
    return;
  }
  descent_.Evaluate(time_s, &p, &v, &a);
  descent_.Fit(time_s, end_s_ - time_s, p, v, a, target_.position_m.z(), -landing_velocity_mps_, 0);
}

void SwingTrajectory::Retarget(double time_s, const FootPose& target) {
  const double remaining = end_s_ - time_s;
  if (remaining < kMinRefitS) return;
  const double t = std::max(time_s, start_s_);
  RefitPlanar(t, end_s_, std::max(start_s_ + kYawShare * (end_s_ - start_s_), t + kMinRefitS),
              target, &x_, &y_, &yaw_);
  const bool height_changed = target.position_m.z() != target_.position_m.z();
  target_ = target;
  if (height_changed) FitDescent(t);
}

void SwingTrajectory::Retime(double time_s, double end_s, const FootPose& target) {
  const double t = std::max(time_s, start_s_);
  if (end_s - t < kMinRefitS || end_s_ - t < kMinRefitS) return;
  const bool rising = t < descent_.start_s();
  double z, vz, az;
  (rising ? rise_ : descent_).Evaluate(t, &z, &vz, &az);
  end_s_ = end_s;
  target_ = target;
  RefitPlanar(t, end_s_, std::max(start_s_ + kYawShare * (end_s_ - start_s_), t + kMinRefitS),
              target, &x_, &y_, &yaw_);
  // Height: a swing still rising reaches its apex at the new middle; past it, the descent is
  // re-fitted from where the sole is.
  const double mid = 0.5 * (start_s_ + end_s_);
  if (rising && mid - t >= kMinRefitS) {
    apex_z_m_ = std::max(apex_z_m_, target.position_m.z() + apex_height_m_);
    rise_.Fit(t, mid - t, z, vz, az, apex_z_m_, 0, 0);
    descent_.Fit(mid, end_s_ - mid, apex_z_m_, 0, 0, target.position_m.z(), -landing_velocity_mps_,
                 0);
  } else {
    descent_.Fit(t, end_s_ - t, z, vz, az, target.position_m.z(), -landing_velocity_mps_, 0);
  }
}

SwingSample SwingTrajectory::Evaluate(double time_s) const {
  SwingSample out;
  x_.Evaluate(time_s, &out.position_m.x(), &out.velocity_mps.x(), &out.acceleration_mps2.x());
  y_.Evaluate(time_s, &out.position_m.y(), &out.velocity_mps.y(), &out.acceleration_mps2.y());
  yaw_.Evaluate(time_s, &out.yaw_rad, &out.yaw_rate_radps, &out.yaw_acceleration_radps2);
  const Quintic& z = time_s < descent_.start_s() ? rise_ : descent_;
  z.Evaluate(time_s, &out.position_m.z(), &out.velocity_mps.z(), &out.acceleration_mps2.z());
  if (time_s >= end_s_) {
    out.position_m.z() = target_.position_m.z();
    out.velocity_mps.z() = 0;
  }
  out.yaw_rad = WrapAngle(out.yaw_rad);
  return out;
}

double SwingTrajectory::Phase(double time_s) const {
  if (end_s_ <= start_s_) return 1;
  return std::clamp((time_s - start_s_) / (end_s_ - start_s_), 0.0, 1.0);
}

}  // namespace tianmu::control::locomotion
