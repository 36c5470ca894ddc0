// Skill action nodes with a stand-in skill (no simulator): ports become skill parameters, the
// skill's verdict, preconditions and timeout become the node's status, a halt stops the skill.
#include "tianmu/brain/skill_action.h"

#include <gtest/gtest.h>

#include "tianmu/brain/tree_loader.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

struct FakeLog {
  std::vector<std::string> events;
  skills::SkillParams last_params;
};

// Succeeds after `steps` ticks; fails its preconditions when target's x is negative.
class FakeSkill : public skills::Skill {
 public:
  FakeSkill(const skills::SkillParams& params, FakeLog* log) : log_(log) {
    params.RejectUnknown("walk_to", {"target", "heading_deg", "tolerance_m", "tolerance_deg",
                                     "speed_mps", "timeout_s"});
    target_ = params.Vector3("walk_to", "target");
    timeout_s_ = params.Number("walk_to", "timeout_s", 40, 0, 1e4);
    log_->last_params = params;
  }
  const char* name() const override { return "walk_to"; }
  std::string Effects() const override { return "there"; }
  skills::SkillOutcome CheckPreconditions(const skills::SkillContext&) override {
    if (target_.x() < 0) {
      return skills::SkillOutcome::Failed(skills::FailureReason::kUnreachable, "behind a wall");
    }
    return skills::SkillOutcome::Running();
  }
  void Start(const skills::SkillContext&) override { log_->events.push_back("start"); }
  skills::SkillOutcome Tick(const skills::SkillContext&) override {
    log_->events.push_back("tick");
    return ++ticks_ >= 3 ? skills::SkillOutcome::Succeeded("arrived")
                         : skills::SkillOutcome::Running();
  }
  void Stop(const skills::SkillContext&) override { log_->events.push_back("stop"); }
  double timeout_s() const override { return timeout_s_; }

 private:
  FakeLog* log_;
  Eigen::Vector3d target_;
  double timeout_s_;
  int ticks_ = 0;
};

class SkillAction : public ::testing::Test {
 protected:
  SkillAction() {
    runtime_.make = [this](const std::string& name, const skills::SkillParams& params) {
      if (name != "walk_to") throw InputError("unknown skill '" + name + "'");
      return std::unique_ptr<skills::Skill>(std::make_unique<FakeSkill>(params, &log_));
    };
    RegisterSkillActions(factory_, {"walk_to"}, &runtime_);
  }
  Tree Load(const std::string& body) {
    return LoadTreeFromText(
        "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\">" + body + "</BehaviorTree></root>",
        "skills.xml", factory_);
  }
  NodeStatus Tick(Tree& tree, double time_s) {
    runtime_.context.time_s = time_s;
    return tree.TickOnce(time_s);
  }
  FakeLog log_;
  SkillRuntime runtime_;
  NodeFactory factory_;
};

TEST_F(SkillAction, PortsFromTheBlackboardBecomeParametersAndTheSkillRunsToSuccess) {
  Tree tree = Load("<walk_to target=\"{goal}\" speed_mps=\"0.2\"/>");
  tree.blackboard().Set("goal", Eigen::Vector3d(1.5, -0.5, 0));
  EXPECT_EQ(Tick(tree, 0.00), NodeStatus::kRunning);  // preconditions checked, started
  EXPECT_EQ(Tick(tree, 0.02), NodeStatus::kRunning);
  EXPECT_EQ(Tick(tree, 0.04), NodeStatus::kRunning);
  EXPECT_EQ(Tick(tree, 0.06), NodeStatus::kSuccess);
  EXPECT_EQ(log_.last_params.values().at("target"), "1.5,-0.5,0");
  EXPECT_EQ(log_.last_params.values().at("speed_mps"), "0.2");
  EXPECT_EQ(log_.events, (std::vector<std::string>{"start", "tick", "tick", "tick", "stop"}));
}

TEST_F(SkillAction, RefusedPreconditionsFailWithTheSkillsReason) {
  Tree tree = Load("<walk_to target=\"-1,0,0\"/>");
  EXPECT_EQ(Tick(tree, 0), NodeStatus::kFailure);
  const auto& node = dynamic_cast<const SkillActionNode&>(tree.root());
  EXPECT_EQ(node.reason(), "unreachable");
  EXPECT_NE(node.detail().find("behind a wall"), std::string::npos);
  EXPECT_TRUE(log_.events.empty());  // nothing started
}

TEST_F(SkillAction, TimesOutAndStopsTheSkill) {
  Tree tree = Load("<walk_to target=\"1,0,0\" timeout_s=\"0.03\"/>");
  EXPECT_EQ(Tick(tree, 0.00), NodeStatus::kRunning);
  EXPECT_EQ(Tick(tree, 0.02), NodeStatus::kRunning);
  EXPECT_EQ(Tick(tree, 0.04), NodeStatus::kFailure);
  EXPECT_EQ(dynamic_cast<const SkillActionNode&>(tree.root()).reason(), "timeout");
  EXPECT_EQ(log_.events.back(), "stop");
}

TEST_F(SkillAction, HaltStopsARunningSkill) {
  Tree tree = Load("<walk_to target=\"1,0,0\"/>");
  Tick(tree, 0);
  tree.Halt();
  EXPECT_EQ(log_.events, (std::vector<std::string>{"start", "stop"}));
}

TEST_F(SkillAction, BadParameterValuesFailTheNodeNamingIt) {
  Tree tree = Load("<walk_to target=\"1,x,0\"/>");
  EXPECT_EQ(Tick(tree, 0), NodeStatus::kFailure);
  const auto& node = dynamic_cast<const SkillActionNode&>(tree.root());
  EXPECT_EQ(node.reason(), "bad_parameters");
  EXPECT_NE(node.detail().find("skills.xml:1"), std::string::npos) << node.detail();
}

TEST_F(SkillAction, SkillPortsAreCheckedWhenTheTreeLoads) {
  EXPECT_THROW(Load("<walk_to destination=\"1,0,0\"/>"), InputError);
  EXPECT_THROW(Load("<walk_to speed_mps=\"0.2\"/>"), InputError);  // target is required
}

}  // namespace
}  // namespace tianmu::brain
