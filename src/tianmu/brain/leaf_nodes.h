// Built-in leaves of BehaviorTree.CPP v4 that need no robot: AlwaysSuccess, AlwaysFailure, Sleep
// and SetBlackboard, plus leaves built from a function (for conditions and simple actions).
#pragma once

#include <functional>

#include "tianmu/brain/tree_node.h"

namespace tianmu::brain {

/// Returns `result` on every tick (AlwaysSuccess, AlwaysFailure).
class ConstantNode : public TreeNode {
 public:
  /// A leaf that always returns `result`.
  ConstantNode(NodeConfig config, NodeStatus result)
      : TreeNode(std::move(config)), result_(result) {}
  NodeKind kind() const override { return NodeKind::kAction; }

 protected:
  NodeStatus OnTick() override { return result_; }

 private:
  NodeStatus result_;
};

/// Port msec: running until msec have passed in tree time since its first tick, then success.
class SleepNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kAction; }

 protected:
  NodeStatus OnTick() override;

 private:
  double start_s_ = 0;
};

/// Ports value, output_key: stores value (text) under output_key; when the entry already holds
/// another type, value is parsed as that type (failure with a reason when it cannot be).
class SetBlackboardNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kAction; }

 protected:
  NodeStatus OnTick() override;
};

/// A condition or synchronous action computed by a function of the node (which reads its ports).
class FunctionNode : public TreeNode {
 public:
  /// `function` returns success or failure (or running, for actions).
  FunctionNode(NodeConfig config, NodeKind kind, std::function<NodeStatus(TreeNode&)> function)
      : TreeNode(std::move(config)), kind_(kind), function_(std::move(function)) {}
  NodeKind kind() const override { return kind_; }

 protected:
  NodeStatus OnTick() override { return function_(*this); }

 private:
  NodeKind kind_;
  std::function<NodeStatus(TreeNode&)> function_;
};

}  // namespace tianmu::brain
