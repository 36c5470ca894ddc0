#include "tianmu/control/locomotion/dcm_planner.h"

#include <cmath>

namespace tianmu::control::locomotion {

DcmPlanner::DcmPlanner(double omega_per_s) : omega_(omega_per_s) {}

void DcmPlanner::Reset(double start_time_s, const Eigen::Vector2d& dcm_m,
                       const Eigen::Vector2d& dcm_velocity_mps) {
  start_time_s_ = start_time_s;
  start_dcm_ = dcm_m;
  start_velocity_ = dcm_velocity_mps;
  size_ = 0;
}

bool DcmPlanner::AddSegment(const Eigen::Vector2d& cop_m, double transfer_duration_s,
                            double hold_duration_s) {
  if (size_ >= kMaxSegments) return false;
  Segment& s = segments_[size_];
  s.cop = cop_m;
  s.start_s = size_ == 0 ? start_time_s_ : HoldEndTime(size_ - 1);
  s.transfer_s = transfer_duration_s > 0 ? transfer_duration_s : 0;
  s.hold_s = hold_duration_s > 0 ? hold_duration_s : 0;
  s.jump_s = s.start_s + kTransferSplit * s.transfer_s;
  ++size_;
  return true;
}

void DcmPlanner::Finalize() {
  if (size_ == 0) return;
  // Backward recursion: the DCM rests on the terminal CoP; before, ξ(τ_i) = p_i +
  // e^(−ω(τ_{i+1} − τ_i))(ξ(τ_{i+1}) − p_i).
  segments_[size_ - 1].jump_dcm = segments_[size_ - 1].cop;
  for (int i = size_ - 2; i >= 0; --i) {
    Segment& s = segments_[i];
    const Segment& next = segments_[i + 1];
    s.jump_dcm = s.cop + std::exp(-omega_ * (next.jump_s - s.jump_s)) * (next.jump_dcm - s.cop);
  }
  // Each transfer joins the previous segment's exponential (or the start state) to this one's,
  // matching value and slope at both ends.
  for (int i = 0; i < size_; ++i) {
    Segment& s = segments_[i];
    if (i == 0) {
      s.from_dcm = start_dcm_;
      s.from_velocity = start_velocity_;
    } else {
      s.from_dcm = SingleSupportDcm(i - 1, s.start_s);
      s.from_velocity = omega_ * (s.from_dcm - segments_[i - 1].cop);
    }
    s.to_dcm = SingleSupportDcm(i, s.start_s + s.transfer_s);
    s.to_velocity = omega_ * (s.to_dcm - s.cop);
  }
}

void DcmPlanner::SetStanding(double time_s, const Eigen::Vector2d& cop_m) {
  Reset(time_s, cop_m, Eigen::Vector2d::Zero());
  AddSegment(cop_m, 0, 0);
  Finalize();
}

Eigen::Vector2d DcmPlanner::SingleSupportDcm(int i, double time_s) const {
  const Segment& s = segments_[i];
  if (i + 1 >= size_) return s.cop;
  const Segment& next = segments_[i + 1];
  return s.cop + std::exp(omega_ * (time_s - next.jump_s)) * (next.jump_dcm - s.cop);
}

DcmSample DcmPlanner::Evaluate(double time_s) const {
  DcmSample out;
  if (size_ == 0 || time_s < start_time_s_) {
    out.dcm_m = start_dcm_;
    out.dcm_velocity_mps = start_velocity_;
    out.cop_m = start_dcm_ - start_velocity_ / omega_;
    return out;
  }
  int i = 0;
  while (i + 1 < size_ && time_s >= segments_[i + 1].start_s) ++i;
  const Segment& s = segments_[i];
  const double into = time_s - s.start_s;
  if (into < s.transfer_s) {
    // Cubic Hermite on [0, d] in s = into / d.
    const double d = s.transfer_s;
    const double u = into / d;
    const double u2 = u * u, u3 = u2 * u;
    const double h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u;
    const double h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
    const double g00 = 6 * u2 - 6 * u, g10 = 3 * u2 - 4 * u + 1;
    const double g01 = -6 * u2 + 6 * u, g11 = 3 * u2 - 2 * u;
    out.dcm_m =
        h00 * s.from_dcm + h10 * d * s.from_velocity + h01 * s.to_dcm + h11 * d * s.to_velocity;
    out.dcm_velocity_mps =
        (g00 * s.from_dcm + g01 * s.to_dcm) / d + g10 * s.from_velocity + g11 * s.to_velocity;
    out.cop_m = out.dcm_m - out.dcm_velocity_mps / omega_;
    return out;
  }
  out.dcm_m = SingleSupportDcm(i, time_s);
  out.dcm_velocity_mps = omega_ * (out.dcm_m - s.cop);
  out.cop_m = s.cop;
  return out;
}

}  // namespace tianmu::control::locomotion
