// The requirement parser shared by scenario `requires:` and demand specs: shorthand and full
// forms, bound direction from the vocabulary, and errors naming file, line and field.
#include "tianmu/capability/requirement.h"

#include <gtest/gtest.h>

#include "tianmu/capability/capability_key.h"
#include "tianmu/core/error.h"

namespace tianmu::capability {
namespace {

std::vector<Requirement> Read(const std::string& yaml) {
  return ReadRequirements(ConfigNode::LoadString(yaml, "demand.yaml").Required("requirements"));
}

std::string ErrorOf(const std::string& yaml) {
  try {
    Read(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CapabilityKeys, EveryKeyIsUniqueAndHasAUnitAndAnOrigin) {
  for (const CapabilityKey& k : CapabilityKeys()) {
    EXPECT_EQ(FindCapabilityKey(k.key), &k) << k.key << " appears twice";
    EXPECT_FALSE(k.unit.empty()) << k.key;
    EXPECT_TRUE(k.origin == "certification" || k.origin == "robot.yaml") << k.key;
  }
  EXPECT_EQ(FindCapabilityKey("max_speed"), nullptr);
}

TEST(Requirements, ShorthandTakesTheDirectionFromTheVocabulary) {
  const auto r = Read(
      "requirements:\n  speeds.max_walk_speed_mps: 0.5\n  navigation.walk_to_target_error_m: "
      "0.1\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_FALSE(r[0].at_most);
  EXPECT_DOUBLE_EQ(r[0].value, 0.5);
  EXPECT_TRUE(r[0].must);
  EXPECT_TRUE(r[1].at_most);
  EXPECT_EQ(r[1].line, 3);
  EXPECT_EQ(r[1].file, "demand.yaml");
}

TEST(Requirements, FullFormCarriesWeightMustAndSource) {
  const auto r = Read(
      "requirements:\n"
      "  safety.estop_stop_time_s: {max: 0.5, unit: s, must: false, weight: 3, source: ISO}\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].at_most);
  EXPECT_DOUBLE_EQ(r[0].value, 0.5);
  EXPECT_FALSE(r[0].must);
  EXPECT_DOUBLE_EQ(r[0].weight, 3);
  EXPECT_EQ(r[0].source, "ISO");
}

TEST(Requirements, ErrorsNameFileLineFieldAndWhatWasExpected) {
  std::string e = ErrorOf("requirements:\n  speeds.max_walk_speed_mps: 0.5\n  max_speed: 1\n");
  EXPECT_NE(e.find("demand.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("max_speed"), std::string::npos) << e;
  EXPECT_NE(e.find("terrain.max_slope_deg"), std::string::npos) << "lists the vocabulary: " << e;
  // A min on a figure that must be small is a misunderstanding, not a bound.
  e = ErrorOf("requirements:\n  safety.estop_stop_time_s: {min: 0.5}\n");
  EXPECT_NE(e.find("demand.yaml:2"), std::string::npos) << e;
  EXPECT_NE(e.find("'max'"), std::string::npos) << e;
  e = ErrorOf("requirements:\n  terrain.max_step_m: {min: 5, unit: cm}\n");
  EXPECT_NE(e.find("terrain.max_step_m.unit"), std::string::npos) << e;
  EXPECT_NE(e.find("'m'"), std::string::npos) << e;
  e = ErrorOf("requirements:\n  terrain.max_step_m: {min: 0.05, mandatory: true}\n");
  EXPECT_NE(e.find("mandatory"), std::string::npos) << e;
  EXPECT_NE(e.find("must"), std::string::npos) << "lists the known fields: " << e;
  e = ErrorOf("requirements:\n  terrain.max_step_m: -0.1\n");
  EXPECT_NE(e.find("terrain.max_step_m"), std::string::npos) << e;
  e = ErrorOf("requirements:\n  terrain.max_step_m: {min: 0.1, weight: 0}\n");
  EXPECT_NE(e.find("weight"), std::string::npos) << e;
}

}  // namespace
}  // namespace tianmu::capability
