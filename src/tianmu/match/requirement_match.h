// One requirement of a demand against one figure of a capability profile: pass, fail or not
// certified, and by what margin, judged on the figure's conservative interval bound.
#pragma once

#include <optional>
#include <string>

#include "tianmu/capability/requirement.h"
#include "tianmu/match/capability_profile.h"

namespace tianmu::match {

/// How a profile stands against one requirement.
enum class MatchStatus {
  kPass,          ///< the compared figure meets the bound
  kFail,          ///< it does not
  kNotCertified,  ///< the profile has no figure for the capability (never counted as met)
};

/// "pass", "fail" or "not certified".
const char* MatchStatusName(MatchStatus status);

/// One requirement judged against one profile.
struct RequirementMatch {
  capability::Requirement requirement;  ///< the demand's requirement, as stated
  std::string unit;                     ///< the capability's unit (the bound's and the figure's)
  MatchStatus status = MatchStatus::kNotCertified;  ///< pass, fail or not certified
  ProfileFigure figure;            ///< the profile's figure, with interval, verdict and origin
  std::optional<double> compared;  ///< the number held against the bound
  std::string compared_as;         ///< which number that is ("95 % interval low bound", ...)
  bool without_interval = false;   ///< the figure itself was compared: the run gave no interval
  /// compared − bound for a min, bound − compared for a max, in `unit`: ≥ 0 meets the bound.
  std::optional<double> margin;
  std::optional<double> relative_margin;  ///< margin / bound; null when the bound is 0
  std::string reason;                     ///< why it failed or is not certified, else ""
};

/// Judges `requirement` against `figure`. The number compared is the 95 % interval's bound on
/// the unfavourable side (low bound for a min, high bound for a max) where the figure has an
/// interval, else the figure itself — or, with `require_interval`, a certified figure without an
/// interval is not certified. A min of 0 is met by any robot, certified or not.
RequirementMatch MatchRequirement(const capability::Requirement& requirement,
                                  const ProfileFigure& figure, bool require_interval = false);

}  // namespace tianmu::match
