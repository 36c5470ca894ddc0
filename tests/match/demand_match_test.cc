// The matcher on crafted profiles: a robot that fails a must, or has no certified figure for it,
// is never a fit; the interval bound on the unfavourable side is what meets the bound; ranking.
#include "tianmu/match/demand_match.h"

#include <gtest/gtest.h>

#include "input_error_of.h"
#include "tianmu/match/match_json.h"
#include "tianmu/match/match_report.h"

namespace tianmu::match {
namespace {

// A profile.json as `tianmu certify` writes it, with only the figures a test sets. The robot is
// not a shipped one, so its hands are not declared either.
nlohmann::json Profile(const std::string& robot) {
  return {{"schema", "tianmu.certify.profile/1"},
          {"robot", robot},
          {"suite", "quick"},
          {"seed", 1},
          {"component_swaps", nlohmann::json::array()},
          {"speeds", {{"max_walk_speed_mps", nullptr}, {"turn_rate_radps", nullptr}}},
          {"payload_kg", nullptr},
          {"navigation", {{"walk_to_target_error_m", nullptr}}},
          {"figures", nlohmann::json::object()}};
}

void SetFigure(nlohmann::json* p, const std::string& key, const std::string& item, double value,
               std::optional<double> ci_low, std::optional<double> ci_high,
               const std::string& verdict = "pass") {
  nlohmann::json* node = p;
  std::size_t start = 0;
  for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
    node = &(*node)[key.substr(start, dot - start)];
    start = dot + 1;
  }
  (*node)[key.substr(start)] = value;
  (*p)["figures"][item] = {
      {"value", value},
      {"unit", ""},
      {"ci_low", ci_low ? nlohmann::json(*ci_low) : nlohmann::json(nullptr)},
      {"ci_high", ci_high ? nlohmann::json(*ci_high) : nlohmann::json(nullptr)},
      {"verdict", verdict},
      {"reason", ""}};
}

void SetNotAvailable(nlohmann::json* p, const std::string& item, const std::string& reason) {
  (*p)["figures"][item] = {{"value", nullptr},           {"unit", ""},
                           {"ci_low", nullptr},          {"ci_high", nullptr},
                           {"verdict", "not_available"}, {"reason", reason}};
}

DemandSpec Demand(const std::string& requirements) {
  return ParseDemand(
      "name: d\ntitle: {en: D, zh: D}\ncategory: services\nrequirements:\n" + requirements,
      "d.yaml");
}

const ProfileMatch& Of(const DemandMatch& m, const std::string& robot) {
  for (const ProfileMatch& p : m.ranking) {
    if (p.profile.robot == robot) return p;
  }
  throw std::logic_error("no " + robot);
}

TEST(MatchDemand, ARobotFailingAMustIsNeverAFitHoweverLargeItsOtherMargins) {
  nlohmann::json fast = Profile("fast");  // far beyond the speed bound, misses the accuracy one
  SetFigure(&fast, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 5.0, 4.8, 5.2);
  SetFigure(&fast, "speeds.turn_rate_radps", "perf.turn_rate", 5.0, 4.8, 5.2);
  SetFigure(&fast, "navigation.walk_to_target_error_m", "perf.walk_to_target", 0.31, 0.30, 0.32);
  nlohmann::json steady = Profile("steady");  // just meets every bound
  SetFigure(&steady, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 0.55, 0.51, 0.6);
  SetFigure(&steady, "speeds.turn_rate_radps", "perf.turn_rate", 0.35, 0.31, 0.4);
  SetFigure(&steady, "navigation.walk_to_target_error_m", "perf.walk_to_target", 0.1, 0.08, 0.12);
  const DemandSpec d = Demand(
      "  speeds.max_walk_speed_mps: {min: 0.5, weight: 5}\n"
      "  speeds.turn_rate_radps: {min: 0.3, weight: 5}\n"
      "  navigation.walk_to_target_error_m: {max: 0.25}\n");
  const DemandMatch m = MatchDemand(
      d, {ParseProfile(fast, "fast/profile.json"), ParseProfile(steady, "steady/profile.json")});
  ASSERT_EQ(m.ranking.size(), 2u);
  EXPECT_EQ(m.ranking[0].profile.robot, "steady");
  EXPECT_TRUE(m.ranking[0].fit);
  EXPECT_EQ(m.ranking[0].rank, 1);
  const ProfileMatch& f = Of(m, "fast");
  EXPECT_FALSE(f.fit);
  EXPECT_GT(f.score, m.ranking[0].score) << "a higher score must not make a fit of a must-fail";
  EXPECT_EQ(f.failing_musts, std::vector<std::string>{"navigation.walk_to_target_error_m"});
  EXPECT_EQ(f.requirements[2].status, MatchStatus::kFail);
  EXPECT_NEAR(*f.requirements[2].margin, 0.25 - 0.32, 1e-12);
}

TEST(MatchDemand, TheConservativeIntervalBoundDecidesNotThePointEstimate) {
  nlohmann::json p = Profile("r");
  // Mean 0.6 clears a 0.55 minimum, but the interval's low bound (0.5) does not.
  SetFigure(&p, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 0.6, 0.5, 0.7);
  // Mean 0.2 is under a 0.25 maximum, and so is the interval's high bound (0.24).
  SetFigure(&p, "navigation.walk_to_target_error_m", "perf.walk_to_target", 0.2, 0.16, 0.24);
  const DemandMatch m = MatchDemand(Demand("  speeds.max_walk_speed_mps: 0.55\n"
                                           "  navigation.walk_to_target_error_m: 0.25\n"),
                                    {ParseProfile(p, "r/profile.json")});
  const ProfileMatch& r = m.ranking[0];
  EXPECT_EQ(r.requirements[0].status, MatchStatus::kFail);
  EXPECT_DOUBLE_EQ(*r.requirements[0].compared, 0.5);
  EXPECT_EQ(r.requirements[0].compared_as, "95 % interval low bound");
  EXPECT_NEAR(*r.requirements[0].margin, -0.05, 1e-12);
  EXPECT_NEAR(*r.requirements[0].relative_margin, -0.05 / 0.55, 1e-12);
  EXPECT_EQ(r.requirements[1].status, MatchStatus::kPass);
  EXPECT_DOUBLE_EQ(*r.requirements[1].compared, 0.24);
  EXPECT_NEAR(*r.requirements[1].margin, 0.01, 1e-12);
  EXPECT_FALSE(r.fit);
}

TEST(MatchDemand, AFigureWithoutAnIntervalIsComparedAsItIs) {
  nlohmann::json p = Profile("r");
  SetFigure(&p, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 0.6, std::nullopt,
            std::nullopt);
  const DemandMatch m =
      MatchDemand(Demand("  speeds.max_walk_speed_mps: 0.55\n"), {ParseProfile(p, "r/p.json")});
  EXPECT_EQ(m.ranking[0].requirements[0].status, MatchStatus::kPass);
  EXPECT_EQ(m.ranking[0].requirements[0].compared_as, "figure (no interval)");
  EXPECT_TRUE(m.ranking[0].requirements[0].without_interval);
  EXPECT_TRUE(m.ranking[0].fit);
  // Asked for intervals, the same figure is not certified, so not a fit.
  const DemandMatch strict = MatchDemand(Demand("  speeds.max_walk_speed_mps: 0.55\n"),
                                         {ParseProfile(p, "r/p.json")}, true);
  EXPECT_EQ(strict.ranking[0].requirements[0].status, MatchStatus::kNotCertified);
  EXPECT_NE(strict.ranking[0].requirements[0].reason.find("no interval"), std::string::npos);
  EXPECT_FALSE(strict.ranking[0].fit);
}

TEST(MatchDemand, AnUncertifiedMustIsNotAFitAndAnUncertifiedNiceToHaveIsNamed) {
  nlohmann::json p = Profile("r");
  SetFigure(&p, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 0.6, 0.58, 0.62);
  SetNotAvailable(&p, "perf.payload", "no two-handed grasp yet");
  const DemandMatch must =
      MatchDemand(Demand("  speeds.max_walk_speed_mps: 0.5\n  payload_kg: {min: 5}\n"),
                  {ParseProfile(p, "r/p.json")});
  const ProfileMatch& r = must.ranking[0];
  EXPECT_FALSE(r.fit);
  EXPECT_EQ(r.requirements[1].status, MatchStatus::kNotCertified);
  EXPECT_NE(r.requirements[1].reason.find("no two-handed grasp yet"), std::string::npos)
      << r.requirements[1].reason;
  EXPECT_EQ(r.failing_musts, std::vector<std::string>{"payload_kg"});

  const DemandMatch nice =
      MatchDemand(Demand("  speeds.max_walk_speed_mps: 0.5\n  payload_kg: {min: 5, must: false}\n"),
                  {ParseProfile(p, "r/p.json")});
  EXPECT_TRUE(nice.ranking[0].fit);
  EXPECT_EQ(nice.ranking[0].failing_nice_to_have, std::vector<std::string>{"payload_kg"});
  // An item the run did not include is not certified either (never silently passed).
  const DemandMatch missing =
      MatchDemand(Demand("  terrain.max_step_m: 0.02\n"), {ParseProfile(p, "r/p.json")});
  EXPECT_EQ(missing.ranking[0].requirements[0].status, MatchStatus::kNotCertified);
  EXPECT_FALSE(missing.ranking[0].fit);
}

TEST(MatchDemand, AMinimumOfZeroIsMetByAnyRobot) {
  nlohmann::json p = Profile("r");
  SetNotAvailable(&p, "perf.payload", "no two-handed grasp yet");
  const DemandMatch m = MatchDemand(Demand("  payload_kg: 0\n"), {ParseProfile(p, "r/p.json")});
  EXPECT_EQ(m.ranking[0].requirements[0].status, MatchStatus::kPass);
  EXPECT_TRUE(m.ranking[0].fit);
}

TEST(MatchDemand, HandsComeFromTheShippedRobotsDescription) {
  const DemandSpec d = Demand("  hands: 2\n");
  const DemandMatch m = MatchDemand(d, {ParseProfile(Profile("tm1"), "a/profile.json"),
                                        ParseProfile(Profile("homemade"), "b/profile.json")});
  const ProfileMatch& tm1 = Of(m, "tm1");
  EXPECT_TRUE(tm1.fit);
  EXPECT_EQ(tm1.requirements[0].figure.origin, "robot.yaml (declared)");
  EXPECT_DOUBLE_EQ(*tm1.requirements[0].figure.value, 2);
  EXPECT_EQ(Of(m, "homemade").requirements[0].status, MatchStatus::kNotCertified);
}

TEST(MatchDemand, FitsAreRankedByTheirWeightedMargins) {
  nlohmann::json a = Profile("a"), b = Profile("b");
  SetFigure(&a, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 0.7, 0.65, 0.75);
  SetFigure(&b, "speeds.max_walk_speed_mps", "perf.max_walk_speed", 0.9, 0.85, 0.95);
  const DemandMatch m = MatchDemand(Demand("  speeds.max_walk_speed_mps: 0.5\n"),
                                    {ParseProfile(a, "a/p.json"), ParseProfile(b, "b/p.json")});
  EXPECT_EQ(m.ranking[0].profile.robot, "b");
  EXPECT_NEAR(m.ranking[0].score, (0.85 - 0.5) / 0.5, 1e-12);
  EXPECT_NEAR(m.ranking[1].score, (0.65 - 0.5) / 0.5, 1e-12);
  EXPECT_TRUE(m.ranking[1].fit);
}

TEST(CapabilityProfile, ComponentSwapsNameTheVariantAndBadProfilesAreInputErrors) {
  nlohmann::json p = Profile("tm1");
  p["component_swaps"] = {{{"selector", "left_knee"}, {"component", "tm-j200c"}},
                          {{"selector", "right_knee"}, {"component", "tm-j200c"}}};
  EXPECT_EQ(ParseProfile(p, "x/profile.json").variant,
            "tm1 + left_knee=tm-j200c, right_knee=tm-j200c");
  p["schema"] = "tianmu.certify.results/1";
  const std::string e = testing::InputErrorOf([&] { ParseProfile(p, "x/profile.json"); });
  EXPECT_NE(e.find("x/profile.json"), std::string::npos) << e;
  EXPECT_NE(e.find("schema"), std::string::npos) << e;
}

TEST(MatchReport, JsonAndHtmlNameTheFailingRequirementAndLinkTheRun) {
  nlohmann::json p = Profile("r");
  SetNotAvailable(&p, "perf.payload", "no two-handed grasp yet");
  const DemandMatch m =
      MatchDemand(Demand("  payload_kg: 5\n"), {ParseProfile(p, "/runs/r/profile.json")});
  const nlohmann::json j = DemandMatchJson(m);
  EXPECT_EQ(j["fits"], 0);
  EXPECT_EQ(j["ranking"][0]["failing_musts"][0], "payload_kg");
  EXPECT_EQ(j["ranking"][0]["requirements"][0]["status"], "not certified");
  EXPECT_EQ(j["ranking"][0]["profile"], "/runs/r/profile.json");
  const std::string html = MatchReportHtml({m}, "/runs");
  EXPECT_NE(html.find("href=\"r/profile.json\""), std::string::npos) << html;
  EXPECT_NE(html.find("not a fit"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace tianmu::match
