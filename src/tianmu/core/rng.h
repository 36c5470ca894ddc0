// Deterministic random numbers: the same seed gives the same sequence on every platform
// (SplitMix64 seeding a xoshiro256** generator; Gaussian samples by the Box-Muller method).
#pragma once

#include <cstdint>

namespace tianmu {

/// A small seeded generator; copyable, so state can be forked deterministically.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);
  /// 64 uniformly distributed bits.
  std::uint64_t NextU64();
  /// Uniform in [0, 1).
  double Uniform();
  /// Uniform in [lo, hi).
  double Uniform(double lo, double hi);
  /// Normal with mean 0 and the given standard deviation.
  double Gaussian(double stddev = 1.0);

 private:
  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace tianmu
