// Test doubles for the behaviour-tree tests: a scripted action that runs for a number of ticks
// then returns a result, counting starts and halts, and a factory holding it.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "tianmu/brain/node_factory.h"

namespace tianmu::brain::testing {

/// Per instance name: how often it started, finished and was halted.
struct ScriptedCounts {
  int starts = 0, finishes = 0, halts = 0, ticks = 0;
};

/// Ports ticks (RUNNING ticks before finishing, default 0) and result (success|failure).
class ScriptedAction : public TreeNode {
 public:
  ScriptedAction(NodeConfig config, std::map<std::string, ScriptedCounts>* counts)
      : TreeNode(std::move(config)), counts_(counts) {}
  NodeKind kind() const override { return NodeKind::kAction; }

 protected:
  NodeStatus OnTick() override {
    ScriptedCounts& c = (*counts_)[config().name];
    ++c.ticks;
    if (status() != NodeStatus::kRunning) {
      ++c.starts;
      remaining_ = Input<int>("ticks");
    }
    if (remaining_-- > 0) return NodeStatus::kRunning;
    ++c.finishes;
    return Input<std::string>("result") == "success" ? NodeStatus::kSuccess : NodeStatus::kFailure;
  }
  void OnHalt() override { ++(*counts_)[config().name].halts; }

 private:
  std::map<std::string, ScriptedCounts>* counts_;
  int remaining_ = 0;
};

/// A factory with the built-ins, "Scripted" and the condition "IsTrue" (port value, a bool).
inline NodeFactory MakeTestFactory(std::map<std::string, ScriptedCounts>* counts) {
  NodeFactory factory;
  factory.Register({"Scripted",
                    NodeKind::kAction,
                    {{"ticks", false, "0", "int", "running ticks", false},
                     {"result", false, "success", "string", "success or failure", false}},
                    [counts](const NodeConfig& config) {
                      return std::make_unique<ScriptedAction>(config, counts);
                    },
                    false});
  factory.RegisterCondition("IsTrue", {{"value", true, "", "bool", "the flag", false}},
                            [](TreeNode& node) { return node.Input<bool>("value"); });
  return factory;
}

}  // namespace tianmu::brain::testing
