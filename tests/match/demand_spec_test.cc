// Demand specs: the format, its validation (file, line, field, what was expected), scenarios read
// as demands, and the shipped demands in assets/demands/.
#include "tianmu/match/demand_spec.h"

#include <gtest/gtest.h>

#include <set>

#include "input_error_of.h"
#include "tianmu/core/assets.h"

namespace tianmu::match {
namespace {

using testing::InputErrorOf;

const std::string kValid = R"(name: tote
title: {en: Tote transfer, zh: 料箱搬运}
category: manufacturing
requirements:
  payload_kg: {min: 10, unit: kg, source: "a loaded small load carrier"}
  speeds.max_walk_speed_mps: {min: 0.5, weight: 2}
  energy.cost_of_transport: {max: 1.2, must: false}
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string ErrorOf(const std::string& yaml) {
  return InputErrorOf([&] { ParseDemand(yaml, "demands/tote.yaml"); });
}

TEST(DemandSpec, ReadsNameTitlesCategoryAndRequirementsInOrder) {
  const DemandSpec d = ParseDemand(kValid, "demands/tote.yaml");
  EXPECT_EQ(d.name, "tote");
  EXPECT_EQ(d.title_zh, "料箱搬运");
  EXPECT_EQ(d.category, "manufacturing");
  EXPECT_TRUE(d.scenario.empty());
  ASSERT_EQ(d.requirements.size(), 3u);
  EXPECT_EQ(d.requirements[0].key, "payload_kg");
  EXPECT_EQ(d.requirements[0].line, 5);
  EXPECT_DOUBLE_EQ(d.requirements[1].weight, 2);
  EXPECT_TRUE(d.requirements[2].at_most);
  EXPECT_FALSE(d.requirements[2].must);
}

TEST(DemandSpec, ErrorsNameTheFileTheLineAndTheField) {
  std::string e = ErrorOf(Replace(kValid, "category: manufacturing", "category: mining"));
  EXPECT_NE(e.find("demands/tote.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("category"), std::string::npos) << e;
  e = ErrorOf(kValid + "budget_cny: 300000\n");
  EXPECT_NE(e.find("demands/tote.yaml:8"), std::string::npos) << e;
  EXPECT_NE(e.find("budget_cny"), std::string::npos) << e;
  EXPECT_NE(e.find("requirements"), std::string::npos) << "lists the known fields: " << e;
  e = ErrorOf(Replace(kValid, "payload_kg: {min: 10", "payload_kilos: {min: 10"));
  EXPECT_NE(e.find("demands/tote.yaml:5"), std::string::npos) << e;
  EXPECT_NE(e.find("requirements.payload_kilos"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "unit: kg", "unit: lb"));
  EXPECT_NE(e.find("demands/tote.yaml:5"), std::string::npos) << e;
  EXPECT_NE(e.find("'kg'"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "name: tote", "name: crate"));
  EXPECT_NE(e.find("demands/tote.yaml:1"), std::string::npos) << e;
  EXPECT_NE(e.find("'tote'"), std::string::npos) << "names the expected stem: " << e;
  e = ErrorOf(
      Replace(kValid, "category: manufacturing", "category: manufacturing\nscenario: moon"));
  EXPECT_NE(e.find("demands/tote.yaml:4"), std::string::npos) << e;
  EXPECT_NE(e.find("scenario"), std::string::npos) << e;
  e = ErrorOf("name: tote\ntitle: {en: a, zh: b}\ncategory: services\nrequirements: {}\n");
  EXPECT_NE(e.find("requirements"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "title: {en: Tote transfer, zh: 料箱搬运}", "title: {en: Tote}"));
  EXPECT_NE(e.find("title.zh"), std::string::npos) << e;
}

TEST(DemandSpec, AScenarioFileIsADemandMadeOfItsRequires) {
  const DemandSpec d = LoadDemand(AssetsDir() / "scenarios" / "reception.yaml");
  EXPECT_EQ(d.name, "reception");
  EXPECT_EQ(d.scenario, "reception");
  EXPECT_EQ(d.category, "services");
  ASSERT_FALSE(d.requirements.empty());
  EXPECT_EQ(d.requirements[0].key, "speeds.max_walk_speed_mps");
  for (const auto& r : d.requirements) EXPECT_TRUE(r.must) << r.key;
}

TEST(DemandSpec, ALinkedScenarioAddsTheRequiresTheDemandDoesNotStateItself) {
  const std::string yaml = R"(name: patrol
title: {en: Patrol, zh: 巡检}
category: hazardous
scenario: inspection_patrol
requirements:
  speeds.max_walk_speed_mps: {min: 0.4}
)";
  const DemandSpec d = ParseDemand(yaml, "patrol.yaml");
  EXPECT_EQ(d.scenario, "inspection_patrol");
  int speed_bounds = 0;
  bool has_navigation = false;
  for (const auto& r : d.requirements) {
    if (r.key == "speeds.max_walk_speed_mps") {
      ++speed_bounds;
      EXPECT_DOUBLE_EQ(r.value, 0.4) << "the demand's own bound wins over the scenario's 0.2";
    }
    if (r.key == "navigation.walk_to_target_error_m") {
      has_navigation = true;
      EXPECT_NE(r.source.find("inspection_patrol"), std::string::npos) << r.source;
    }
  }
  EXPECT_EQ(speed_bounds, 1);
  EXPECT_TRUE(has_navigation);
}

TEST(DemandSpec, TheTwelveShippedDemandsLoadAndSayWhereEveryNumberComesFrom) {
  const auto files = DemandFiles(AssetsDir() / "demands");
  ASSERT_EQ(files.size(), 12u);
  std::set<std::string> categories, scenarios;
  for (const auto& f : files) {
    const DemandSpec d = LoadDemand(f);
    categories.insert(d.category);
    if (!d.scenario.empty()) scenarios.insert(d.scenario);
    EXPECT_GE(d.requirements.size(), 3u) << d.name;
    bool has_must = false;
    for (const auto& r : d.requirements) {
      EXPECT_FALSE(r.source.empty()) << d.name << " " << r.key;
      has_must = has_must || r.must;
    }
    EXPECT_TRUE(has_must) << d.name;
  }
  EXPECT_EQ(categories, (std::set<std::string>{"hazardous", "manufacturing", "services"}));
  // Both shipped scenarios have their demand.
  EXPECT_EQ(scenarios, (std::set<std::string>{"inspection_patrol", "reception"}));
}

}  // namespace
}  // namespace tianmu::match
