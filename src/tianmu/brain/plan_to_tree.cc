#include "tianmu/brain/plan_to_tree.h"

#include <tinyxml2.h>

#include <cmath>
#include <map>

#include "tianmu/brain/blackboard.h"
#include "tianmu/brain/skill_ports.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

const SceneObject& FindObject(const std::vector<SceneObject>& objects, const std::string& name,
                              const std::string& step) {
  for (const SceneObject& o : objects) {
    if (o.name == name) return o;
  }
  throw InputError("", 0, step, "an object of the scene (unknown '" + name + "')");
}

std::string Resolve(const std::string& value, const std::map<std::string, std::string>& binding,
                    const std::vector<SceneObject>& objects, const std::string& step) {
  const Fact call = value.find('(') != std::string::npos ? Fact::Parse(value, step) : Fact{};
  std::vector<std::string> args;
  for (const std::string& a : call.args) args.push_back(binding.count(a) ? binding.at(a) : a);
  if (call.predicate == "position" && args.size() == 1) {
    return ValueToText(FindObject(objects, args[0], step).position_m);
  }
  if (call.predicate == "heading" && args.size() == 2) {
    const Eigen::Vector3d d = FindObject(objects, args[1], step).position_m -
                              FindObject(objects, args[0], step).position_m;
    return ValueToText(std::round(std::atan2(d.y(), d.x()) * 180 / M_PI * 10) / 10);
  }
  return value;
}

}  // namespace

std::string PlanToTreeXml(const std::vector<PlanStep>& steps,
                          const std::vector<ActionSchema>& domain,
                          const std::vector<SceneObject>& objects, const std::string& tree_id) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  tinyxml2::XMLElement* root = doc.NewElement("root");
  root->SetAttribute("BTCPP_format", "4");
  root->SetAttribute("main_tree_to_execute", tree_id.c_str());
  doc.InsertEndChild(root);
  tinyxml2::XMLElement* tree = doc.NewElement("BehaviorTree");
  tree->SetAttribute("ID", tree_id.c_str());
  root->InsertEndChild(tree);
  tinyxml2::XMLElement* sequence = doc.NewElement("Sequence");
  tree->InsertEndChild(sequence);
  std::map<std::string, bool> used;
  for (const PlanStep& step : steps) {
    const ActionSchema* schema = nullptr;
    for (const ActionSchema& s : domain) {
      if (s.name == step.action) schema = &s;
    }
    if (!schema) throw InputError("", 0, step.ToString(), "an action of the domain");
    std::map<std::string, std::string> binding;
    for (std::size_t i = 0; i < schema->parameters.size() && i < step.args.size(); ++i) {
      binding[schema->parameters[i]] = step.args[i];
    }
    tinyxml2::XMLElement* action = doc.NewElement(schema->skill.c_str());
    action->SetAttribute("name", step.ToString().c_str());
    for (const auto& [port, value] : schema->skill_ports) {
      action->SetAttribute(port.c_str(), Resolve(value, binding, objects, step.ToString()).c_str());
    }
    sequence->InsertEndChild(action);
    used[schema->skill] = true;
  }
  if (steps.empty()) sequence->InsertEndChild(doc.NewElement("AlwaysSuccess"));
  tinyxml2::XMLElement* model = doc.NewElement("TreeNodesModel");
  for (const auto& [skill, unused] : used) {
    tinyxml2::XMLElement* node = doc.NewElement("Action");
    node->SetAttribute("ID", skill.c_str());
    for (const PortSpec& port : SkillPorts(skill)) {
      tinyxml2::XMLElement* p = doc.NewElement("input_port");
      p->SetAttribute("name", port.name.c_str());
      p->SetAttribute("type", port.type.c_str());
      if (!port.description.empty()) p->SetText(port.description.c_str());
      node->InsertEndChild(p);
    }
    model->InsertEndChild(node);
  }
  root->InsertEndChild(model);
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

}  // namespace tianmu::brain
