// SubTree node: an instance of another <BehaviorTree> with its own blackboard, whose ports remap
// the subtree's keys to the parent's entries ("{parent_key}") or set them to literals.
#pragma once

#include "tianmu/brain/tree_node.h"

namespace tianmu::brain {

/// Ticks the subtree's root; its config ports are the remapping as written in the XML.
class SubTreeNode : public TreeNode {
 public:
  /// `tree_id` is the ID of the <BehaviorTree> it instantiates.
  SubTreeNode(NodeConfig config, std::string tree_id, bool auto_remap)
      : TreeNode(std::move(config)), tree_id_(std::move(tree_id)), auto_remap_(auto_remap) {}
  NodeKind kind() const override { return NodeKind::kSubTree; }
  /// The instantiated <BehaviorTree>'s ID.
  const std::string& tree_id() const { return tree_id_; }
  /// Whether keys not remapped fall through to the parent blackboard (`_autoremap`).
  bool auto_remap() const { return auto_remap_; }

 protected:
  NodeStatus OnTick() override { return children_.front()->Tick(); }

 private:
  std::string tree_id_;
  bool auto_remap_;
};

}  // namespace tianmu::brain
