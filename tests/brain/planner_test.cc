// The STRIPS planner over the skills' domain: shortest plans, explanations when there is none,
// replanning after a failed step, and plans turned into trees our loader accepts.
#include "tianmu/brain/planner.h"

#include <gtest/gtest.h>

#include "tianmu/brain/fact_condition.h"
#include "tianmu/brain/observed_state.h"
#include "tianmu/brain/plan_to_tree.h"
#include "tianmu/brain/skill_action.h"
#include "tianmu/brain/tree_loader.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

// A patrol hall: the robot at its dock, three gauges each seen from its own waypoint, a visitor
// at the entrance.
std::vector<SceneObject> PatrolScene() {
  auto place = [](const std::string& name, double x, double y) {
    SceneObject o{name, "waypoint", "", Eigen::Vector3d(x, y, 0), true, ""};
    return o;
  };
  return {place("dock", 0, 0),
          place("wp1", 2, 0),
          place("wp2", 2, 2),
          place("wp3", 0, 2),
          place("entrance", -1, 0),
          {"gauge_1", "gauge", "", Eigen::Vector3d(3, 0, 1.2), false, "wp1"},
          {"gauge_2", "gauge", "", Eigen::Vector3d(3, 2, 1.2), false, "wp2"},
          {"gauge_3", "gauge", "", Eigen::Vector3d(0, 3, 1.2), false, "wp3"},
          {"visitor", "person", "", Eigen::Vector3d(-2, 0, 1.6), false, "entrance"}};
}

WorldState PatrolState() { return WorldState::Parse(SceneFacts(PatrolScene(), "dock")); }

std::vector<std::string> Names(const std::vector<PlanStep>& steps) {
  std::vector<std::string> names;
  for (const PlanStep& s : steps) names.push_back(s.ToString());
  return names;
}

TEST(Facts, ParseAndPrint) {
  const Fact f = Fact::Parse(" at( robot , table ) ");
  EXPECT_EQ(f.predicate, "at");
  EXPECT_EQ(f.args, (std::vector<std::string>{"robot", "table"}));
  EXPECT_EQ(f.ToString(), "at(robot,table)");
  EXPECT_EQ(Fact::Parse("waved()").args.size(), 0u);
  EXPECT_THROW(Fact::Parse("at(robot,"), InputError);
  EXPECT_THROW(Fact::Parse("at robot"), InputError);
  EXPECT_THROW(Fact::Parse("at(robot,,x)"), InputError);
}

TEST(Schemas, AParameterNoPositivePreconditionBindsIsRejected) {
  EXPECT_THROW(ActionSchema::Make("bad", "wave", "?x", "not at(robot, ?x)", "", ""), InputError);
  EXPECT_THROW(ActionSchema::Make("bad", "wave", "?x", "place(?x)", "at(robot, ?y)", ""),
               InputError);
}

TEST(Planner, WalksThenLooksToInspectOneGauge) {
  const PlanResult r =
      Plan(DefaultSkillDomain(), PatrolState(), {Fact::Parse("inspected(gauge_2)")});
  ASSERT_TRUE(r.found) << r.explanation;
  EXPECT_EQ(Names(r.steps),
            (std::vector<std::string>{"walk_to(dock,wp2)", "look_at(gauge_2,wp2)"}));
}

TEST(Planner, InspectsThreeGaugesInSixStepsEndingWhereItMust) {
  const std::vector<Fact> goal = {Fact::Parse("inspected(gauge_1)"),
                                  Fact::Parse("inspected(gauge_2)"),
                                  Fact::Parse("inspected(gauge_3)")};
  const PlanResult r = Plan(DefaultSkillDomain(), PatrolState(), goal);
  ASSERT_TRUE(r.found) << r.explanation;
  ASSERT_EQ(r.steps.size(), 6u);
  // Executing the plan symbolically reaches the goal.
  WorldState s = PatrolState();
  for (const PlanStep& step : r.steps) s = Apply(DefaultSkillDomain(), s, step);
  for (const Fact& g : goal) EXPECT_TRUE(s.Holds(g)) << g.ToString();
}

TEST(Planner, GreetsAVisitorByWalkingTurningAndWaving) {
  const PlanResult r = Plan(DefaultSkillDomain(), PatrolState(), {Fact::Parse("greeted(visitor)")});
  ASSERT_TRUE(r.found) << r.explanation;
  EXPECT_EQ(Names(r.steps),
            (std::vector<std::string>{"walk_to(dock,entrance)", "turn_to(visitor,entrance)",
                                      "greet(visitor)"}));
}

TEST(Planner, AGoalAlreadyTrueNeedsNoSteps) {
  const PlanResult r = Plan(DefaultSkillDomain(), PatrolState(), {Fact::Parse("at(robot,dock)")});
  EXPECT_TRUE(r.found);
  EXPECT_TRUE(r.steps.empty());
}

TEST(Planner, ExplainsWhichGoalIsUnreachableAndWhy) {
  const PlanResult r = Plan(DefaultSkillDomain(), PatrolState(),
                            {Fact::Parse("inspected(gauge_1)"), Fact::Parse("inspected(gauge_9)"),
                             Fact::Parse("greeted(gauge_1)")});
  EXPECT_FALSE(r.found);
  ASSERT_EQ(r.unreachable.size(), 2u);
  EXPECT_EQ(r.unreachable[0].ToString(), "inspected(gauge_9)");
  EXPECT_NE(r.explanation.find("look_at could make it true but needs visible_from(gauge_9,"),
            std::string::npos)
      << r.explanation;
  EXPECT_NE(r.explanation.find("greet could make it true but needs person(gauge_1)"),
            std::string::npos)
      << r.explanation;
  const PlanResult none = Plan(DefaultSkillDomain(), PatrolState(), {Fact::Parse("flying(robot)")});
  EXPECT_NE(none.explanation.find("no action makes flying(...) true"), std::string::npos);
}

TEST(Planner, ReportsTheDepthBoundWhenGoalsNeedALongerPlan) {
  PlannerOptions options;
  options.max_depth = 3;
  const PlanResult r = Plan(DefaultSkillDomain(), PatrolState(),
                            {Fact::Parse("inspected(gauge_1)"), Fact::Parse("inspected(gauge_2)"),
                             Fact::Parse("inspected(gauge_3)")},
                            options);
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(r.unreachable.empty());
  EXPECT_NE(r.explanation.find("at most 3 steps"), std::string::npos) << r.explanation;
}

TEST(Planner, ReplansAroundAFailedWalkFromTheObservedState) {
  // The walk to wp2 failed half way; the robot is observed at wp1 instead.
  WorldState observed = PatrolState();
  observed.Remove(Fact::Parse("at(robot,dock)"));
  observed.Add(Fact::Parse("at(robot,wp1)"));
  const PlanStep failed{"walk_to", "walk_to", {"dock", "wp2"}};
  const PlanResult r =
      Replan(DefaultSkillDomain(), observed, {Fact::Parse("inspected(gauge_2)")}, failed);
  ASSERT_TRUE(r.found) << r.explanation;
  EXPECT_EQ(Names(r.steps), (std::vector<std::string>{"walk_to(wp1,wp2)", "look_at(gauge_2,wp2)"}));
  EXPECT_NE(r.explanation.find("around the failed step walk_to(dock,wp2)"), std::string::npos);
  // When the failed step is the only way, the new plan retries it.
  const WorldState two_places = WorldState::Parse(
      {"at(robot,dock)", "place(dock)", "place(wp2)", "visible_from(gauge_2,wp2)"});
  const PlanResult retry =
      Replan(DefaultSkillDomain(), two_places, {Fact::Parse("inspected(gauge_2)")}, failed);
  ASSERT_TRUE(retry.found);
  EXPECT_EQ(retry.steps.front().ToString(), "walk_to(dock,wp2)");
  EXPECT_NE(retry.explanation.find("retries it"), std::string::npos);
}

TEST(PlanToTree, WritesASequenceOfSkillsWithPortsFromTheScene) {
  const PlanResult r = Plan(DefaultSkillDomain(), PatrolState(), {Fact::Parse("greeted(visitor)")});
  ASSERT_TRUE(r.found);
  const std::string xml = PlanToTreeXml(r.steps, DefaultSkillDomain(), PatrolScene());
  EXPECT_NE(xml.find("<walk_to name=\"walk_to(dock,entrance)\" target=\"-1,0,0\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("heading_deg=\"180\""), std::string::npos) << xml;  // visitor is west
  EXPECT_NE(xml.find("<wave name=\"greet(visitor)\"/>"), std::string::npos) << xml;
  // Our loader accepts it with the skills registered, and the tree has one node per step.
  SkillRuntime runtime;
  NodeFactory factory;
  RegisterSkillActions(factory, {"look_at", "reach", "turn_to", "walk_to", "wave"}, &runtime);
  const Tree tree = LoadTreeFromText(xml, "plan.xml", factory);
  EXPECT_EQ(tree.Snapshot().size(), 1 + r.steps.size());
  EXPECT_THROW(PlanToTreeXml({{"fly", "fly", {}}}, DefaultSkillDomain(), PatrolScene()),
               InputError);
}

TEST(ObserveState, PutsTheRobotAtTheNearestPlaceOrAtANewPlaceHere) {
  std::vector<SceneObject> objects = PatrolScene();
  WorldState predicted = PatrolState();
  predicted.Add(Fact::Parse("facing(gauge_1)"));
  predicted.Add(Fact::Parse("inspected(gauge_3)"));
  // 0.2 m from wp1 (2, 0): within the 0.3 m tolerance.
  WorldState near = ObserveState(predicted, Eigen::Vector3d(2.2, 0, 0.9), &objects);
  EXPECT_TRUE(near.Holds(Fact::Parse("at(robot,wp1)")));
  EXPECT_FALSE(near.Holds(Fact::Parse("at(robot,dock)")));
  EXPECT_FALSE(near.Holds(Fact::Parse("facing(gauge_1)")));
  EXPECT_TRUE(near.Holds(Fact::Parse("inspected(gauge_3)")));
  EXPECT_EQ(objects.size(), PatrolScene().size());
  // Half way between dock and wp1: a new place "here", from which the planner can walk on.
  WorldState between = ObserveState(predicted, Eigen::Vector3d(1, 0, 0.9), &objects);
  EXPECT_TRUE(between.Holds(Fact::Parse("at(robot,here)")));
  ASSERT_EQ(objects.back().name, "here");
  EXPECT_EQ(objects.back().position_m, Eigen::Vector3d(1, 0, 0.9));
  const PlanResult r = Plan(DefaultSkillDomain(), between, {Fact::Parse("inspected(gauge_1)")});
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.steps.front().ToString(), "walk_to(here,wp1)");
}

TEST(FactHolds, AReactiveSequenceStopsWhenAFactStopsHolding) {
  WorldState state = PatrolState();
  NodeFactory factory;
  RegisterFactConditions(factory, &state);
  Tree tree = LoadTreeFromText(
      "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><ReactiveSequence>"
      "<FactHolds fact=\"at(robot, dock)\"/><Sleep msec=\"1000\"/></ReactiveSequence>"
      "</BehaviorTree></root>",
      "facts.xml", factory);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  state.Remove(Fact::Parse("at(robot,dock)"));
  EXPECT_EQ(tree.TickOnce(0.1), NodeStatus::kFailure);
  Tree bad = LoadTreeFromText(
      "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><FactHolds fact=\"at(robot\"/>"
      "</BehaviorTree></root>",
      "facts.xml", factory);
  EXPECT_THROW(bad.TickOnce(0), RuntimeError);
}

}  // namespace
}  // namespace tianmu::brain
