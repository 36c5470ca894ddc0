// Matching a demand against certified profiles: every requirement judged on every profile, the
// profiles ranked fits first (every must met) by a weighted score of their margins.
#pragma once

#include <string>
#include <vector>

#include "tianmu/match/capability_profile.h"
#include "tianmu/match/demand_spec.h"
#include "tianmu/match/requirement_match.h"

namespace tianmu::match {

/// One profile against one demand.
struct ProfileMatch {
  CapabilityProfile profile;  ///< the certified robot or variant
  bool fit = false;  ///< every must requirement passed (a not-certified must is not passed)
  /// Weighted mean over requirements of the relative margin clamped to [-1, 1] (a bound of 0
  /// counts 1 when met; a not-certified requirement counts 0). Higher is better.
  double score = 0;
  std::vector<RequirementMatch> requirements;  ///< in the demand's order
  /// Musts that failed or are not certified, failed ones first, worst relative margin first.
  std::vector<std::string> failing_musts;
  std::vector<std::string> failing_nice_to_have;  ///< the same for nice-to-have requirements
  int rank = 0;                                   ///< 1-based position in the ranking
};

/// One demand against every profile.
struct DemandMatch {
  DemandSpec demand;                  ///< the demand matched
  std::vector<ProfileMatch> ranking;  ///< fits by score, then non-fits by failing musts, score
};

/// Judges every requirement of `demand` on every profile (MatchRequirement, with
/// `require_interval`) and ranks them. A profile that fails or lacks a figure for a must is never
/// a fit, whatever its score.
DemandMatch MatchDemand(const DemandSpec& demand, const std::vector<CapabilityProfile>& profiles,
                        bool require_interval = false);

}  // namespace tianmu::match
