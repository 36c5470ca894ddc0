// ContactDetector: whether one foot is on the ground, from the normal force its F/T sensor
// measures, with hysteresis so that a force hovering near one threshold cannot make it chatter.
#pragma once

namespace tianmu::estimation {

/// Hysteresis on the sole-frame normal force Fz (force on the robot from outside: positive when
/// the ground pushes the foot up). On above `on_threshold_N`, off below `off_threshold_N`.
class ContactDetector {
 public:
  /// Requires off_threshold_N <= on_threshold_N (a wider gap rejects more chatter).
  ContactDetector(double on_threshold_N, double off_threshold_N)
      : on_threshold_N_(on_threshold_N), off_threshold_N_(off_threshold_N) {}

  /// Sets the state directly (e.g. at reset or from a gait-phase hint).
  void Set(bool contact) { contact_ = contact; }
  /// One reading of the normal force, N; returns the contact state after it. Non-finite readings
  /// leave the state unchanged.
  bool Update(double normal_force_N) {
    if (contact_ && normal_force_N < off_threshold_N_) contact_ = false;
    if (!contact_ && normal_force_N > on_threshold_N_) contact_ = true;
    return contact_;
  }
  bool contact() const { return contact_; }
  double on_threshold_N() const { return on_threshold_N_; }
  double off_threshold_N() const { return off_threshold_N_; }

 private:
  double on_threshold_N_;
  double off_threshold_N_;
  bool contact_ = false;
};

}  // namespace tianmu::estimation
