#include "tianmu/brain/planner.h"

#include <deque>
#include <map>
#include <set>

#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

using Binding = std::map<std::string, std::string>;

bool IsVariable(const std::string& a) { return !a.empty() && a[0] == '?'; }

Fact Substitute(const Fact& pattern, const Binding& binding) {
  Fact f = pattern;
  for (std::string& a : f.args) {
    const auto b = binding.find(a);
    if (b != binding.end()) a = b->second;
  }
  return f;
}

// Extends `binding` so that `pattern` equals `fact`; false when they cannot match.
bool Unify(const Fact& pattern, const Fact& fact, Binding& binding) {
  if (pattern.predicate != fact.predicate || pattern.args.size() != fact.args.size()) return false;
  for (std::size_t i = 0; i < pattern.args.size(); ++i) {
    const std::string& p = pattern.args[i];
    if (IsVariable(p)) {
      const auto b = binding.find(p);
      if (b == binding.end()) {
        binding[p] = fact.args[i];
      } else if (b->second != fact.args[i]) {
        return false;
      }
    } else if (p != "_" && p != fact.args[i]) {
      return false;
    }
  }
  return true;
}

// Every binding of the schema's parameters satisfying its preconditions in `facts` (negative
// preconditions checked only when `check_negative`).
void Ground(const ActionSchema& schema, const std::set<Fact>& facts, bool check_negative,
            std::size_t index, Binding binding, std::vector<Binding>& out) {
  if (index == schema.preconditions.size()) {
    out.push_back(binding);
    return;
  }
  const Literal& literal = schema.preconditions[index];
  if (literal.negated) {
    if (check_negative && facts.count(Substitute(literal.pattern, binding))) return;
    Ground(schema, facts, check_negative, index + 1, binding, out);
    return;
  }
  const Fact partial = Substitute(literal.pattern, binding);
  bool ground = true;
  for (const std::string& a : partial.args) ground = ground && !IsVariable(a);
  if (ground) {
    if (facts.count(partial)) Ground(schema, facts, check_negative, index + 1, binding, out);
    return;
  }
  for (auto it = facts.lower_bound(Fact{partial.predicate, {}});
       it != facts.end() && it->predicate == partial.predicate; ++it) {
    Binding extended = binding;
    if (Unify(partial, *it, extended)) {
      Ground(schema, facts, check_negative, index + 1, extended, out);
    }
  }
}

const ActionSchema& FindSchema(const std::vector<ActionSchema>& domain, const std::string& name) {
  for (const ActionSchema& s : domain) {
    if (s.name == name) return s;
  }
  throw InputError("planner: no action '" + name + "' in the domain");
}

PlanStep MakeStep(const ActionSchema& schema, const Binding& binding) {
  PlanStep step{schema.name, schema.skill, {}};
  for (const std::string& p : schema.parameters) step.args.push_back(binding.at(p));
  return step;
}

// Facts reachable ignoring delete effects and negative preconditions.
std::set<Fact> RelaxedClosure(const std::vector<ActionSchema>& domain, const WorldState& initial) {
  std::set<Fact> facts = initial.facts();
  for (bool grew = true; grew;) {
    grew = false;
    for (const ActionSchema& schema : domain) {
      std::vector<Binding> bindings;
      Ground(schema, facts, false, 0, {}, bindings);
      for (const Binding& b : bindings) {
        for (const Fact& add : schema.add_effects) grew |= facts.insert(Substitute(add, b)).second;
      }
    }
  }
  return facts;
}

// Why `goal` is unreachable: for each action that could add it, its first precondition that never
// holds in the relaxed closure.
std::string ExplainUnreachable(const std::vector<ActionSchema>& domain,
                               const std::set<Fact>& closure, const Fact& goal) {
  std::string reasons;
  for (const ActionSchema& schema : domain) {
    for (const Fact& add : schema.add_effects) {
      Binding binding;
      if (!Unify(add, goal, binding)) continue;
      std::string blocker;
      for (const Literal& literal : schema.preconditions) {
        if (literal.negated) continue;
        const Fact partial = Substitute(literal.pattern, binding);
        bool matched = false;
        for (const Fact& f : closure) {
          Binding b = binding;
          if (Unify(partial, f, b)) {
            matched = true;
            break;
          }
        }
        if (!matched) {
          blocker = partial.ToString();
          break;
        }
      }
      if (!blocker.empty()) {
        reasons += (reasons.empty() ? "" : "; ") + schema.name + " could make it true but needs " +
                   blocker + ", which never holds";
      }
    }
  }
  if (reasons.empty()) reasons = "no action makes " + goal.predicate + "(...) true";
  return goal.ToString() + " is unreachable: " + reasons;
}

PlanResult Search(const std::vector<ActionSchema>& domain, const WorldState& initial,
                  const std::vector<Fact>& goal, const PlannerOptions& options,
                  const PlanStep* excluded) {
  PlanResult result;
  for (const Fact& g : goal) {
    for (const std::string& a : g.args) {
      if (IsVariable(a) || a == "_") {
        throw InputError("", 0, "goal", "ground facts, got " + g.ToString());
      }
    }
  }
  const std::set<Fact> closure = RelaxedClosure(domain, initial);
  for (const Fact& g : goal) {
    if (!closure.count(g)) {
      result.unreachable.push_back(g);
      result.explanation +=
          (result.explanation.empty() ? "" : "\n") + ExplainUnreachable(domain, closure, g);
    }
  }
  if (!result.unreachable.empty()) return result;
  auto satisfied = [&](const WorldState& s) {
    for (const Fact& g : goal) {
      if (!s.Holds(g)) return false;
    }
    return true;
  };
  struct Node {
    WorldState state;
    int parent;
    PlanStep step;
    int depth;
  };
  std::vector<Node> nodes{{initial, -1, {}, 0}};
  std::set<WorldState> seen{initial};
  std::deque<int> frontier{0};
  bool depth_cut = false;
  while (!frontier.empty()) {
    const int index = frontier.front();
    frontier.pop_front();
    if (satisfied(nodes[index].state)) {
      for (int i = index; nodes[i].parent >= 0; i = nodes[i].parent) {
        result.steps.insert(result.steps.begin(), nodes[i].step);
      }
      result.found = true;
      return result;
    }
    if (nodes[index].depth >= options.max_depth) {
      depth_cut = true;
      continue;
    }
    if (++result.expansions > options.max_expansions) {
      result.explanation = "search stopped after " + std::to_string(options.max_expansions) +
                           " states without reaching the goal";
      return result;
    }
    for (const PlanStep& step : ApplicableSteps(domain, nodes[index].state)) {
      if (excluded && step.action == excluded->action && step.args == excluded->args) continue;
      WorldState next = Apply(domain, nodes[index].state, step);
      if (!seen.insert(next).second) continue;
      nodes.push_back({std::move(next), index, step, nodes[index].depth + 1});
      frontier.push_back(static_cast<int>(nodes.size()) - 1);
    }
  }
  result.explanation =
      depth_cut ? "no plan of at most " + std::to_string(options.max_depth) +
                      " steps reaches all goal facts together (each is reachable alone)"
                : "every goal fact is reachable alone, but no sequence reaches them together";
  if (excluded) result.explanation += " without " + excluded->ToString();
  return result;
}

}  // namespace

std::vector<PlanStep> ApplicableSteps(const std::vector<ActionSchema>& domain,
                                      const WorldState& state) {
  std::vector<PlanStep> steps;
  for (const ActionSchema& schema : domain) {
    std::vector<Binding> bindings;
    Ground(schema, state.facts(), true, 0, {}, bindings);
    for (const Binding& b : bindings) steps.push_back(MakeStep(schema, b));
  }
  return steps;
}

WorldState Apply(const std::vector<ActionSchema>& domain, const WorldState& state,
                 const PlanStep& step) {
  const ActionSchema& schema = FindSchema(domain, step.action);
  Binding binding;
  for (std::size_t i = 0; i < schema.parameters.size(); ++i) {
    binding[schema.parameters[i]] = step.args.at(i);
  }
  WorldState next = state;
  for (const Fact& del : schema.delete_effects) {
    const Fact pattern = Substitute(del, binding);
    std::vector<Fact> matches;
    for (const Fact& f : next.facts()) {
      Binding b;
      if (Unify(pattern, f, b)) matches.push_back(f);
    }
    for (const Fact& f : matches) next.Remove(f);
  }
  for (const Fact& add : schema.add_effects) next.Add(Substitute(add, binding));
  return next;
}

PlanResult Plan(const std::vector<ActionSchema>& domain, const WorldState& initial,
                const std::vector<Fact>& goal, const PlannerOptions& options) {
  return Search(domain, initial, goal, options, nullptr);
}

PlanResult Replan(const std::vector<ActionSchema>& domain, const WorldState& observed,
                  const std::vector<Fact>& goal, const PlanStep& failed,
                  const PlannerOptions& options) {
  PlanResult around = Search(domain, observed, goal, options, &failed);
  if (around.found) {
    around.explanation = "replanned around the failed step " + failed.ToString();
    return around;
  }
  if (!around.unreachable.empty()) return around;
  PlanResult retry = Search(domain, observed, goal, options, nullptr);
  if (retry.found) {
    retry.explanation = "no way round " + failed.ToString() + "; the new plan retries it";
  }
  return retry;
}

}  // namespace tianmu::brain
