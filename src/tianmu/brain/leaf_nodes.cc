#include "tianmu/brain/leaf_nodes.h"

#include "tianmu/core/error.h"

namespace tianmu::brain {

NodeStatus SleepNode::OnTick() {
  if (status() != NodeStatus::kRunning) start_s_ = now_s();
  return now_s() - start_s_ >= Input<double>("msec") / 1000 ? NodeStatus::kSuccess
                                                            : NodeStatus::kRunning;
}

NodeStatus SetBlackboardNode::OnTick() {
  const std::string text = Input<std::string>("value");
  const std::string port = config().ports.at("output_key");
  const std::string key = BlackboardReference(port).value_or(port);
  const std::optional<BlackboardValue> existing = config().blackboard->Find(key);
  BlackboardValue value = text;
  if (existing) {
    bool ok = true;
    std::visit(
        [&](const auto& held) {
          using T = std::decay_t<decltype(held)>;
          if (std::optional<T> parsed = ParseValue<T>(text)) {
            value = *parsed;
          } else {
            ok = false;
          }
        },
        *existing);
    if (!ok) {
      detail_ = "'" + text + "' is not a " + BlackboardTypeName(*existing) + " for '" + key + "'";
      return NodeStatus::kFailure;
    }
  }
  config().blackboard->Set(key, value);
  return NodeStatus::kSuccess;
}

}  // namespace tianmu::brain
