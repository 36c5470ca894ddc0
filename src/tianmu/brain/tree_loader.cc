#include "tianmu/brain/tree_loader.h"

#include <tinyxml2.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "tianmu/brain/subtree_node.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

using tinyxml2::XMLElement;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

class Builder {
 public:
  Builder(std::string file, const NodeFactory& factory, TreeClock* clock)
      : file_(std::move(file)), factory_(factory), clock_(clock) {}

  void AddTree(const XMLElement* tree) {
    const char* id = tree->Attribute("ID");
    if (!id || !*id) Fail(tree, "<BehaviorTree>", "an ID attribute");
    if (trees_.count(id))
      Fail(tree, "<BehaviorTree ID>", "a unique ID ('" + std::string(id) + "' is defined twice)");
    trees_[id] = tree;
    order_.push_back(id);
  }
  const std::vector<std::string>& order() const { return order_; }
  bool HasTree(const std::string& id) const { return trees_.count(id) > 0; }

  std::unique_ptr<TreeNode> BuildTree(const std::string& id, std::shared_ptr<Blackboard> bb) {
    const XMLElement* tree = trees_.at(id);
    const XMLElement* root = tree->FirstChildElement();
    if (!root || root->NextSiblingElement()) {
      Fail(tree, "<BehaviorTree ID=\"" + id + "\">", "exactly one root node");
    }
    stack_.insert(id);
    std::unique_ptr<TreeNode> node = Build(root, bb);
    stack_.erase(id);
    return node;
  }

 private:
  [[noreturn]] void Fail(const XMLElement* element, const std::string& field,
                         const std::string& expected) const {
    throw InputError(file_, element->GetLineNum(), field, expected);
  }

  static std::vector<const XMLElement*> Children(const XMLElement* element) {
    std::vector<const XMLElement*> children;
    for (const XMLElement* c = element->FirstChildElement(); c; c = c->NextSiblingElement()) {
      children.push_back(c);
    }
    return children;
  }

  std::unique_ptr<TreeNode> BuildSubTree(const XMLElement* element,
                                         const std::shared_ptr<Blackboard>& bb) {
    const char* id_attr = element->Attribute("ID");
    if (!id_attr || !*id_attr) Fail(element, "<SubTree>", "an ID attribute");
    const std::string id = id_attr;
    if (!trees_.count(id)) {
      Fail(element, "<SubTree ID>",
           "the ID of a <BehaviorTree> in this file (unknown '" + id + "'; known: " + Join(order_) +
               ")");
    }
    if (stack_.count(id))
      Fail(element, "<SubTree ID>", "no recursion ('" + id + "' includes itself)");
    if (element->FirstChildElement()) Fail(element, "<SubTree>", "no child elements");
    NodeConfig config;
    config.id = "SubTree";
    config.blackboard = bb;
    config.clock = clock_;
    config.file = file_;
    config.line = element->GetLineNum();
    bool auto_remap = false;
    std::map<std::string, std::string> remap, literals;
    for (const auto* a = element->FirstAttribute(); a; a = a->Next()) {
      const std::string name = a->Name(), value = a->Value();
      if (name == "ID") continue;
      if (name == "name") {
        config.name = value;
      } else if (name == "_autoremap") {
        if (value != "true" && value != "false") Fail(element, "_autoremap", "true or false");
        auto_remap = value == "true";
      } else if (!name.empty() && name[0] == '_') {
        Fail(element, name, "no scripted attributes (only _autoremap is supported)");
      } else {
        config.ports[name] = value;
        if (const std::optional<std::string> key = BlackboardReference(value)) {
          remap[name] = *key;
        } else {
          literals[name] = value;
        }
      }
    }
    if (config.name.empty()) config.name = id;
    auto child_bb = std::make_shared<Blackboard>(bb, remap, auto_remap);
    for (const auto& [key, value] : literals) child_bb->Set(key, value);
    auto node = std::make_unique<SubTreeNode>(config, id, auto_remap);
    node->AddChild(BuildTree(id, child_bb));
    return node;
  }

  std::unique_ptr<TreeNode> Build(const XMLElement* element,
                                  const std::shared_ptr<Blackboard>& bb) {
    const std::string tag = element->Name();
    if (tag == "SubTree") return BuildSubTree(element, bb);
    static const std::map<std::string, NodeKind> kGeneric = {{"Action", NodeKind::kAction},
                                                             {"Condition", NodeKind::kCondition},
                                                             {"Control", NodeKind::kControl},
                                                             {"Decorator", NodeKind::kDecorator}};
    const auto generic = kGeneric.find(tag);
    std::string id = tag;
    if (generic != kGeneric.end()) {
      const char* id_attr = element->Attribute("ID");
      if (!id_attr || !*id_attr) Fail(element, "<" + tag + ">", "an ID attribute");
      id = id_attr;
    }
    const NodeManifest* manifest = factory_.Find(id);
    if (!manifest) Fail(element, "<" + tag + ">", "a known node type (unknown '" + id + "')");
    if (generic != kGeneric.end() && generic->second != manifest->kind) {
      Fail(element, "<" + tag + " ID=\"" + id + "\">",
           "<" + std::string(NodeKindName(manifest->kind)) + ">, which is what '" + id + "' is");
    }
    NodeConfig config;
    config.id = id;
    config.blackboard = bb;
    config.clock = clock_;
    config.file = file_;
    config.line = element->GetLineNum();
    std::vector<std::string> declared;
    for (const PortSpec& port : manifest->ports) declared.push_back(port.name);
    for (const auto* a = element->FirstAttribute(); a; a = a->Next()) {
      const std::string name = a->Name();
      if (name == "name") {
        config.name = a->Value();
      } else if (name == "ID" && generic != kGeneric.end()) {
        continue;
      } else if (!name.empty() && name[0] == '_') {
        Fail(element, name, "no scripted pre/post conditions (not supported)");
      } else if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
        Fail(element, id + "." + name, "a port of " + id + " (ports: " + Join(declared) + ")");
      } else {
        config.ports[name] = a->Value();
      }
    }
    for (const PortSpec& port : manifest->ports) {
      if (config.ports.count(port.name)) continue;
      if (port.required) Fail(element, id + "." + port.name, "this required port");
      if (!port.default_value.empty()) config.ports[port.name] = port.default_value;
    }
    if (config.name.empty()) config.name = id;
    const std::vector<const XMLElement*> children = Children(element);
    const std::size_t n = children.size();
    switch (manifest->kind) {
      case NodeKind::kControl:
        if (n == 0) Fail(element, "<" + tag + ">", "at least one child");
        break;
      case NodeKind::kDecorator:
        if (n != 1)
          Fail(element, "<" + tag + ">", "exactly one child (found " + std::to_string(n) + ")");
        break;
      default:
        if (n != 0) Fail(element, "<" + tag + ">", "no children (it is a leaf)");
    }
    std::unique_ptr<TreeNode> node = manifest->build(config);
    for (const XMLElement* child : children) node->AddChild(Build(child, bb));
    return node;
  }

  std::string file_;
  const NodeFactory& factory_;
  TreeClock* clock_;
  std::map<std::string, const XMLElement*> trees_;
  std::vector<std::string> order_;
  std::set<std::string> stack_;
};

}  // namespace

Tree LoadTreeFromText(const std::string& xml, const std::string& file, const NodeFactory& factory,
                      const std::string& tree_id) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) {
    throw InputError(file, doc.ErrorLineNum(), "XML",
                     std::string("well-formed XML (") + doc.ErrorStr() + ")");
  }
  const XMLElement* root = doc.RootElement();
  if (!root) throw InputError(file, 1, "XML", "a <root BTCPP_format=\"4\"> element");
  if (std::string(root->Name()) != "root") {
    throw InputError(file, root->GetLineNum(), "<" + std::string(root->Name()) + ">",
                     "a <root BTCPP_format=\"4\"> element");
  }
  const char* format = root->Attribute("BTCPP_format");
  if (!format || std::string(format) != "4") {
    throw InputError(file, root->GetLineNum(), "BTCPP_format",
                     std::string("\"4\" (BehaviorTree.CPP v4 format") +
                         (format ? ", found \"" + std::string(format) + "\")" : ")"));
  }
  auto clock = std::make_unique<TreeClock>();
  Builder builder(file, factory, clock.get());
  for (const XMLElement* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) {
    const std::string name = e->Name();
    if (name == "BehaviorTree") {
      builder.AddTree(e);
    } else if (name != "TreeNodesModel") {
      throw InputError(file, e->GetLineNum(), "<" + name + ">",
                       "<BehaviorTree> or <TreeNodesModel> (<include> is not supported)");
    }
  }
  std::string main = tree_id;
  if (main.empty() && root->Attribute("main_tree_to_execute")) {
    main = root->Attribute("main_tree_to_execute");
  }
  if (main.empty()) {
    if (builder.order().size() != 1) {
      throw InputError(file, root->GetLineNum(), "main_tree_to_execute",
                       "the ID of the tree to run (the file has " +
                           std::to_string(builder.order().size()) + " trees)");
    }
    main = builder.order().front();
  }
  if (!builder.HasTree(main)) {
    throw InputError(file, root->GetLineNum(), "main_tree_to_execute",
                     "the ID of a <BehaviorTree> in the file (unknown '" + main + "')");
  }
  auto blackboard = std::make_shared<Blackboard>();
  std::unique_ptr<TreeNode> node = builder.BuildTree(main, blackboard);
  return Tree(std::move(node), blackboard, std::move(clock), main, file);
}

Tree LoadTreeFromFile(const std::filesystem::path& path, const NodeFactory& factory,
                      const std::string& tree_id) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "a readable behaviour-tree XML file");
  std::stringstream text;
  text << in.rdbuf();
  return LoadTreeFromText(text.str(), path.string(), factory, tree_id);
}

}  // namespace tianmu::brain
