#include "oracle_flags.h"

#include <cmath>

#include "tianmu/core/shortest_number.h"

namespace tianmu::cli {

std::vector<FlagSpec> OracleFlags() {
  const skills::OracleOptions d = skills::RealisticOracleOptions();
  return {Option("oracle-noise", "M", "oracle position noise, per axis (std)")
              .Unit("m")
              .Default(ShortestNumber(d.position_noise_std_m))
              .Range(0, 1),
          Option("oracle-angle-noise", "DEG", "oracle orientation noise, per axis (std)")
              .Unit("deg")
              .Default(ShortestNumber(d.orientation_noise_std_rad * 180 / M_PI))
              .Range(0, 45),
          Option("oracle-latency", "T", "age of every oracle reading")
              .Unit("s")
              .Default(ShortestNumber(d.latency_s))
              .Range(0, 2),
          Option("oracle-dropout", "P", "probability that an oracle reading is missing")
              .Default(ShortestNumber(d.dropout_probability))
              .Range(0, 0.95)};
}

std::vector<FlagSpec> WithOracleFlags(std::vector<FlagSpec> flags) {
  for (FlagSpec& flag : OracleFlags()) flags.push_back(std::move(flag));
  return flags;
}

skills::OracleOptions ReadOracleFlags(const Flags& flags) {
  skills::OracleOptions o;
  o.position_noise_std_m = flags.Number("oracle-noise");
  o.orientation_noise_std_rad = flags.Number("oracle-angle-noise") * M_PI / 180;
  o.latency_s = flags.Number("oracle-latency");
  o.dropout_probability = flags.Number("oracle-dropout");
  return o;
}

}  // namespace tianmu::cli
