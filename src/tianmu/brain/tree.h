// A loaded behaviour tree: the root node, the root blackboard and the tree clock, ticked by
// whoever drives it (TreeTicker beside the control loop). Snapshots list every node's status for
// logs and the dashboard.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/brain/tree_node.h"

namespace tianmu::brain {

/// One node's state, in depth-first order.
struct NodeSnapshot {
  int index = 0;    ///< position in the depth-first order (the root is 0)
  int parent = -1;  ///< index of the parent, -1 for the root
  int depth = 0;
  std::string id, name;
  NodeKind kind = NodeKind::kAction;
  NodeStatus status = NodeStatus::kIdle;
  std::string detail;
};

/// The snapshot as JSON, one object per node: index, parent, depth, id, name, kind ("Action",
/// ...), status ("RUNNING", ...), detail (for logs and the dashboard's tree view).
nlohmann::json SnapshotToJson(const std::vector<NodeSnapshot>& nodes);

/// A tree ready to tick.
class Tree {
 public:
  /// Takes the root (built with `clock` and `blackboard`).
  Tree(std::unique_ptr<TreeNode> root, std::shared_ptr<Blackboard> blackboard,
       std::unique_ptr<TreeClock> clock, std::string main_tree_id, std::string file);
  /// Sets the tree time to `time_s` (s) and ticks the root once.
  NodeStatus TickOnce(double time_s);
  /// Halts every running node.
  void Halt() { root_->Halt(); }
  /// The root node.
  const TreeNode& root() const { return *root_; }
  /// The root blackboard.
  Blackboard& blackboard() { return *blackboard_; }
  /// The ID of the <BehaviorTree> at the root.
  const std::string& main_tree_id() const { return main_tree_id_; }
  /// The file it came from ("" for text).
  const std::string& file() const { return file_; }
  /// Every node's status, depth first.
  std::vector<NodeSnapshot> Snapshot() const;

 private:
  std::unique_ptr<TreeClock> clock_;
  std::shared_ptr<Blackboard> blackboard_;
  std::unique_ptr<TreeNode> root_;
  std::string main_tree_id_, file_;
};

}  // namespace tianmu::brain
