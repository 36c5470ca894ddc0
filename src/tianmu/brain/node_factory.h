// Node factory: which node IDs a tree may use, their category, their declared ports (name,
// required or default, type) and how to build them. Starts with BehaviorTree.CPP's built-ins;
// skills and conditions are registered on top.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tianmu/brain/tree_node.h"

namespace tianmu::brain {

/// One declared port.
struct PortSpec {
  std::string name;
  bool required = false;
  std::string default_value;    ///< used when not required and absent (empty: left absent)
  std::string type = "string";  ///< for TreeNodesModel: "double", "int", "bool", "string", ...
  std::string description;
  bool output = false;  ///< an output port (written to the blackboard)
};

/// Everything the loader needs to know about one node ID.
struct NodeManifest {
  std::string id;                     ///< the element name or ID attribute it is written with
  NodeKind kind = NodeKind::kAction;  ///< its category
  std::vector<PortSpec> ports;        ///< every port it accepts
  /// Makes a node from a validated config (ports known, required ones present).
  std::function<std::unique_ptr<TreeNode>(const NodeConfig&)> build;
  bool builtin = false;  ///< a BehaviorTree.CPP built-in (left out of TreeNodesModel)
};

/// ID -> manifest.
class NodeFactory {
 public:
  /// A factory holding the built-in control nodes, decorators and leaves.
  NodeFactory();
  /// Adds a node type; raises InputError when the ID is taken or empty.
  void Register(NodeManifest manifest);
  /// Adds a condition computed by `check` (true: success).
  void RegisterCondition(const std::string& id, std::vector<PortSpec> ports,
                         std::function<bool(TreeNode&)> check);
  /// The manifest of `id`, or nullptr.
  const NodeManifest* Find(const std::string& id) const;
  /// All registered IDs, sorted.
  std::vector<std::string> ids() const;

 private:
  std::map<std::string, NodeManifest> manifests_;
};

}  // namespace tianmu::brain
