#include "tianmu/match/demand_match.h"

#include <algorithm>

namespace tianmu::match {
namespace {

double ScoreOf(const RequirementMatch& m) {
  if (m.status == MatchStatus::kNotCertified) return 0;
  if (!m.relative_margin) return m.status == MatchStatus::kPass ? 1 : -1;
  return std::clamp(*m.relative_margin, -1.0, 1.0);
}

// Failed requirements first (worst relative margin first), then the not-certified ones.
std::vector<std::string> Failing(const std::vector<RequirementMatch>& all, bool must) {
  std::vector<const RequirementMatch*> list;
  for (const RequirementMatch& m : all) {
    if (m.requirement.must == must && m.status != MatchStatus::kPass) list.push_back(&m);
  }
  std::stable_sort(list.begin(), list.end(), [](const auto* a, const auto* b) {
    const bool a_failed = a->status == MatchStatus::kFail;
    const bool b_failed = b->status == MatchStatus::kFail;
    if (a_failed != b_failed) return a_failed;
    return a_failed && a->relative_margin.value_or(-1) < b->relative_margin.value_or(-1);
  });
  std::vector<std::string> out;
  for (const RequirementMatch* m : list) out.push_back(m->requirement.key);
  return out;
}

ProfileMatch MatchProfile(const DemandSpec& demand, const CapabilityProfile& profile,
                          bool require_interval) {
  ProfileMatch p;
  p.profile = profile;
  double weighted = 0, weights = 0;
  for (const capability::Requirement& r : demand.requirements) {
    ProfileFigure figure;
    figure.reason = "not in the profile";
    if (const auto it = profile.figures.find(r.key); it != profile.figures.end()) {
      figure = it->second;
    }
    RequirementMatch m = MatchRequirement(r, figure, require_interval);
    weighted += r.weight * ScoreOf(m);
    weights += r.weight;
    p.requirements.push_back(std::move(m));
  }
  p.score = weights > 0 ? weighted / weights : 0;
  p.failing_musts = Failing(p.requirements, true);
  p.failing_nice_to_have = Failing(p.requirements, false);
  p.fit = p.failing_musts.empty();
  return p;
}

}  // namespace

DemandMatch MatchDemand(const DemandSpec& demand, const std::vector<CapabilityProfile>& profiles,
                        bool require_interval) {
  DemandMatch out;
  out.demand = demand;
  for (const CapabilityProfile& profile : profiles) {
    out.ranking.push_back(MatchProfile(demand, profile, require_interval));
  }
  std::stable_sort(out.ranking.begin(), out.ranking.end(),
                   [](const ProfileMatch& a, const ProfileMatch& b) {
                     if (a.fit != b.fit) return a.fit;
                     if (a.failing_musts.size() != b.failing_musts.size()) {
                       return a.failing_musts.size() < b.failing_musts.size();
                     }
                     if (a.score != b.score) return a.score > b.score;
                     return a.profile.variant < b.profile.variant;
                   });
  for (std::size_t i = 0; i < out.ranking.size(); ++i)
    out.ranking[i].rank = static_cast<int>(i + 1);
  return out;
}

}  // namespace tianmu::match
