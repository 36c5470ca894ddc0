// Planning operators (STRIPS with negative preconditions): a named action with parameters,
// preconditions, add and delete effects over facts, and the skill it runs with its ports written
// in terms of the parameters. The default domain describes the existing skills.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tianmu/brain/world_state.h"

namespace tianmu::brain {

/// A precondition: a fact pattern that must hold (or, negated, must not).
struct Literal {
  Fact pattern;          ///< may hold ?variables
  bool negated = false;  ///< true: the pattern must not hold
};

/// One operator.
struct ActionSchema {
  std::string name;                     ///< "walk_to"
  std::string skill;                    ///< the skill it runs ("walk_to", "wave")
  std::vector<std::string> parameters;  ///< "?from", "?to"
  std::vector<Literal> preconditions;   ///< all must hold
  std::vector<Fact> add_effects;        ///< made true
  std::vector<Fact> delete_effects;     ///< "_" in an argument deletes every match
  /// Skill port -> value template: "position(?x)" (the object's position), "heading(?a, ?b)"
  /// (yaw from a to b, deg) or a literal.
  std::map<std::string, std::string> skill_ports;

  /// Builds a schema from text: `parameters` "?from ?to", `preconditions` "at(robot, ?from);
  /// not at(robot, ?to)", `add` and `del` likewise. Raises InputError naming the schema and field
  /// when a parameter is never bound by a positive precondition or a pattern uses an undeclared
  /// variable.
  static ActionSchema Make(const std::string& name, const std::string& skill,
                           const std::string& parameters, const std::string& preconditions,
                           const std::string& add, const std::string& del,
                           std::map<std::string, std::string> skill_ports = {});
};

/// A grounded action: a schema with its arguments.
struct PlanStep {
  std::string action;             ///< schema name
  std::string skill;              ///< skill it runs
  std::vector<std::string> args;  ///< values of the schema's parameters, in order
  /// "look_at(gauge_1,wp1)".
  std::string ToString() const;
};

/// The operators for the existing skills: walk_to(?from, ?to), look_at(?object, ?place),
/// turn_to(?target, ?place), wave(), greet(?person) (runs wave once facing the person). Facts
/// used: at(robot, P), place(P), visible_from(O, P), looking_at(O), inspected(O), facing(X),
/// person(H), waved(robot), greeted(H). See docs/brain.md.
std::vector<ActionSchema> DefaultSkillDomain();

}  // namespace tianmu::brain
