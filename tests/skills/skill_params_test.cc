// Skill parameters: `--param key=value` items, typed on use, with one clear error each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tianmu/core/error.h"
#include "tianmu/skills/skill_registry.h"

namespace tianmu::skills {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SkillParams, ParsesKeyValuePairsAndTypesThemOnUse) {
  const SkillParams p = SkillParams::Parse({"target=0.4,-0.2,1.1", "hand=left", "hold_s=0.5"});
  EXPECT_TRUE(p.Vector3("reach", "target").isApprox(Eigen::Vector3d(0.4, -0.2, 1.1)));
  EXPECT_EQ(p.Choice("reach", "hand", "right", {"left", "right"}), "left");
  EXPECT_DOUBLE_EQ(p.Number("reach", "hold_s", 0.3, 0, 10), 0.5);
  EXPECT_DOUBLE_EQ(p.Number("reach", "timeout_s", 6, 0, 10), 6);
}

TEST(SkillParams, BadItemsAndValuesAreOneClearError) {
  EXPECT_THAT(ErrorOf([] { SkillParams::Parse({"target"}); }), HasSubstr("expected KEY=VALUE"));
  EXPECT_THAT(ErrorOf([] { SkillParams::Parse({"a=1", "a=2"}); }), HasSubstr("given twice"));
  const SkillParams p = SkillParams::Parse({"target=1,2", "hold_s=x", "hand=middle"});
  EXPECT_THAT(ErrorOf([&] { p.Vector3("reach", "target"); }),
              HasSubstr("--param target: skill reach expected 3 numbers"));
  EXPECT_THAT(ErrorOf([&] { p.Number("reach", "hold_s", 0, 0, 10); }),
              HasSubstr("expected a number in [0, 10], got 'x'"));
  EXPECT_THAT(ErrorOf([&] {
                p.Choice("reach", "hand", "right", {"left", "right"});
              }),
              HasSubstr("expected one of left, right, got 'middle'"));
}

TEST(SkillRegistry, UnknownSkillsAndParametersAreRefusedBeforeAnythingRuns) {
  EXPECT_THAT(ErrorOf([] { MakeSkill("juggle", {}); }),
              HasSubstr("unknown skill 'juggle' (known: look_at, reach, turn_to, walk_to, wave)"));
  EXPECT_THAT(ErrorOf([] {
                MakeSkill("reach", SkillParams::Parse({"target=1,0,1", "speed=2"}));
              }),
              HasSubstr("--param speed: skill reach has no such parameter"));
  EXPECT_THAT(ErrorOf([] { MakeSkill("look_at", {}); }), HasSubstr("needs target="));
  EXPECT_THAT(ErrorOf([] { MakeSkill("turn_to", {}); }), HasSubstr("needs heading_deg="));
  for (const std::string& name : SkillNames()) {
    SkillParams p;
    if (name == "look_at") p.Set("target", "2,0,1");
    if (name == "reach") p.Set("target", "0.3,-0.2,1");
    if (name == "turn_to") p.Set("heading_deg", "90");
    if (name == "walk_to") p.Set("target", "1,0");
    EXPECT_EQ(MakeSkill(name, p)->name(), name);
  }
}

}  // namespace
}  // namespace tianmu::skills
