#include "tianmu/brain/tree_writer.h"

#include <tinyxml2.h>

#include <map>
#include <set>

#include "tianmu/brain/subtree_node.h"

namespace tianmu::brain {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

class Writer {
 public:
  Writer(XMLDocument& doc, XMLElement* root, const NodeFactory& factory)
      : doc_(doc), root_(root), factory_(factory) {}

  void WriteTree(const std::string& id, const TreeNode& top) {
    if (!written_.insert(id).second) return;
    XMLElement* tree = doc_.NewElement("BehaviorTree");
    tree->SetAttribute("ID", id.c_str());
    root_->InsertEndChild(tree);
    tree->InsertEndChild(WriteNode(top));
  }

  void WriteModel() {
    XMLElement* model = doc_.NewElement("TreeNodesModel");
    for (const std::string& id : used_) {
      const NodeManifest* manifest = factory_.Find(id);
      if (!manifest || manifest->builtin) continue;
      XMLElement* node = doc_.NewElement(NodeKindName(manifest->kind));
      node->SetAttribute("ID", id.c_str());
      for (const PortSpec& port : manifest->ports) {
        XMLElement* p = doc_.NewElement(port.output ? "output_port" : "input_port");
        p->SetAttribute("name", port.name.c_str());
        p->SetAttribute("type", port.type.c_str());
        if (!port.default_value.empty()) p->SetAttribute("default", port.default_value.c_str());
        if (!port.description.empty()) p->SetText(port.description.c_str());
        node->InsertEndChild(p);
      }
      model->InsertEndChild(node);
    }
    root_->InsertEndChild(model);
  }

 private:
  XMLElement* WriteNode(const TreeNode& node) {
    const NodeConfig& config = node.config();
    if (const auto* sub = dynamic_cast<const SubTreeNode*>(&node)) {
      XMLElement* e = doc_.NewElement("SubTree");
      e->SetAttribute("ID", sub->tree_id().c_str());
      if (config.name != sub->tree_id()) e->SetAttribute("name", config.name.c_str());
      for (const auto& [port, value] : config.ports) e->SetAttribute(port.c_str(), value.c_str());
      if (sub->auto_remap()) e->SetAttribute("_autoremap", "true");
      WriteTree(sub->tree_id(), *node.children().front());
      return e;
    }
    used_.insert(config.id);
    XMLElement* e = doc_.NewElement(config.id.c_str());
    if (config.name != config.id) e->SetAttribute("name", config.name.c_str());
    for (const auto& [port, value] : config.ports) e->SetAttribute(port.c_str(), value.c_str());
    for (const auto& child : node.children()) e->InsertEndChild(WriteNode(*child));
    return e;
  }

  XMLDocument& doc_;
  XMLElement* root_;
  const NodeFactory& factory_;
  std::set<std::string> written_, used_;
};

}  // namespace

std::string WriteTreeXml(const Tree& tree, const NodeFactory& factory) {
  XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  XMLElement* root = doc.NewElement("root");
  root->SetAttribute("BTCPP_format", "4");
  root->SetAttribute("main_tree_to_execute", tree.main_tree_id().c_str());
  doc.InsertEndChild(root);
  Writer writer(doc, root, factory);
  writer.WriteTree(tree.main_tree_id(), tree.root());
  writer.WriteModel();
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

}  // namespace tianmu::brain
