#include "tianmu/brain/node_factory.h"

#include "tianmu/brain/control_nodes.h"
#include "tianmu/brain/decorator_nodes.h"
#include "tianmu/brain/leaf_nodes.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

template <typename T>
NodeManifest Builtin(const std::string& id, NodeKind kind, std::vector<PortSpec> ports = {}) {
  return {id, kind, std::move(ports),
          [](const NodeConfig& config) { return std::make_unique<T>(config); }, true};
}

PortSpec Required(const std::string& name, const std::string& type,
                  const std::string& description) {
  return {name, true, "", type, description, false};
}

PortSpec Optional(const std::string& name, const std::string& default_value,
                  const std::string& type, const std::string& description) {
  return {name, false, default_value, type, description, false};
}

}  // namespace

NodeFactory::NodeFactory() {
  Register(Builtin<SequenceNode>("Sequence", NodeKind::kControl));
  Register(Builtin<FallbackNode>("Fallback", NodeKind::kControl));
  Register(Builtin<ReactiveSequenceNode>("ReactiveSequence", NodeKind::kControl));
  Register(Builtin<ReactiveFallbackNode>("ReactiveFallback", NodeKind::kControl));
  Register(Builtin<ParallelNode>(
      "Parallel", NodeKind::kControl,
      {Optional("success_count", "-1", "int", "successes needed (-1: all children)"),
       Optional("failure_count", "1", "int", "failures that fail the node")}));
  Register(Builtin<RetryNode>("RetryUntilSuccessful", NodeKind::kDecorator,
                              {Required("num_attempts", "int", "attempts (-1: forever)")}));
  Register(Builtin<RepeatNode>("Repeat", NodeKind::kDecorator,
                               {Required("num_cycles", "int", "cycles (-1: forever)")}));
  Register(Builtin<TimeoutNode>("Timeout", NodeKind::kDecorator,
                                {Required("msec", "double", "time limit (ms)")}));
  Register(Builtin<InverterNode>("Inverter", NodeKind::kDecorator));
  Register(
      {"ForceSuccess",
       NodeKind::kDecorator,
       {},
       [](const NodeConfig& c) { return std::make_unique<ForceNode>(c, NodeStatus::kSuccess); },
       true});
  Register(
      {"ForceFailure",
       NodeKind::kDecorator,
       {},
       [](const NodeConfig& c) { return std::make_unique<ForceNode>(c, NodeStatus::kFailure); },
       true});
  Register(
      {"AlwaysSuccess",
       NodeKind::kAction,
       {},
       [](const NodeConfig& c) { return std::make_unique<ConstantNode>(c, NodeStatus::kSuccess); },
       true});
  Register(
      {"AlwaysFailure",
       NodeKind::kAction,
       {},
       [](const NodeConfig& c) { return std::make_unique<ConstantNode>(c, NodeStatus::kFailure); },
       true});
  Register(Builtin<SleepNode>("Sleep", NodeKind::kAction,
                              {Required("msec", "double", "how long (ms)")}));
  PortSpec output = Required("output_key", "string", "the entry to write");
  output.output = true;
  Register(Builtin<SetBlackboardNode>("SetBlackboard", NodeKind::kAction,
                                      {Required("value", "string", "the value (text)"), output}));
}

void NodeFactory::Register(NodeManifest manifest) {
  if (manifest.id.empty()) throw InputError("node factory: a node type needs an ID");
  if (manifests_.count(manifest.id)) {
    throw InputError("node factory: node type '" + manifest.id + "' is registered twice");
  }
  manifests_.emplace(manifest.id, std::move(manifest));
}

void NodeFactory::RegisterCondition(const std::string& id, std::vector<PortSpec> ports,
                                    std::function<bool(TreeNode&)> check) {
  Register({id, NodeKind::kCondition, std::move(ports),
            [check](const NodeConfig& config) {
              return std::make_unique<FunctionNode>(
                  config, NodeKind::kCondition, [check](TreeNode& node) {
                    return check(node) ? NodeStatus::kSuccess : NodeStatus::kFailure;
                  });
            },
            false});
}

const NodeManifest* NodeFactory::Find(const std::string& id) const {
  const auto found = manifests_.find(id);
  return found == manifests_.end() ? nullptr : &found->second;
}

std::vector<std::string> NodeFactory::ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, manifest] : manifests_) ids.push_back(id);
  return ids;
}

}  // namespace tianmu::brain
