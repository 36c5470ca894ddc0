#include "tianmu/brain/tree.h"

namespace tianmu::brain {
namespace {

void Collect(const TreeNode& node, int parent, int depth, std::vector<NodeSnapshot>& out) {
  NodeSnapshot s;
  s.index = static_cast<int>(out.size());
  s.parent = parent;
  s.depth = depth;
  s.id = node.config().id;
  s.name = node.config().name;
  s.kind = node.kind();
  s.status = node.status();
  s.detail = node.detail();
  out.push_back(s);
  for (const auto& child : node.children()) Collect(*child, s.index, depth + 1, out);
}

}  // namespace

Tree::Tree(std::unique_ptr<TreeNode> root, std::shared_ptr<Blackboard> blackboard,
           std::unique_ptr<TreeClock> clock, std::string main_tree_id, std::string file)
    : clock_(std::move(clock)),
      blackboard_(std::move(blackboard)),
      root_(std::move(root)),
      main_tree_id_(std::move(main_tree_id)),
      file_(std::move(file)) {}

NodeStatus Tree::TickOnce(double time_s) {
  clock_->time_s = time_s;
  return root_->Tick();
}

nlohmann::json SnapshotToJson(const std::vector<NodeSnapshot>& nodes) {
  nlohmann::json out = nlohmann::json::array();
  for (const NodeSnapshot& n : nodes) {
    out.push_back({{"index", n.index},
                   {"parent", n.parent},
                   {"depth", n.depth},
                   {"id", n.id},
                   {"name", n.name},
                   {"kind", NodeKindName(n.kind)},
                   {"status", NodeStatusName(n.status)},
                   {"detail", n.detail}});
  }
  return out;
}

std::vector<NodeSnapshot> Tree::Snapshot() const {
  std::vector<NodeSnapshot> out;
  Collect(*root_, -1, 0, out);
  return out;
}

}  // namespace tianmu::brain
