// The flags that say how far the oracle perception (simulator ground truth with noise, latency
// and dropouts) is from perfect, shared by the commands that run skills: `skill run`, `do`.
#pragma once

#include <vector>

#include "flags.h"
#include "tianmu/skills/oracle_port.h"

namespace tianmu::cli {

/// --oracle-noise, --oracle-angle-noise, --oracle-latency and --oracle-dropout, with their units,
/// defaults and ranges.
std::vector<FlagSpec> OracleFlags();

/// `flags` followed by OracleFlags().
std::vector<FlagSpec> WithOracleFlags(std::vector<FlagSpec> flags);

/// The oracle options the parsed OracleFlags() give (the seed is left at 0 for the caller).
skills::OracleOptions ReadOracleFlags(const Flags& flags);

}  // namespace tianmu::cli
