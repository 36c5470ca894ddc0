#include "tianmu/brain/action_schema.h"

#include <set>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

// Splits "a(x); b(y)" at top-level ';'.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ';')) {
    if (item.find_first_not_of(" \t") != std::string::npos) items.push_back(item);
  }
  return items;
}

}  // namespace

ActionSchema ActionSchema::Make(const std::string& name, const std::string& skill,
                                const std::string& parameters, const std::string& preconditions,
                                const std::string& add, const std::string& del,
                                std::map<std::string, std::string> skill_ports) {
  ActionSchema schema;
  schema.name = name;
  schema.skill = skill;
  schema.skill_ports = std::move(skill_ports);
  std::stringstream params(parameters);
  std::string p;
  while (params >> p) {
    if (p.size() < 2 || p[0] != '?') {
      throw InputError("", 0, name + ".parameters", "names starting with '?', got '" + p + "'");
    }
    schema.parameters.push_back(p);
  }
  const std::set<std::string> declared(schema.parameters.begin(), schema.parameters.end());
  std::set<std::string> bound;
  auto check_vars = [&](const Fact& f, const std::string& field) {
    for (const std::string& a : f.args) {
      if (a[0] == '?' && !declared.count(a)) {
        throw InputError("", 0, name + "." + field,
                         "declared parameters only ('" + a + "' in " + f.ToString() + ")");
      }
    }
  };
  for (std::string item : SplitList(preconditions)) {
    Literal literal;
    const auto first = item.find_first_not_of(" \t");
    if (item.compare(first, 4, "not ") == 0) {
      literal.negated = true;
      item = item.substr(first + 4);
    }
    literal.pattern = Fact::Parse(item, name + ".preconditions");
    check_vars(literal.pattern, "preconditions");
    if (!literal.negated) {
      for (const std::string& a : literal.pattern.args) bound.insert(a);
    }
    schema.preconditions.push_back(literal);
  }
  for (const std::string& p : schema.parameters) {
    if (!bound.count(p)) {
      throw InputError("", 0, name + ".preconditions",
                       "a positive precondition binding " + p + " (every parameter needs one)");
    }
  }
  for (const std::string& item : SplitList(add)) {
    schema.add_effects.push_back(Fact::Parse(item, name + ".add"));
    check_vars(schema.add_effects.back(), "add");
  }
  for (const std::string& item : SplitList(del)) {
    schema.delete_effects.push_back(Fact::Parse(item, name + ".del"));
    check_vars(schema.delete_effects.back(), "del");
  }
  return schema;
}

std::string PlanStep::ToString() const { return Fact{action, args}.ToString(); }

std::vector<ActionSchema> DefaultSkillDomain() {
  return {
      ActionSchema::Make("walk_to", "walk_to", "?from ?to",
                         "at(robot, ?from); place(?to); not at(robot, ?to)", "at(robot, ?to)",
                         "at(robot, ?from); facing(_); looking_at(_)",
                         {{"target", "position(?to)"}}),
      ActionSchema::Make("look_at", "look_at", "?object ?place",
                         "at(robot, ?place); visible_from(?object, ?place)",
                         "looking_at(?object); inspected(?object)", "looking_at(_)",
                         {{"target", "position(?object)"}}),
      ActionSchema::Make("turn_to", "turn_to", "?target ?place",
                         "at(robot, ?place); visible_from(?target, ?place)", "facing(?target)",
                         "facing(_)", {{"heading_deg", "heading(?place, ?target)"}}),
      ActionSchema::Make("wave", "wave", "", "", "waved(robot)", ""),
      ActionSchema::Make("greet", "wave", "?person", "person(?person); facing(?person)",
                         "greeted(?person); waved(robot)", ""),
  };
}

}  // namespace tianmu::brain
