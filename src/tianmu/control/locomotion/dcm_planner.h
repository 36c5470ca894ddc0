// DcmPlanner: the divergent-component-of-motion reference of Englsberger, Ott and Albu-Schäffer
// (IEEE T-RO 2015) for a sequence of CoP points (footsteps): end-of-step DCMs by backward
// recursion, exponential DCM within single support, cubic Hermite interpolation over each double
// support so ξ, ξ̇ and the reference CoP are continuous. Horizontal (world x, y), no allocation.
#pragma once

#include <Eigen/Dense>
#include <array>

namespace tianmu::control::locomotion {

/// The DCM reference at one instant: ξ (m), ξ̇ (m/s) and the CoP p = ξ − ξ̇/ω (m), world x, y.
struct DcmSample {
  Eigen::Vector2d dcm_m = Eigen::Vector2d::Zero();
  Eigen::Vector2d dcm_velocity_mps = Eigen::Vector2d::Zero();
  Eigen::Vector2d cop_m = Eigen::Vector2d::Zero();
};

/// A DCM plan over CoP segments. Segment i: a transfer (double support) of duration d_i into CoP
/// p_i, then a hold (single support) of duration h_i on p_i. The last segment is terminal: the
/// DCM comes to rest on its CoP (standing). ξ̇ = ω(ξ − p) holds everywhere.
class DcmPlanner {
 public:
  static constexpr int kMaxSegments = 6;
  /// Where the CoP jump of the piecewise-constant plan lies within each transfer (0.5: centre).
  static constexpr double kTransferSplit = 0.5;

  /// `omega_per_s` = √(g / z_c).
  explicit DcmPlanner(double omega_per_s);

  /// Starts a new plan at `start_time_s` from a DCM state; the first transfer interpolates from
  /// it, which keeps the reference continuous across re-plans.
  void Reset(double start_time_s, const Eigen::Vector2d& dcm_m,
             const Eigen::Vector2d& dcm_velocity_mps);
  /// Appends a segment; returns false (and changes nothing) when kMaxSegments are planned.
  bool AddSegment(const Eigen::Vector2d& cop_m, double transfer_duration_s, double hold_duration_s);
  /// Computes the boundary DCMs backwards from the terminal CoP. Call after the last AddSegment.
  void Finalize();
  /// A plan at rest: ξ = p = `cop_m` from `time_s` on.
  void SetStanding(double time_s, const Eigen::Vector2d& cop_m);

  /// The reference at absolute time `time_s` (the start state before the plan starts).
  DcmSample Evaluate(double time_s) const;

  int size() const { return size_; }
  double omega() const { return omega_; }
  const Eigen::Vector2d& cop(int i) const { return segments_[i].cop; }
  /// Start of segment i's transfer (absolute time, s).
  double TransferStartTime(int i) const { return segments_[i].start_s; }
  /// Start of segment i's hold = end of its transfer.
  double HoldStartTime(int i) const { return segments_[i].start_s + segments_[i].transfer_s; }
  /// End of segment i's hold = start of the next transfer.
  double HoldEndTime(int i) const { return HoldStartTime(i) + segments_[i].hold_s; }
  /// The exponential (single-support) reference of segment i at `time_s`: p_i +
  /// e^(ω(t − τ_{i+1}))(ξ(τ_{i+1}) − p_i); the terminal segment gives p_i.
  Eigen::Vector2d SingleSupportDcm(int i, double time_s) const;
  /// The DCM at the end of segment i's hold (the nominal DCM at the next touchdown).
  Eigen::Vector2d EndOfHoldDcm(int i) const { return SingleSupportDcm(i, HoldEndTime(i)); }

 private:
  struct Segment {
    Eigen::Vector2d cop = Eigen::Vector2d::Zero();
    double start_s = 0;     ///< transfer start
    double transfer_s = 0;  ///< double-support duration
    double hold_s = 0;      ///< single-support duration
    double jump_s = 0;      ///< τ_i: CoP jump time of the piecewise-constant plan
    Eigen::Vector2d jump_dcm = Eigen::Vector2d::Zero();  ///< ξ(τ_i) of the exponential plan
    // Hermite end points of the transfer.
    Eigen::Vector2d from_dcm = Eigen::Vector2d::Zero(), from_velocity = Eigen::Vector2d::Zero();
    Eigen::Vector2d to_dcm = Eigen::Vector2d::Zero(), to_velocity = Eigen::Vector2d::Zero();
  };
  double omega_;
  double start_time_s_ = 0;
  Eigen::Vector2d start_dcm_ = Eigen::Vector2d::Zero();
  Eigen::Vector2d start_velocity_ = Eigen::Vector2d::Zero();
  std::array<Segment, kMaxSegments> segments_{};
  int size_ = 0;
};

}  // namespace tianmu::control::locomotion
