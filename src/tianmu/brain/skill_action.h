// Skill action nodes: each skills::Skill is a BT action whose ports are its parameters. On its
// first tick the node builds the skill from the ports (blackboard entries turned into text),
// checks preconditions and starts it; later ticks advance it until success, failure (with the
// skill's reason) or its timeout; a halt stops it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "tianmu/brain/node_factory.h"
#include "tianmu/skills/skill.h"

namespace tianmu::brain {

/// Makes a skill by name (skills::MakeSkill in the application; a stand-in in tests).
using SkillMaker =
    std::function<std::unique_ptr<skills::Skill>(const std::string&, const skills::SkillParams&)>;

/// What skill actions run with; the caller keeps `context` current (time, controller, port)
/// before every tree tick.
struct SkillRuntime {
  skills::SkillContext context;
  SkillMaker make;
};

/// One skill as an action node.
class SkillActionNode : public TreeNode {
 public:
  /// `runtime` must outlive the node.
  SkillActionNode(NodeConfig config, SkillRuntime* runtime)
      : TreeNode(std::move(config)), runtime_(runtime) {}
  NodeKind kind() const override { return NodeKind::kAction; }
  /// The failure reason of the last run ("none" when it did not fail).
  const std::string& reason() const { return reason_; }

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override;

 private:
  NodeStatus Finish(const skills::SkillOutcome& outcome);
  SkillRuntime* runtime_;
  std::unique_ptr<skills::Skill> skill_;
  double start_s_ = 0;
  std::string reason_ = "none";
};

/// Registers an action node for each of `skills` (e.g. skills::SkillNames()), with ports from
/// SkillPorts. `runtime` must outlive the trees built.
void RegisterSkillActions(NodeFactory& factory, const std::vector<std::string>& skills,
                          SkillRuntime* runtime);

}  // namespace tianmu::brain
