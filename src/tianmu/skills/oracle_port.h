// Oracle perception port: poses straight from the simulator's ground truth, with configurable
// Gaussian noise, latency and dropouts (seeded). Labelled "oracle" wherever results appear: it
// stands in for perception until the perception issue lands, and is no evidence that vision
// would do as well.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "tianmu/core/rng.h"
#include "tianmu/sim/world.h"
#include "tianmu/skills/perception_port.h"

namespace tianmu::skills {

/// How far the oracle is from perfect.
struct OracleOptions {
  double position_noise_std_m = 0;       ///< per axis, world frame
  double orientation_noise_std_rad = 0;  ///< per axis of a small random rotation
  double latency_s = 0;                  ///< a reading shows the world this long ago
  double dropout_probability = 0;        ///< chance that a reading is missing, in [0, 1)
  std::uint64_t seed = 0;
};

/// What the command line uses unless told otherwise (`--oracle-*` flags): the imperfections of a
/// decent real perception stack, 5 mm and 0.5° noise, 30 ms latency, 5 % dropouts; seed 0.
OracleOptions RealisticOracleOptions();

/// Ground-truth poses of one sim::World.
class OraclePort : public PerceptionPort {
 public:
  /// `world` must outlive the port.
  OraclePort(const sim::World* world, const OracleOptions& options);
  const char* kind() const override { return "oracle"; }
  bool Track(const std::string& name) override;
  std::optional<PerceivedPose> Observe(const std::string& name) override;
  /// Records the tracked frames' true poses now; call once per control tick (after physics).
  void Sample();

 private:
  enum class Kind { kSite, kCamera, kBody };
  struct Frame {
    Kind kind = Kind::kBody;
    int id = -1;
    std::deque<PerceivedPose> history;  ///< oldest first, covering the latency
  };
  PerceivedPose TruePose(const Frame& frame) const;

  const sim::World* world_;
  OracleOptions options_;
  Rng rng_;
  std::map<std::string, Frame> frames_;
};

}  // namespace tianmu::skills
