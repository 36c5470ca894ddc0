// One node of a behaviour tree: its registration ID, instance name, ports (raw XML attribute text,
// `{key}` meaning a blackboard entry), children, status and where it was written (file, line).
// Subclasses implement OnTick (never blocking) and OnHalt.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/brain/blackboard.h"
#include "tianmu/brain/node_status.h"

namespace tianmu::brain {

/// Groot2's node categories.
enum class NodeKind { kAction, kCondition, kControl, kDecorator, kSubTree };

/// "Action", "Condition", "Control", "Decorator", "SubTree" (the XML element names).
const char* NodeKindName(NodeKind kind);

/// Tree time, advanced by whoever ticks the tree (robot time, s).
struct TreeClock {
  double time_s = 0;
};

/// Everything a node is built from.
struct NodeConfig {
  std::string id;                            ///< registration ID ("Sequence", "walk_to")
  std::string name;                          ///< instance name: the `name` attribute, else the ID
  std::map<std::string, std::string> ports;  ///< port -> raw text (defaults filled in)
  std::shared_ptr<Blackboard> blackboard;
  const TreeClock* clock = nullptr;
  std::string file;  ///< where the node was written, for errors
  int line = 0;
};

/// Base of all nodes. Owns its children.
class TreeNode {
 public:
  /// A node built from `config` (children are added by the loader).
  explicit TreeNode(NodeConfig config) : config_(std::move(config)) {}
  virtual ~TreeNode() = default;
  TreeNode(const TreeNode&) = delete;
  TreeNode& operator=(const TreeNode&) = delete;

  /// The node's category.
  virtual NodeKind kind() const = 0;
  /// Ticks once and records the status; never blocks.
  NodeStatus Tick();
  /// Stops a running node (and its running children); its status becomes IDLE. A node that is not
  /// running keeps its last status (so snapshots show how a finished branch ended).
  void Halt();
  /// The status from the last tick (IDLE before the first and after a halt).
  NodeStatus status() const { return status_; }
  /// One line about the last outcome (e.g. a skill's failure reason), or empty.
  const std::string& detail() const { return detail_; }
  /// How the node was built.
  const NodeConfig& config() const { return config_; }
  /// The children, in XML order.
  const std::vector<std::unique_ptr<TreeNode>>& children() const { return children_; }
  /// Appends a child (used by the XML loader).
  void AddChild(std::unique_ptr<TreeNode> child) { children_.push_back(std::move(child)); }

  /// Input port `port` as T: a `{key}` reads the blackboard, anything else is parsed as a literal.
  /// Raises RuntimeError naming the node, its file and line when missing or of the wrong type.
  template <typename T>
  T Input(const std::string& port) const;
  /// Like Input, but nullopt when the port was not given.
  template <typename T>
  std::optional<T> OptionalInput(const std::string& port) const {
    if (!config_.ports.count(port)) return std::nullopt;
    return Input<T>(port);
  }
  /// Writes `value` to the blackboard entry named by output port `port` ("{key}" or "key").
  void Output(const std::string& port, const BlackboardValue& value);
  /// "ID 'name' (file:line)" for messages.
  std::string Where() const;

 protected:
  /// The node's behaviour for one tick.
  virtual NodeStatus OnTick() = 0;
  /// Called by Halt when the node is running; controls and decorators halt their children here.
  virtual void OnHalt() {}
  /// Halts the children from index `first` on.
  void HaltChildren(std::size_t first = 0);
  /// Current tree time (s).
  double now_s() const { return config_.clock ? config_.clock->time_s : 0; }

  std::vector<std::unique_ptr<TreeNode>> children_;
  std::string detail_;

 private:
  NodeConfig config_;
  NodeStatus status_ = NodeStatus::kIdle;
};

/// The blackboard key in `text` when it is a reference "{key}", else nullopt.
std::optional<std::string> BlackboardReference(const std::string& text);

}  // namespace tianmu::brain
