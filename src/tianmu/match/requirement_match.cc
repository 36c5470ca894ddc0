#include "tianmu/match/requirement_match.h"

#include <cstdio>

#include "tianmu/capability/capability_key.h"

namespace tianmu::match {
namespace {

std::string Format(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

}  // namespace

const char* MatchStatusName(MatchStatus status) {
  switch (status) {
    case MatchStatus::kPass:
      return "pass";
    case MatchStatus::kFail:
      return "fail";
    case MatchStatus::kNotCertified:
      return "not certified";
  }
  return "?";
}

RequirementMatch MatchRequirement(const capability::Requirement& requirement,
                                  const ProfileFigure& figure, bool require_interval) {
  RequirementMatch m;
  m.requirement = requirement;
  m.figure = figure;
  if (const capability::CapabilityKey* k = capability::FindCapabilityKey(requirement.key)) {
    m.unit = k->unit;
  }
  const double bound = requirement.value;
  // Every capability is non-negative, so "at least 0" asks nothing of the robot.
  if (!requirement.at_most && bound <= 0) {
    m.status = MatchStatus::kPass;
    m.compared_as = "bound 0: met by any robot";
    if (figure.value) m.margin = *figure.value;
    return m;
  }
  if (!figure.value) {
    m.status = MatchStatus::kNotCertified;
    m.reason = requirement.key + " not certified: " + figure.reason;
    return m;
  }
  const std::optional<double>& side = requirement.at_most ? figure.ci_high : figure.ci_low;
  if (side) {
    m.compared = *side;
    m.compared_as = requirement.at_most ? "95 % interval high bound" : "95 % interval low bound";
  } else if (figure.origin.rfind("certification", 0) == 0) {
    if (require_interval) {
      m.status = MatchStatus::kNotCertified;
      m.reason = requirement.key + " not certified: the run gives the figure (" +
                 Format(*figure.value) + " " + m.unit + ") no interval (one trial)";
      return m;
    }
    m.compared = *figure.value;
    m.compared_as = "figure (no interval)";
    m.without_interval = true;
  } else {
    m.compared = *figure.value;
    m.compared_as = "declared figure";
  }
  m.margin = requirement.at_most ? bound - *m.compared : *m.compared - bound;
  if (bound > 0) m.relative_margin = *m.margin / bound;
  m.status = *m.margin >= 0 ? MatchStatus::kPass : MatchStatus::kFail;
  if (m.status == MatchStatus::kFail) {
    m.reason = requirement.key + " " + m.compared_as + " " + Format(*m.compared) + " " + m.unit +
               (requirement.at_most ? " > max " : " < min ") + Format(bound);
  }
  return m;
}

}  // namespace tianmu::match
