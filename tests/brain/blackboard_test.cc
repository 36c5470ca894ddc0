#include "tianmu/brain/blackboard.h"

#include <gtest/gtest.h>

#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

TEST(Blackboard, StoresEachTypeAndReadsItBack) {
  Blackboard bb;
  bb.Set("flag", true);
  bb.Set("count", 3);
  bb.Set("speed_mps", 0.4);
  bb.Set("place", std::string("table"));
  bb.Set("target_m", Eigen::Vector3d(1, 2, 3));
  EXPECT_TRUE(bb.Get<bool>("flag"));
  EXPECT_EQ(bb.Get<int>("count"), 3);
  EXPECT_DOUBLE_EQ(bb.Get<double>("speed_mps"), 0.4);
  EXPECT_EQ(bb.Get<std::string>("place"), "table");
  EXPECT_EQ(bb.Get<Eigen::Vector3d>("target_m"), Eigen::Vector3d(1, 2, 3));
}

TEST(Blackboard, RejectsReadingOrOverwritingAsAnotherType) {
  Blackboard bb;
  bb.Set("count", 3);
  EXPECT_THROW(bb.Get<bool>("count"), RuntimeError);
  EXPECT_THROW(bb.Get<Eigen::Vector3d>("count"), RuntimeError);
  EXPECT_THROW(bb.Set("count", std::string("three")), RuntimeError);
  EXPECT_THROW(bb.Get<int>("missing"), RuntimeError);
  try {
    bb.Set("count", 2.5);
    FAIL() << "expected a type error";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("'count' holds a int"), std::string::npos) << e.what();
  }
}

TEST(Blackboard, IntReadsAsDoubleAndTextIsParsedOnRead) {
  Blackboard bb;
  bb.Set("n", 4);
  bb.Set("v", std::string("0.5,1,-2"));
  bb.Set("bad", std::string("0.5,x,-2"));
  EXPECT_DOUBLE_EQ(bb.Get<double>("n"), 4.0);
  EXPECT_EQ(bb.Get<Eigen::Vector3d>("v"), Eigen::Vector3d(0.5, 1, -2));
  EXPECT_THROW(bb.Get<Eigen::Vector3d>("bad"), RuntimeError);
}

TEST(Blackboard, SubtreeRemapsKeysToTheParentAndKeepsOthersLocal) {
  auto parent = std::make_shared<Blackboard>();
  parent->Set("goal_m", Eigen::Vector3d(1, 0, 0));
  Blackboard child(parent, {{"target", "goal_m"}}, false);
  EXPECT_EQ(child.Get<Eigen::Vector3d>("target"), Eigen::Vector3d(1, 0, 0));
  child.Set("target", Eigen::Vector3d(2, 0, 0));
  EXPECT_EQ(parent->Get<Eigen::Vector3d>("goal_m"), Eigen::Vector3d(2, 0, 0));
  child.Set("local", 1);
  EXPECT_FALSE(parent->Has("local"));
  EXPECT_FALSE(child.Has("goal_m"));  // not remapped, no auto-remap
  Blackboard automatic(parent, {}, true);
  EXPECT_TRUE(automatic.Has("goal_m"));
}

TEST(Blackboard, ValuesPrintAsTextThatParsesBack) {
  EXPECT_EQ(ValueToText(0.1), "0.1");
  EXPECT_EQ(ValueToText(180.0), "180");
  EXPECT_EQ(ValueToText(-1234567.5), "-1234567.5");
  EXPECT_EQ(ValueToText(1e20), "1e+20");
  EXPECT_EQ(ValueToText(Eigen::Vector3d(1.5, -2, 0.25)), "1.5,-2,0.25");
  EXPECT_EQ(ValueToText(true), "true");
  EXPECT_EQ(*ParseValue<double>(ValueToText(1.0 / 3)), 1.0 / 3);
  EXPECT_FALSE(ParseValue<int>("2.5"));
  EXPECT_FALSE(ParseValue<double>("nan"));
}

}  // namespace
}  // namespace tianmu::brain
