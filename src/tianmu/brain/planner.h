// Forward breadth-first planner over STRIPS operators: from a world state to a state where all
// goal facts hold, returning the shortest skill sequence within a depth bound, or an explanation
// of why there is none (which goal facts are unreachable even ignoring delete effects, and which
// precondition blocks them). Replanning starts again from the state observed after a failure.
#pragma once

#include <string>
#include <vector>

#include "tianmu/brain/action_schema.h"
#include "tianmu/brain/world_state.h"

namespace tianmu::brain {

/// Search limits.
struct PlannerOptions {
  int max_depth = 12;           ///< longest plan considered (steps)
  int max_expansions = 200000;  ///< states expanded before giving up
};

/// The planner's answer.
struct PlanResult {
  bool found = false;             ///< a plan reaches the goal (steps may be empty)
  std::vector<PlanStep> steps;    ///< the plan, shortest in steps
  std::vector<Fact> unreachable;  ///< goal facts not reachable even ignoring deletes
  std::string explanation;        ///< why no plan was found (empty when found)
  int expansions = 0;             ///< states expanded
};

/// The grounded actions applicable in `state`, in schema order then argument order.
std::vector<PlanStep> ApplicableSteps(const std::vector<ActionSchema>& domain,
                                      const WorldState& state);

/// The state after `step` (deletes first, then adds); `step` must name a schema in `domain`.
WorldState Apply(const std::vector<ActionSchema>& domain, const WorldState& state,
                 const PlanStep& step);

/// A shortest plan reaching every fact of `goal` (all ground) from `initial`.
PlanResult Plan(const std::vector<ActionSchema>& domain, const WorldState& initial,
                const std::vector<Fact>& goal, const PlannerOptions& options = {});

/// Plans again from `observed` (the state after `failed` did not achieve its effects), first
/// without `failed` (another way round), then allowing it again (a retry); the explanation says
/// which.
PlanResult Replan(const std::vector<ActionSchema>& domain, const WorldState& observed,
                  const std::vector<Fact>& goal, const PlanStep& failed,
                  const PlannerOptions& options = {});

}  // namespace tianmu::brain
