// The tree ticks at its own rate beside the control loop and never throws into it.
#include "tianmu/brain/tree_ticker.h"

#include <gtest/gtest.h>

#include "test_nodes.h"
#include "tianmu/brain/tree_loader.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

TEST(TreeTicker, TicksTheTreeEveryTwentiethControlTickAtFiftyHertz) {
  std::map<std::string, testing::ScriptedCounts> counts;
  const NodeFactory factory = testing::MakeTestFactory(&counts);
  Tree tree = LoadTreeFromText(
      "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Scripted name=\"a\" ticks=\"1000\"/>"
      "</BehaviorTree></root>",
      "t.xml", factory);
  TreeTicker ticker(&tree, TickerOptions{});
  EXPECT_EQ(ticker.period_ticks(), 20);
  for (int k = 0; k < 1000; ++k) ticker.OnControlTick(k * 0.001);  // one second at 1 kHz
  EXPECT_EQ(counts["a"].ticks, 50);
  EXPECT_EQ(ticker.tree_ticks(), 50);
  TreeTicker fast(&tree, TickerOptions{1000, 100});
  EXPECT_EQ(fast.period_ticks(), 10);
  EXPECT_THROW(TreeTicker(&tree, TickerOptions{1000, 2000}), InputError);
  EXPECT_THROW(TreeTicker(&tree, TickerOptions{1000, 0}), InputError);
}

TEST(TreeTicker, ANodeErrorBecomesFailureWithItsMessageAndTheTreeStops) {
  std::map<std::string, testing::ScriptedCounts> counts;
  const NodeFactory factory = testing::MakeTestFactory(&counts);
  Tree tree = LoadTreeFromText(
      "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Sequence><Scripted name=\"s\" "
      "ticks=\"3\"/><IsTrue value=\"{flag}\"/></Sequence></BehaviorTree></root>",
      "t.xml", factory);
  tree.blackboard().Set("flag", 1.5);  // a double where the condition reads a bool
  TreeTicker ticker(&tree, TickerOptions{1000, 1000});
  NodeStatus status = NodeStatus::kRunning;
  for (int k = 0; k < 10 && status == NodeStatus::kRunning; ++k) {
    EXPECT_NO_THROW(status = ticker.OnControlTick(k * 0.001));
  }
  EXPECT_EQ(status, NodeStatus::kFailure);
  EXPECT_NE(ticker.error().find("IsTrue"), std::string::npos) << ticker.error();
  EXPECT_NE(ticker.error().find("t.xml"), std::string::npos) << ticker.error();
  EXPECT_NE(ticker.error().find("holds a double, expected a bool"), std::string::npos)
      << ticker.error();
  const int ticks = ticker.tree_ticks();
  ticker.OnControlTick(1.0);
  EXPECT_EQ(ticker.tree_ticks(), ticks);  // finished trees are not ticked again
}

}  // namespace
}  // namespace tianmu::brain
