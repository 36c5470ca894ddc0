#include "tianmu/brain/decorator_nodes.h"

#include "tianmu/core/error.h"

namespace tianmu::brain {

NodeStatus RetryNode::OnTick() {
  const int limit = Input<int>("num_attempts");
  const NodeStatus status = child().Tick();
  if (status == NodeStatus::kRunning) return status;
  if (status == NodeStatus::kSuccess) {
    attempts_ = 0;
    return status;
  }
  ++attempts_;
  detail_ = "attempt " + std::to_string(attempts_) + " failed";
  if (limit >= 0 && attempts_ >= limit) {
    attempts_ = 0;
    return NodeStatus::kFailure;
  }
  return NodeStatus::kRunning;  // the next attempt starts on the next tick
}

NodeStatus RepeatNode::OnTick() {
  const int limit = Input<int>("num_cycles");
  const NodeStatus status = child().Tick();
  if (status == NodeStatus::kRunning) return status;
  if (status == NodeStatus::kFailure) {
    cycles_ = 0;
    return status;
  }
  ++cycles_;
  if (limit >= 0 && cycles_ >= limit) {
    cycles_ = 0;
    return NodeStatus::kSuccess;
  }
  return NodeStatus::kRunning;  // the next cycle starts on the next tick
}

NodeStatus TimeoutNode::OnTick() {
  const double limit_s = Input<double>("msec") / 1000;
  if (!started_) {
    started_ = true;
    start_s_ = now_s();
  }
  if (now_s() - start_s_ >= limit_s) {
    child().Halt();
    started_ = false;
    detail_ = "timed out after " + ValueToText(limit_s) + " s";
    return NodeStatus::kFailure;
  }
  const NodeStatus status = child().Tick();
  if (status != NodeStatus::kRunning) started_ = false;
  return status;
}

NodeStatus InverterNode::OnTick() {
  const NodeStatus status = child().Tick();
  if (status == NodeStatus::kSuccess) return NodeStatus::kFailure;
  if (status == NodeStatus::kFailure) return NodeStatus::kSuccess;
  return status;
}

NodeStatus ForceNode::OnTick() {
  const NodeStatus status = child().Tick();
  return status == NodeStatus::kRunning ? status : forced_;
}

}  // namespace tianmu::brain
