// Control nodes of BehaviorTree.CPP v4: Sequence, Fallback, ReactiveSequence, ReactiveFallback and
// Parallel, with its semantics (a running child is resumed, not restarted; abandoned running
// children are halted).
#pragma once

#include "tianmu/brain/tree_node.h"

namespace tianmu::brain {

/// Ticks children in order, resuming a running one; fails at the first failure (halting the rest),
/// succeeds when all have.
class SequenceNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kControl; }

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override { index_ = 0; }

 private:
  std::size_t index_ = 0;
};

/// Ticks children in order, resuming a running one; succeeds at the first success, fails when all
/// have failed.
class FallbackNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kControl; }

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override { index_ = 0; }

 private:
  std::size_t index_ = 0;
};

/// Re-ticks every child from the first on each tick (conditions are re-checked while an action
/// runs); a running child halts the ones after it; a failure halts all and fails.
class ReactiveSequenceNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kControl; }

 protected:
  NodeStatus OnTick() override;
};

/// Re-ticks every child from the first on each tick; a running child halts the ones after it; a
/// success halts all and succeeds.
class ReactiveFallbackNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kControl; }

 protected:
  NodeStatus OnTick() override;
};

/// Ticks all unfinished children each tick. Ports: success_count (default -1: all children),
/// failure_count (default 1); a negative count n means children + n + 1. Succeeds once
/// success_count children succeeded, fails once failure_count failed or success became
/// impossible; then halts the running ones.
class ParallelNode : public TreeNode {
 public:
  using TreeNode::TreeNode;
  NodeKind kind() const override { return NodeKind::kControl; }

 protected:
  NodeStatus OnTick() override;
  void OnHalt() override { Reset(); }

 private:
  void Reset();
  std::vector<NodeStatus> finished_;  ///< per child: kIdle while still to tick
};

}  // namespace tianmu::brain
