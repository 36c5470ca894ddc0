// Scenario files: the shipped scenarios load with their objects, task, criteria and
// requirements; bad files name the file, the line and the field; per-trial layouts are seeded.
#include "tianmu/brain/scenario_spec.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tianmu/brain/instruction.h"
#include "tianmu/brain/scenario_runner.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

const std::string kScenarios = TIANMU_TEST_DATA_DIR "/../../../assets/scenarios";

// A valid scenario; each error test breaks one line of it.
const std::string kValid = R"(name: tiny
title: {en: Tiny, zh: 小}
category: services
start: dock
objects:
  - {name: dock, category: dock, position_m: [0, 0, 0], is_place: true}
  - {name: wp1, category: waypoint, position_m: [1, 0, 0], is_place: true}
  - {name: gauge_1, category: gauge, position_m: [2, 0, 1.2], place: wp1}
task:
  instruction: inspect gauge 1
time_limit_s: 30
success:
  gaze: {objects: [gauge_1], max_error_deg: 5}
)";

std::string ErrorOf(const std::string& yaml) {
  try {
    ParseScenario(yaml, "tiny.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ScenarioSpec, TheShippedInspectionPatrolLoads) {
  const ScenarioSpec s = LoadScenario(kScenarios + "/inspection_patrol.yaml");
  EXPECT_EQ(s.name, "inspection_patrol");
  EXPECT_EQ(s.title_zh, "巡检");
  EXPECT_EQ(s.category, "hazardous");
  EXPECT_EQ(s.objects.start_place, "dock");
  EXPECT_EQ(s.objects.objects.size(), 7u);
  EXPECT_EQ(s.instruction, "巡检所有仪表");
  EXPECT_EQ(s.success.gaze_objects.size(), 3u);
  EXPECT_DOUBLE_EQ(s.object_jitter_m[0], 0.0);  // the dock has jitter_m: 0
  EXPECT_DOUBLE_EQ(s.object_jitter_m[1], 0.1);  // the default
  EXPECT_FALSE(s.requires_capabilities.empty());
  // The instruction is understood against the nominal layout.
  EXPECT_EQ(ReadInstruction(s.instruction, s.objects.objects).goal.size(), 3u);
}

TEST(ScenarioSpec, TheShippedReceptionLoads) {
  const ScenarioSpec s = LoadScenario(kScenarios + "/reception.yaml");
  EXPECT_EQ(s.category, "services");
  EXPECT_EQ(s.title_zh, "迎宾接待");
  EXPECT_EQ(s.success.robot_at, "desk");
  EXPECT_EQ(s.success.faced_objects, std::vector<std::string>{"visitor"});
  EXPECT_DOUBLE_EQ(s.object_jitter_m[2], 0.4);  // the visitor stands anywhere within ±0.4 m
  const Instruction i = ReadInstruction(s.instruction, s.objects.objects);
  ASSERT_EQ(i.kind, Instruction::Kind::kGoal) << i.error << i.question;
  EXPECT_EQ(i.goal.size(), 2u);
}

TEST(ScenarioSpec, ErrorsNameTheFileTheLineAndTheField) {
  EXPECT_EQ(ErrorOf(kValid), "");
  std::string e = ErrorOf(Replace(kValid, "category: services", "category: mining"));
  EXPECT_NE(e.find("tiny.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("category"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "time_limit_s: 30", "time_limit_s: 30\ncolour: red"));
  EXPECT_NE(e.find("tiny.yaml:12"), std::string::npos) << e;
  EXPECT_NE(e.find("colour"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "[1, 0, 0]", "[1, 0]"));
  EXPECT_NE(e.find("tiny.yaml:7"), std::string::npos) << e;
  EXPECT_NE(e.find("position_m"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "place: wp1", "place: wp9"));
  EXPECT_NE(e.find("tiny.yaml:8"), std::string::npos) << e;
  EXPECT_NE(e.find("place"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "objects: [gauge_1]", "objects: [gauge_7]"));
  EXPECT_NE(e.find("tiny.yaml:13"), std::string::npos) << e;
  EXPECT_NE(e.find("gauge_7"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "time_limit_s: 30", "time_limit_s: -4"));
  EXPECT_NE(e.find("tiny.yaml:11"), std::string::npos) << e;
  EXPECT_NE(e.find("time_limit_s"), std::string::npos) << e;
  e = ErrorOf(kValid + "requires: {max_speed: 1}\n");
  EXPECT_NE(e.find("tiny.yaml:14"), std::string::npos) << e;
  EXPECT_NE(e.find("speeds.max_walk_speed_mps"), std::string::npos) << e;  // lists the vocabulary
  e = ErrorOf(Replace(kValid, "  instruction: inspect gauge 1", "  tree: nowhere.xml"));
  EXPECT_NE(e.find("task.tree"), std::string::npos) << e;
  e = ErrorOf(Replace(kValid, "start: dock", "start: gauge_1"));
  EXPECT_NE(e.find("tiny.yaml:4"), std::string::npos) << e;
}

TEST(ScenarioSpec, LayoutsAreSeededAndStayWithinTheirJitter) {
  const ScenarioSpec s = LoadScenario(kScenarios + "/reception.yaml");
  Eigen::Vector3d start_a, start_b;
  const SceneDescription a = RandomisedObjects(s, 5, &start_a);
  const SceneDescription b = RandomisedObjects(s, 5, &start_b);
  const SceneDescription c = RandomisedObjects(s, 6, nullptr);
  EXPECT_EQ(start_a, start_b);
  EXPECT_EQ(a.objects[2].position_m, b.objects[2].position_m);
  EXPECT_NE(a.objects[2].position_m, c.objects[2].position_m);
  EXPECT_LE(std::abs(start_a.x()), 0.05);
  EXPECT_LE(std::abs(start_a.z()), 5 * M_PI / 180);
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    Eigen::Vector3d start;
    const SceneDescription l = RandomisedObjects(s, seed, &start);
    for (std::size_t i = 0; i < l.objects.size(); ++i) {
      // Undo the start pose; what is left is the object's own jitter.
      const Eigen::Vector3d world =
          Eigen::AngleAxisd(start.z(), Eigen::Vector3d::UnitZ()) * l.objects[i].position_m +
          Eigen::Vector3d(start.x(), start.y(), 0);
      const Eigen::Vector3d d = world - s.objects.objects[i].position_m;
      EXPECT_LE(std::abs(d.x()), s.object_jitter_m[i] + 1e-9) << l.objects[i].name;
      EXPECT_LE(std::abs(d.y()), s.object_jitter_m[i] + 1e-9) << l.objects[i].name;
      EXPECT_NEAR(d.z(), 0, 1e-9);
    }
  }
}

}  // namespace
}  // namespace tianmu::brain
