// A demand's match against certified profiles as JSON (`tianmu match --json`), schema
// tianmu.match/1.
#pragma once

#include <nlohmann/json.hpp>

#include "tianmu/match/demand_match.h"

namespace tianmu::match {

/// The demand (name, titles, file, requirements) and the ranking: per profile its variant, run
/// files, fit, score, failing requirements and every requirement's figure, interval, compared
/// number, margins and status.
nlohmann::json DemandMatchJson(const DemandMatch& match);

}  // namespace tianmu::match
