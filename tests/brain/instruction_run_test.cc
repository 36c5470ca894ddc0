// Instructions carried out end to end on the simulated TM-1 in the flat scene with the hall's
// objects (tests/brain/data/hall.json): read, planned, written as a tree and executed with the
// real skills and a noise-free oracle; where the robot ends is judged by simulator ground truth.
#include "tianmu/brain/instruction_run.h"

#include <gtest/gtest.h>

#include "tianmu/sim/scene.h"

namespace tianmu::brain {
namespace {

InstructionRunOptions Options(const std::string& instruction) {
  InstructionRunOptions o;
  o.instruction = instruction;
  o.objects = LoadSceneObjects(TIANMU_TEST_DATA_DIR "/hall.json");
  o.scene_name = "flat";
  o.scene = sim::ResolveScene("flat");
  o.seed = 3;
  return o;
}

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

TEST(InstructionRun, Tm1WalksToWaypointOneAndLooksAtGaugeOneFromAChineseInstruction) {
  const InstructionRunResult r = RunInstruction(Tm1(), Options("去1号巡检点然后看1号仪表"));
  ASSERT_EQ(r.instruction.kind, Instruction::Kind::kGoal) << r.instruction.error;
  ASSERT_EQ(r.plan.steps.size(), 2u);
  EXPECT_TRUE(r.executed);
  EXPECT_TRUE(r.success) << (r.failures.empty() ? "" : r.failures.front().detail);
  // wp1 is at (1.5, 0); walk_to's tolerance is 0.1 m, plus a few cm of settling after the stop.
  EXPECT_LT((r.final_base_position_m.head<2>() - Eigen::Vector2d(1.5, 0)).norm(), 0.15)
      << r.final_base_position_m.transpose();
  EXPECT_GT(r.duration_s, 1.0);
  for (const NodeSnapshot& node : r.final_nodes) {
    EXPECT_EQ(node.status, NodeStatus::kSuccess) << node.name;
  }
}

TEST(InstructionRun, Tm1GreetsTheVisitorByWalkingTurningAndWaving) {
  const InstructionRunResult r = RunInstruction(Tm1(), Options("greet the visitor"));
  ASSERT_EQ(r.plan.steps.size(), 3u);
  EXPECT_TRUE(r.success) << (r.failures.empty() ? "" : r.failures.front().detail);
  // The entrance is at (-1, 0). walk_to stops within 0.1 m, but the 180 degree turn on the spot
  // that follows moves the base too (0.25 m measured with seed 3): 0.35 m still tells the
  // entrance from every other place of the hall (the nearest is 1 m away).
  EXPECT_LT((r.final_base_position_m.head<2>() - Eigen::Vector2d(-1, 0)).norm(), 0.35)
      << r.final_base_position_m.transpose();
}

TEST(InstructionRun, Tm1InspectsTheThreeGauges) {
  const InstructionRunResult r = RunInstruction(Tm1(), Options("inspect the three gauges"));
  ASSERT_EQ(r.plan.steps.size(), 6u);
  EXPECT_TRUE(r.success) << (r.failures.empty()
                                 ? ""
                                 : r.failures.front().step + ": " + r.failures.front().detail);
}

TEST(InstructionRun, AFailedStepIsReplannedFromTheObservedStateAndBothFailuresAreReported) {
  // A poster behind the robot's back at the dock: look_at refuses it (the gaze turns at most
  // 135 degrees), the planner finds no way round, so the new plan retries it, which fails again.
  InstructionRunOptions o = Options("look at poster_1");
  o.objects.objects.push_back(
      {"poster_1", "sign", "", Eigen::Vector3d(-1.0, 0, 1.5), false, "dock"});
  const InstructionRunResult r = RunInstruction(Tm1(), o);
  EXPECT_TRUE(r.executed);
  EXPECT_FALSE(r.success);
  ASSERT_EQ(r.replans.size(), 1u);
  EXPECT_EQ(r.replans[0].failed_step, "look_at(poster_1,dock)");
  EXPECT_NE(r.replans[0].observed.find("at(robot,dock)"), std::string::npos)
      << r.replans[0].observed;
  EXPECT_NE(r.replans[0].plan.explanation.find("retries it"), std::string::npos);
  ASSERT_EQ(r.failures.size(), 2u);
  for (const RunFailure& f : r.failures) {
    EXPECT_EQ(f.step, "look_at(poster_1,dock)");
    EXPECT_EQ(f.reason, "unreachable");
  }
  o.max_replans = 0;
  EXPECT_EQ(RunInstruction(Tm1(), o).failures.size(), 1u);
}

TEST(InstructionRun, AmbiguousUnknownAndUnreachableInstructionsAreNotExecuted) {
  InstructionRunResult r = RunInstruction(Tm1(), Options("look at the cup"));
  EXPECT_FALSE(r.executed);
  EXPECT_FALSE(r.success);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].reason, "ambiguous_instruction");
  EXPECT_NE(r.failures[0].detail.find("cup_red"), std::string::npos);
  r = RunInstruction(Tm1(), Options("拿红色杯子"));
  EXPECT_EQ(r.failures.at(0).reason, "bad_instruction");
  r = RunInstruction(Tm1(), Options("greet the red cup"));
  EXPECT_EQ(r.failures.at(0).reason, "unreachable");
  EXPECT_NE(r.failures[0].detail.find("person(cup_red)"), std::string::npos)
      << r.failures[0].detail;
  EXPECT_FALSE(r.executed);
}

}  // namespace
}  // namespace tianmu::brain
