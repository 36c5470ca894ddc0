// Semantics of the control nodes and decorators, checked tick by tick with scripted actions.
#include <gtest/gtest.h>

#include "test_nodes.h"
#include "tianmu/brain/tree_loader.h"

namespace tianmu::brain {
namespace {

using testing::ScriptedCounts;

class TreeNodes : public ::testing::Test {
 protected:
  Tree Load(const std::string& body) {
    const std::string xml =
        "<root BTCPP_format=\"4\"><BehaviorTree ID=\"Main\">" + body + "</BehaviorTree></root>";
    return LoadTreeFromText(xml, "test.xml", factory_);
  }
  std::map<std::string, ScriptedCounts> counts_;
  NodeFactory factory_ = testing::MakeTestFactory(&counts_);
};

TEST_F(TreeNodes, SequenceResumesARunningChildAndStopsAtAFailure) {
  Tree tree = Load(
      "<Sequence><Scripted name=\"a\"/><Scripted name=\"b\" ticks=\"2\"/>"
      "<Scripted name=\"c\" result=\"failure\"/><Scripted name=\"d\"/></Sequence>");
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kFailure);
  EXPECT_EQ(counts_["a"].ticks, 1);  // not re-ticked while b runs
  EXPECT_EQ(counts_["b"].starts, 1);
  EXPECT_EQ(counts_["c"].finishes, 1);
  EXPECT_EQ(counts_["d"].ticks, 0);
  // A new run starts from the first child.
  tree.TickOnce(0);
  EXPECT_EQ(counts_["a"].ticks, 2);
}

TEST_F(TreeNodes, FallbackSucceedsAtTheFirstSuccessAndFailsWhenAllFail) {
  Tree tree = Load(
      "<Fallback><Scripted name=\"a\" result=\"failure\"/><Scripted name=\"b\"/>"
      "<Scripted name=\"c\"/></Fallback>");
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kSuccess);
  EXPECT_EQ(counts_["c"].ticks, 0);
  Tree all_fail = Load(
      "<Fallback><Scripted name=\"x\" result=\"failure\"/>"
      "<Scripted name=\"y\" result=\"failure\"/></Fallback>");
  EXPECT_EQ(all_fail.TickOnce(0), NodeStatus::kFailure);
}

TEST_F(TreeNodes, ReactiveSequenceHaltsTheRunningActionWhenItsConditionTurnsFalse) {
  Tree tree = Load(
      "<ReactiveSequence><IsTrue value=\"{ok}\"/><Scripted name=\"act\" ticks=\"10\"/>"
      "</ReactiveSequence>");
  tree.blackboard().Set("ok", true);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  tree.blackboard().Set("ok", false);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kFailure);
  EXPECT_EQ(counts_["act"].halts, 1);
  EXPECT_EQ(counts_["act"].starts, 1);
}

TEST_F(TreeNodes, ReactiveFallbackHaltsTheRunningRecoveryOnceTheConditionHolds) {
  Tree tree = Load(
      "<ReactiveFallback><IsTrue value=\"{done}\"/><Scripted name=\"fix\" ticks=\"10\"/>"
      "</ReactiveFallback>");
  tree.blackboard().Set("done", false);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  tree.blackboard().Set("done", true);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kSuccess);
  EXPECT_EQ(counts_["fix"].halts, 1);
}

TEST_F(TreeNodes, ParallelSucceedsAtItsSuccessCountAndHaltsTheRest) {
  Tree tree = Load(
      "<Parallel success_count=\"2\" failure_count=\"2\"><Scripted name=\"a\" ticks=\"1\"/>"
      "<Scripted name=\"b\" ticks=\"5\"/><Scripted name=\"c\"/></Parallel>");
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);  // c done, a and b running
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kSuccess);  // a done: 2 successes
  EXPECT_EQ(counts_["b"].halts, 1);
  EXPECT_EQ(counts_["c"].ticks, 1);  // a finished child is not ticked again
}

TEST_F(TreeNodes, ParallelFailsWhenSuccessHasBecomeImpossible) {
  Tree tree = Load(
      "<Parallel failure_count=\"2\"><Scripted name=\"a\" result=\"failure\"/>"
      "<Scripted name=\"b\" ticks=\"5\"/></Parallel>");
  // success_count -1 means both; a failed, so that is out of reach.
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kFailure);
  EXPECT_EQ(counts_["b"].halts, 1);
}

TEST_F(TreeNodes, RetryTakesOneAttemptPerTickAndGivesUpAfterNumAttempts) {
  Tree tree = Load(
      "<RetryUntilSuccessful num_attempts=\"3\"><Scripted name=\"a\" result=\"failure\"/>"
      "</RetryUntilSuccessful>");
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kFailure);
  EXPECT_EQ(counts_["a"].starts, 3);
}

TEST_F(TreeNodes, RepeatRunsTheChildNumCyclesTimes) {
  Tree tree = Load("<Repeat num_cycles=\"3\"><Scripted name=\"a\"/></Repeat>");
  int ticks = 1;
  while (tree.TickOnce(0) == NodeStatus::kRunning) ++ticks;
  EXPECT_EQ(ticks, 3);
  EXPECT_EQ(tree.root().status(), NodeStatus::kSuccess);
  EXPECT_EQ(counts_["a"].finishes, 3);
}

TEST_F(TreeNodes, TimeoutHaltsAChildStillRunningAfterMsec) {
  Tree tree = Load("<Timeout msec=\"100\"><Scripted name=\"slow\" ticks=\"100\"/></Timeout>");
  EXPECT_EQ(tree.TickOnce(1.00), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(1.08), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(1.10), NodeStatus::kFailure);
  EXPECT_EQ(counts_["slow"].halts, 1);
  // The clock restarts with the next run.
  EXPECT_EQ(tree.TickOnce(5.0), NodeStatus::kRunning);
}

TEST_F(TreeNodes, InverterAndForceNodesMapOutcomesButKeepRunning) {
  EXPECT_EQ(Load("<Inverter><AlwaysSuccess/></Inverter>").TickOnce(0), NodeStatus::kFailure);
  EXPECT_EQ(Load("<Inverter><AlwaysFailure/></Inverter>").TickOnce(0), NodeStatus::kSuccess);
  EXPECT_EQ(Load("<Inverter><Scripted ticks=\"1\"/></Inverter>").TickOnce(0), NodeStatus::kRunning);
  EXPECT_EQ(Load("<ForceSuccess><AlwaysFailure/></ForceSuccess>").TickOnce(0),
            NodeStatus::kSuccess);
  EXPECT_EQ(Load("<ForceFailure><AlwaysSuccess/></ForceFailure>").TickOnce(0),
            NodeStatus::kFailure);
}

TEST_F(TreeNodes, SleepRunsForMsecOfTreeTime) {
  Tree tree = Load("<Sleep msec=\"40\"/>");
  EXPECT_EQ(tree.TickOnce(2.00), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(2.02), NodeStatus::kRunning);
  EXPECT_EQ(tree.TickOnce(2.04), NodeStatus::kSuccess);
}

TEST_F(TreeNodes, HaltStopsEveryRunningNodeAndResetsItToIdle) {
  Tree tree = Load("<Sequence><Scripted name=\"a\" ticks=\"5\"/></Sequence>");
  tree.TickOnce(0);
  tree.Halt();
  EXPECT_EQ(counts_["a"].halts, 1);
  for (const NodeSnapshot& s : tree.Snapshot()) EXPECT_EQ(s.status, NodeStatus::kIdle) << s.id;
}

TEST_F(TreeNodes, SnapshotListsEveryNodeDepthFirstWithItsStatus) {
  Tree tree = Load(
      "<Sequence name=\"top\"><Scripted name=\"a\"/><Fallback><Scripted name=\"b\" "
      "ticks=\"3\"/></Fallback></Sequence>");
  tree.TickOnce(0);
  const std::vector<NodeSnapshot> s = tree.Snapshot();
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].name, "top");
  EXPECT_EQ(s[0].status, NodeStatus::kRunning);
  EXPECT_EQ(s[1].name, "a");
  EXPECT_EQ(s[1].status, NodeStatus::kSuccess);
  EXPECT_EQ(s[2].id, "Fallback");
  EXPECT_EQ(s[3].parent, 2);
  EXPECT_EQ(s[3].depth, 2);
  EXPECT_STREQ(NodeStatusName(s[3].status), "RUNNING");
  const nlohmann::json j = SnapshotToJson(s);
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j[3]["status"], "RUNNING");
  EXPECT_EQ(j[3]["parent"], 2);
  EXPECT_EQ(j[2]["kind"], "Control");
  EXPECT_EQ(j[0]["name"], "top");
}

TEST_F(TreeNodes, SetBlackboardParsesTextIntoTheEntrysType) {
  Tree tree = Load(
      "<Sequence><SetBlackboard value=\"2.5\" output_key=\"{x}\"/>"
      "<SetBlackboard value=\"oops\" output_key=\"x\"/></Sequence>");
  tree.blackboard().Set("x", 1.0);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kFailure);
  EXPECT_DOUBLE_EQ(tree.blackboard().Get<double>("x"), 2.5);
  EXPECT_NE(tree.Snapshot()[2].detail.find("not a double"), std::string::npos);
}

}  // namespace
}  // namespace tianmu::brain
