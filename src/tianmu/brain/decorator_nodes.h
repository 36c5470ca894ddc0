// Decorator nodes of BehaviorTree.CPP v4: RetryUntilSuccessful, Repeat, Timeout, Inverter,
// ForceSuccess, ForceFailure. Retries and repetitions take one attempt per tick, so a tree never
// loops inside a tick.
#pragma once

#include "tianmu/brain/tree_node.h"

namespace tianmu::brain {

/// Base of decorators: exactly one child.
class DecoratorNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kDecorator; }

 protected:
  /// The single child.
  TreeNode& child() { return *children_.front(); }
};

/// Port num_attempts (-1: forever). Re-runs a failing child on the next tick until it succeeds;
/// fails after num_attempts failures.
class RetryNode : public DecoratorNode {
 public:
  using DecoratorNode::DecoratorNode;

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override { attempts_ = 0; }

 private:
  int attempts_ = 0;
};

/// Port num_cycles (-1: forever). Re-runs a succeeding child on the next tick; succeeds after
/// num_cycles successes, fails at the child's first failure.
class RepeatNode : public DecoratorNode {
 public:
  using DecoratorNode::DecoratorNode;

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override { cycles_ = 0; }

 private:
  int cycles_ = 0;
};

/// Port msec. Halts the child and fails when it is still running msec after its first tick.
class TimeoutNode : public DecoratorNode {
 public:
  using DecoratorNode::DecoratorNode;

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override { started_ = false; }

 private:
  bool started_ = false;
  double start_s_ = 0;
};

/// Success becomes failure and failure success; running stays running.
class InverterNode : public DecoratorNode {
 public:
  using DecoratorNode::DecoratorNode;

 protected:
  NodeStatus OnTick() override;
};

/// Any finished outcome becomes `forced` (ForceSuccess, ForceFailure); running stays running.
class ForceNode : public DecoratorNode {
 public:
  /// `forced` is kSuccess for ForceSuccess, kFailure for ForceFailure.
  ForceNode(NodeConfig config, NodeStatus forced)
      : DecoratorNode(std::move(config)), forced_(forced) {}

 protected:
  NodeStatus OnTick() override;

 private:
  NodeStatus forced_;
};

}  // namespace tianmu::brain
