// Instructions in English and Chinese read against the hall (tests/brain/data/hall.json: three
// gauges, two cups (red and blue), a red valve, a table, waypoints and a visitor): expected
// goals, clarifying questions for ambiguous references, errors for unknown verbs and objects; and
// every goal here is plannable.
#include "tianmu/brain/instruction.h"

#include <gtest/gtest.h>

#include "held_instructions.h"
#include "tianmu/brain/planner.h"
#include "tianmu/brain/scene_objects_file.h"

namespace tianmu::brain {
namespace {

std::vector<SceneObject> Hall() {
  return LoadSceneObjects(TIANMU_TEST_DATA_DIR "/hall.json").objects;
}

std::string Goals(const Instruction& i) {
  std::string out;
  for (const Fact& f : i.goal) out += (out.empty() ? "" : "; ") + f.ToString();
  return out;
}

void ExpectGoals(const std::vector<testing::HeldInstruction>& cases, Language language) {
  const std::vector<SceneObject> hall = Hall();
  const WorldState start = WorldState::Parse(SceneFacts(hall, "dock"));
  for (const testing::HeldInstruction& c : cases) {
    const Instruction i = ReadInstruction(c.text, hall);
    EXPECT_EQ(i.language, language) << c.text;
    ASSERT_EQ(i.kind, Instruction::Kind::kGoal) << c.text << ": " << i.error << i.question;
    EXPECT_EQ(Goals(i), c.goal) << c.text;
    const PlanResult plan = Plan(DefaultSkillDomain(), start, i.goal);
    EXPECT_TRUE(plan.found) << c.text << ": " << plan.explanation;
  }
}

TEST(Instructions, TwentySixEnglishCommandsGiveTheirGoalsAndPlans) {
  ASSERT_EQ(testing::EnglishHeldSet().size(), 26u);
  ExpectGoals(testing::EnglishHeldSet(), Language::kEnglish);
}

TEST(Instructions, TwentySixChineseCommandsGiveTheirGoalsAndPlans) {
  ASSERT_EQ(testing::ChineseHeldSet().size(), 26u);
  ExpectGoals(testing::ChineseHeldSet(), Language::kChinese);
}

TEST(Instructions, AmbiguousReferencesGetAQuestionListingTheCandidatesNeverAGuess) {
  const std::vector<SceneObject> hall = Hall();
  struct Ambiguous {
    const char* text;
    std::vector<std::string> candidates;
  };
  const std::vector<Ambiguous> cases = {
      {"look at the cup", {"cup_red", "cup_blue"}},
      {"inspect the gauge", {"gauge_1", "gauge_2", "gauge_3"}},
      {"check the two gauges", {"gauge_1", "gauge_2", "gauge_3"}},
      {"look at the red thing", {}},  // an unknown word: an error, below
      {"看杯子", {"cup_red", "cup_blue"}},
      {"检查仪表", {"gauge_1", "gauge_2", "gauge_3"}},
      {"检查两个仪表", {"gauge_1", "gauge_2", "gauge_3"}},
      {"看红色的东西", {}},
  };
  for (const Ambiguous& c : cases) {
    const Instruction i = ReadInstruction(c.text, hall);
    if (c.candidates.empty()) {
      EXPECT_EQ(i.kind, Instruction::Kind::kError) << c.text;
      continue;
    }
    ASSERT_EQ(i.kind, Instruction::Kind::kClarify) << c.text << ": " << i.error;
    EXPECT_TRUE(i.goal.empty()) << c.text;
    EXPECT_EQ(i.candidates, c.candidates) << c.text;
    for (const std::string& name : c.candidates) {
      EXPECT_NE(i.question.find(name), std::string::npos) << i.question;
    }
  }
  EXPECT_EQ(ReadInstruction("look at the cup", hall).question,
            "Which one do you mean: the red cup (cup_red), or the blue cup (cup_blue)?");
  EXPECT_EQ(ReadInstruction("看杯子", hall).question,
            "您指的是哪一个：红色杯子（cup_red）、蓝色杯子（cup_blue）？");
  // With two people, greeting without naming one is ambiguous too.
  std::vector<SceneObject> crowded = hall;
  crowded.push_back({"guest_2", "person", "", Eigen::Vector3d(-2, 1, 1.6), false, "entrance"});
  EXPECT_EQ(ReadInstruction("迎宾", crowded).kind, Instruction::Kind::kClarify);
  EXPECT_EQ(ReadInstruction("greet", crowded).kind, Instruction::Kind::kClarify);
}

TEST(Instructions, UnknownVerbsAndObjectsAreClearErrors) {
  const std::vector<SceneObject> hall = Hall();
  Instruction i = ReadInstruction("bring the red cup to the table", hall);
  EXPECT_EQ(i.kind, Instruction::Kind::kError);
  EXPECT_NE(i.error.find("unknown verb 'bring'"), std::string::npos) << i.error;
  i = ReadInstruction("把红色杯子拿到桌子上", hall);
  EXPECT_EQ(i.kind, Instruction::Kind::kError);
  EXPECT_NE(i.error.find("unknown verb"), std::string::npos) << i.error;
  i = ReadInstruction("look at the green cup", hall);
  EXPECT_EQ(i.kind, Instruction::Kind::kError);
  EXPECT_NE(i.error.find("nothing in the scene matches 'the green cup'"), std::string::npos)
      << i.error;
  i = ReadInstruction("go to gauge 1 and gauge 2", hall);
  EXPECT_EQ(i.kind, Instruction::Kind::kError);
  EXPECT_EQ(ReadInstruction("", hall).kind, Instruction::Kind::kError);
  EXPECT_EQ(ReadInstruction("wave the flag", hall).kind, Instruction::Kind::kError);
  EXPECT_EQ(ReadInstruction("去", hall).kind, Instruction::Kind::kError);
}

}  // namespace
}  // namespace tianmu::brain
