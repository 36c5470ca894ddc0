// Perturbations: an external force and torque on a named body for a duration, scheduled by
// simulation time (pushes for tests and certification). Parsed from
// "t=3,body=pelvis,f=200,0,0,dur=0.1".
#pragma once

#include <array>
#include <string>

namespace tianmu::sim {

/// A wrench applied at a body's centre of mass, in the world frame, during [start, start +
/// duration).
struct Perturbation {
  double start_s = 0;
  double duration_s = 0.1;
  std::string body;                   ///< MJCF body name ("base" is resolved by the World)
  std::array<double, 3> force_N{};    ///< world frame
  std::array<double, 3> torque_Nm{};  ///< world frame

  /// The linear impulse delivered, |force| * duration.
  double ImpulseNs() const;
};

/// Parses "t=T,body=NAME,f=FX,FY,FZ[,tau=TX,TY,TZ][,dur=D]" or with "impulse=IX,IY,IZ" in place
/// of f (force = impulse / dur). Raises InputError naming the key and what was expected.
Perturbation ParsePerturbation(const std::string& text);

}  // namespace tianmu::sim
