#include "tianmu/brain/control_nodes.h"

#include "tianmu/core/error.h"

namespace tianmu::brain {

NodeStatus SequenceNode::OnTick() {
  while (index_ < children_.size()) {
    const NodeStatus status = children_[index_]->Tick();
    if (status == NodeStatus::kRunning) return status;
    if (status == NodeStatus::kFailure) {
      HaltChildren();
      index_ = 0;
      return status;
    }
    ++index_;
  }
  index_ = 0;
  return NodeStatus::kSuccess;
}

NodeStatus FallbackNode::OnTick() {
  while (index_ < children_.size()) {
    const NodeStatus status = children_[index_]->Tick();
    if (status == NodeStatus::kRunning) return status;
    if (status == NodeStatus::kSuccess) {
      HaltChildren();
      index_ = 0;
      return status;
    }
    ++index_;
  }
  index_ = 0;
  return NodeStatus::kFailure;
}

NodeStatus ReactiveSequenceNode::OnTick() {
  for (std::size_t i = 0; i < children_.size(); ++i) {
    const NodeStatus status = children_[i]->Tick();
    if (status == NodeStatus::kRunning) {
      HaltChildren(i + 1);
      return status;
    }
    if (status == NodeStatus::kFailure) {
      HaltChildren();
      return status;
    }
  }
  return NodeStatus::kSuccess;
}

NodeStatus ReactiveFallbackNode::OnTick() {
  for (std::size_t i = 0; i < children_.size(); ++i) {
    const NodeStatus status = children_[i]->Tick();
    if (status == NodeStatus::kRunning) {
      HaltChildren(i + 1);
      return status;
    }
    if (status == NodeStatus::kSuccess) {
      HaltChildren();
      return status;
    }
  }
  return NodeStatus::kFailure;
}

void ParallelNode::Reset() { finished_.assign(children_.size(), NodeStatus::kIdle); }

NodeStatus ParallelNode::OnTick() {
  const int n = static_cast<int>(children_.size());
  auto threshold = [&](const char* port, int fallback) {
    int count = OptionalInput<int>(port).value_or(fallback);
    if (count < 0) count = n + count + 1;
    if (count < 1 || count > n) {
      throw RuntimeError(Where() + ": " + port + " must be between 1 and the " + std::to_string(n) +
                         " children (negative: counted from the end)");
    }
    return count;
  };
  const int success_needed = threshold("success_count", -1);
  const int failure_limit = threshold("failure_count", 1);
  if (finished_.size() != children_.size() || status() != NodeStatus::kRunning) Reset();
  int successes = 0, failures = 0;
  for (int i = 0; i < n; ++i) {
    if (finished_[i] == NodeStatus::kIdle) {
      const NodeStatus status = children_[i]->Tick();
      if (status != NodeStatus::kRunning) finished_[i] = status;
    }
    if (finished_[i] == NodeStatus::kSuccess) ++successes;
    if (finished_[i] == NodeStatus::kFailure) ++failures;
  }
  NodeStatus result = NodeStatus::kRunning;
  if (successes >= success_needed) {
    result = NodeStatus::kSuccess;
  } else if (failures >= failure_limit || n - failures < success_needed) {
    result = NodeStatus::kFailure;
  }
  if (result != NodeStatus::kRunning) {
    HaltChildren();
    Reset();
  }
  return result;
}

}  // namespace tianmu::brain
