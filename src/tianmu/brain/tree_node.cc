#include "tianmu/brain/tree_node.h"

#include "tianmu/core/error.h"

namespace tianmu::brain {

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kAction:
      return "Action";
    case NodeKind::kCondition:
      return "Condition";
    case NodeKind::kControl:
      return "Control";
    case NodeKind::kDecorator:
      return "Decorator";
    case NodeKind::kSubTree:
      return "SubTree";
  }
  return "?";
}

std::optional<std::string> BlackboardReference(const std::string& text) {
  if (text.size() >= 3 && text.front() == '{' && text.back() == '}') {
    return text.substr(1, text.size() - 2);
  }
  return std::nullopt;
}

NodeStatus TreeNode::Tick() {
  status_ = OnTick();
  return status_;
}

void TreeNode::Halt() {
  if (status_ != NodeStatus::kRunning) return;
  OnHalt();
  HaltChildren();
  status_ = NodeStatus::kIdle;
}

void TreeNode::HaltChildren(std::size_t first) {
  for (std::size_t i = first; i < children_.size(); ++i) children_[i]->Halt();
}

std::string TreeNode::Where() const {
  std::string where = config_.id;
  if (config_.name != config_.id) where += " '" + config_.name + "'";
  if (!config_.file.empty())
    where += " (" + config_.file + ":" + std::to_string(config_.line) + ")";
  return where;
}

template <typename T>
T TreeNode::Input(const std::string& port) const {
  const auto found = config_.ports.find(port);
  if (found == config_.ports.end()) {
    throw RuntimeError(Where() + ": input port '" + port + "' was not given");
  }
  if (const std::optional<std::string> key = BlackboardReference(found->second)) {
    try {
      return config_.blackboard->Get<T>(*key);
    } catch (const RuntimeError& e) {
      throw RuntimeError(Where() + ": port '" + port + "': " + e.what());
    }
  }
  if (std::optional<T> value = ParseValue<T>(found->second)) return *value;
  throw RuntimeError(Where() + ": port '" + port + "' is '" + found->second +
                     "', expected a value of its type");
}

template bool TreeNode::Input<bool>(const std::string&) const;
template int TreeNode::Input<int>(const std::string&) const;
template double TreeNode::Input<double>(const std::string&) const;
template std::string TreeNode::Input<std::string>(const std::string&) const;
template Eigen::Vector3d TreeNode::Input<Eigen::Vector3d>(const std::string&) const;

void TreeNode::Output(const std::string& port, const BlackboardValue& value) {
  const auto found = config_.ports.find(port);
  if (found == config_.ports.end()) {
    throw RuntimeError(Where() + ": output port '" + port + "' was not given");
  }
  const std::string key = BlackboardReference(found->second).value_or(found->second);
  try {
    config_.blackboard->Set(key, value);
  } catch (const RuntimeError& e) {
    throw RuntimeError(Where() + ": port '" + port + "': " + e.what());
  }
}

}  // namespace tianmu::brain
