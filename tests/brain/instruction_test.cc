// Instructions in English and Chinese read against a scene with three gauges, two cups (red and
// blue), a table, waypoints and a visitor: expected goals, clarifying questions for ambiguous
// references, errors for unknown verbs and objects; and every goal here is plannable.
#include "tianmu/brain/instruction.h"

#include <gtest/gtest.h>

#include "tianmu/brain/planner.h"

namespace tianmu::brain {
namespace {

std::vector<SceneObject> Hall() {
  auto place = [](const std::string& name, const std::string& category, double x, double y) {
    return SceneObject{name, category, "", Eigen::Vector3d(x, y, 0), true, ""};
  };
  return {place("dock", "dock", 0, 0),
          place("wp1", "waypoint", 2, 0),
          place("wp2", "waypoint", 2, 2),
          place("wp3", "waypoint", 0, 2),
          place("entrance", "entrance", -1, 0),
          place("table", "table", 1, -2),
          {"gauge_1", "gauge", "", Eigen::Vector3d(3, 0, 1.2), false, "wp1"},
          {"gauge_2", "gauge", "", Eigen::Vector3d(3, 2, 1.2), false, "wp2"},
          {"gauge_3", "gauge", "", Eigen::Vector3d(0, 3, 1.2), false, "wp3"},
          {"cup_red", "cup", "red", Eigen::Vector3d(1.2, -2.4, 0.8), false, "table"},
          {"cup_blue", "cup", "blue", Eigen::Vector3d(0.8, -2.4, 0.8), false, "table"},
          {"valve_1", "valve", "red", Eigen::Vector3d(2.5, 2.5, 1.0), false, "wp2"},
          {"visitor", "person", "", Eigen::Vector3d(-2, 0, 1.6), false, "entrance"}};
}

std::string Goals(const Instruction& i) {
  std::string out;
  for (const Fact& f : i.goal) out += (out.empty() ? "" : "; ") + f.ToString();
  return out;
}

struct Case {
  const char* text;
  const char* goal;
};

void ExpectGoals(const std::vector<Case>& cases, Language language) {
  const std::vector<SceneObject> hall = Hall();
  const WorldState start = WorldState::Parse(SceneFacts(hall, "dock"));
  for (const Case& c : cases) {
    const Instruction i = ReadInstruction(c.text, hall);
    EXPECT_EQ(i.language, language) << c.text;
    ASSERT_EQ(i.kind, Instruction::Kind::kGoal) << c.text << ": " << i.error << i.question;
    EXPECT_EQ(Goals(i), c.goal) << c.text;
    const PlanResult plan = Plan(DefaultSkillDomain(), start, i.goal);
    EXPECT_TRUE(plan.found) << c.text << ": " << plan.explanation;
  }
}

TEST(Instructions, TwentySixEnglishCommandsGiveTheirGoalsAndPlans) {
  ExpectGoals(
      {
          {"Go to the table", "at(robot,table)"},
          {"walk to waypoint 2", "at(robot,wp2)"},
          {"Please walk over to the entrance.", "at(robot,entrance)"},
          {"head to the dock", "at(robot,dock)"},
          {"go to gauge 3", "at(robot,wp3)"},
          {"move to wp1", "at(robot,wp1)"},
          {"look at the red cup", "looking_at(cup_red)"},
          {"Look at gauge 1", "looking_at(gauge_1)"},
          {"look at the blue mug", "looking_at(cup_blue)"},
          {"inspect gauge_2", "inspected(gauge_2)"},
          {"check the valve", "inspected(valve_1)"},
          {"read gauge 3", "inspected(gauge_3)"},
          {"inspect the three gauges",
           "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
          {"check all gauges", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
          {"inspect every meter", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
          {"check gauge 1 and gauge 3", "inspected(gauge_1); inspected(gauge_3)"},
          {"look at the cups", "inspected(cup_red); inspected(cup_blue)"},
          {"turn to the visitor", "facing(visitor)"},
          {"face the red cup", "facing(cup_red)"},
          {"wave", "waved(robot)"},
          {"wave hello", "waved(robot)"},
          {"wave to the visitor", "greeted(visitor)"},
          {"greet the guest", "greeted(visitor)"},
          {"welcome", "greeted(visitor)"},
          {"go to the table then look at the blue cup", "at(robot,table); looking_at(cup_blue)"},
          {"Could you check gauge 2, and then wave?", "inspected(gauge_2); waved(robot)"},
      },
      Language::kEnglish);
}

TEST(Instructions, TwentySixChineseCommandsGiveTheirGoalsAndPlans) {
  ExpectGoals(
      {
          {"去桌子", "at(robot,table)"},
          {"走到桌子那里", "at(robot,table)"},
          {"请前往入口。", "at(robot,entrance)"},
          {"去2号巡检点", "at(robot,wp2)"},
          {"回到充电桩", "at(robot,dock)"},
          {"走到仪表3旁边", "at(robot,wp3)"},
          {"看红色的杯子", "looking_at(cup_red)"},
          {"看一下蓝色杯子", "looking_at(cup_blue)"},
          {"看看1号仪表", "looking_at(gauge_1)"},
          {"检查仪表2", "inspected(gauge_2)"},
          {"检查阀门", "inspected(valve_1)"},
          {"巡检所有仪表", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
          {"巡检全部仪表", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
          {"检查三个仪表", "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3)"},
          {"查看仪表一和仪表三", "inspected(gauge_1); inspected(gauge_3)"},
          {"读取3号仪表", "inspected(gauge_3)"},
          {"转向访客", "facing(visitor)"},
          {"面向红色杯子", "facing(cup_red)"},
          {"挥手", "waved(robot)"},
          {"向访客挥手", "greeted(visitor)"},
          {"跟客人打招呼", "greeted(visitor)"},
          {"打招呼", "greeted(visitor)"},
          {"迎宾", "greeted(visitor)"},
          {"欢迎来宾", "greeted(visitor)"},
          {"去桌子，然后看红色杯子", "at(robot,table); looking_at(cup_red)"},
          {"巡检所有仪表然后挥手",
           "inspected(gauge_1); inspected(gauge_2); inspected(gauge_3); "
           "waved(robot)"},
      },
      Language::kChinese);
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
