#include "tianmu/brain/instruction_run.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "tianmu/brain/observed_state.h"
#include "tianmu/brain/plan_to_tree.h"
#include "tianmu/brain/skill_action.h"
#include "tianmu/brain/tree_loader.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/skills/skill_registry.h"

namespace tianmu::brain {
namespace {

// Every skill action of the tree, depth first.
void SkillNodes(const TreeNode& node, std::vector<const SkillActionNode*>& out) {
  if (const auto* skill = dynamic_cast<const SkillActionNode*>(&node)) out.push_back(skill);
  for (const auto& child : node.children()) SkillNodes(*child, out);
}

skills::SkillParams LiteralParams(const SkillActionNode& node) {
  skills::SkillParams params;
  for (const auto& [port, value] : node.config().ports) params.Set(port, value);
  return params;
}

}  // namespace

InstructionRunResult RunInstruction(const model::RobotSpec& spec,
                                    const InstructionRunOptions& options) {
  InstructionRunResult result;
  result.instruction = ReadInstruction(options.instruction, options.objects.objects);
  if (result.instruction.kind == Instruction::Kind::kClarify) {
    result.failures.push_back({"", "ambiguous_instruction", result.instruction.question});
    return result;
  }
  if (result.instruction.kind == Instruction::Kind::kError) {
    result.failures.push_back({"", "bad_instruction", result.instruction.error});
    return result;
  }
  const WorldState initial =
      WorldState::Parse(SceneFacts(options.objects.objects, options.objects.start_place));
  const std::vector<ActionSchema> domain = DefaultSkillDomain();
  result.plan = Plan(domain, initial, result.instruction.goal, options.planner);
  if (!result.plan.found) {
    result.failures.push_back({"", "unreachable", result.plan.explanation});
    return result;
  }
  result.tree_xml = PlanToTreeXml(result.plan.steps, domain, options.objects.objects);
  if (!options.execute) return result;

  SkillRuntime runtime;
  runtime.make = skills::MakeSkill;
  NodeFactory factory;
  RegisterSkillActions(factory, skills::SkillNames(), &runtime);
  auto tree = std::make_unique<Tree>(LoadTreeFromText(result.tree_xml, "plan", factory));
  std::vector<PlanStep> plan_steps = result.plan.steps;
  std::vector<const SkillActionNode*> steps;
  SkillNodes(tree->root(), steps);
  // Long enough for every step to use its whole timeout (at least a minute per attempt, as a
  // new plan may be longer), plus the settling time.
  double attempt_s = 0;
  for (const SkillActionNode* step : steps) {
    attempt_s += skills::MakeSkill(step->config().id, LiteralParams(*step))->timeout_s();
  }
  const double budget_s =
      options.settle_s + 1.0 + std::max(attempt_s, 60.0) * (1 + std::max(0, options.max_replans));

  std::vector<SceneObject> objects = options.objects.objects;
  control::HumanoidController controller(spec);
  runtime::SimRunOptions run;
  run.scene = options.scene;
  run.scene_name = options.scene_name;
  run.world.seed = options.seed;
  run.duration_s = budget_s;
  std::unique_ptr<skills::OraclePort> port;
  skills::OracleOptions oracle = options.oracle;
  oracle.seed = options.seed * 7919 + 17;  // a stream of its own, fixed by the run's seed
  run.on_start = [&](sim::World* world, hal::SimPort*) {
    port = std::make_unique<skills::OraclePort>(world, oracle);
  };
  auto ticker = std::make_unique<TreeTicker>(tree.get(), options.ticker);
  double start_s = -1;
  bool done = false;
  WorldState predicted = initial;  // the state the current plan started from
  // Records the failed steps of the current tree; returns the first one's plan step.
  auto record_failures = [&]() -> std::optional<PlanStep> {
    std::optional<PlanStep> first;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i]->status() != NodeStatus::kFailure) continue;
      result.failures.push_back({steps[i]->config().name, steps[i]->reason(), steps[i]->detail()});
      if (!first && i < plan_steps.size()) first = plan_steps[i];
    }
    return first;
  };
  run.on_tick = [&](const runtime::TickContext& t) {
    port->Sample();
    runtime.context = {t.time_s, &spec, &controller, port.get()};
    if (t.world->Fallen()) {
      tree->Halt();
      result.failures.push_back({"", "fall", "the robot fell (simulator)"});
      result.duration_s = start_s >= 0 ? t.time_s - start_s : 0;
      done = true;
      return false;
    }
    if (t.time_s + 1e-9 < options.settle_s) return true;
    if (start_s < 0) start_s = t.time_s;
    const NodeStatus status = ticker->OnControlTick(t.time_s);
    if (status == NodeStatus::kRunning) return true;
    result.success = status == NodeStatus::kSuccess;
    result.duration_s = t.time_s - start_s;
    if (result.success || !ticker->error().empty()) {
      done = true;
      return false;
    }
    const std::optional<PlanStep> failed = record_failures();
    if (!failed || static_cast<int>(result.replans.size()) >= options.max_replans) {
      done = true;
      return false;
    }
    // Replan from what is observed: the effects of the steps that succeeded, and where the
    // perceived base is.
    for (std::size_t i = 0; i < steps.size() && i < plan_steps.size(); ++i) {
      if (steps[i]->status() == NodeStatus::kSuccess) {
        predicted = Apply(domain, predicted, plan_steps[i]);
      }
    }
    WorldState observed = predicted;
    if (port->Track(spec.base_body)) {
      if (const std::optional<skills::PerceivedPose> base = port->Observe(spec.base_body)) {
        observed = ObserveState(predicted, base->position_m, &objects);
      }
    }
    Replanning replan{failed->ToString(), observed.ToString(),
                      Replan(domain, observed, result.instruction.goal, *failed, options.planner)};
    const bool found = replan.plan.found;
    if (found) plan_steps = replan.plan.steps;
    result.replans.push_back(std::move(replan));
    if (!found) {
      done = true;
      return false;
    }
    predicted = observed;
    tree = std::make_unique<Tree>(
        LoadTreeFromText(PlanToTreeXml(plan_steps, domain, objects), "replan", factory));
    steps.clear();
    SkillNodes(tree->root(), steps);
    ticker = std::make_unique<TreeTicker>(tree.get(), options.ticker);
    return true;
  };
  const runtime::SimRunSummary summary = runtime::RunSimulation(spec, run, &controller);
  result.final_base_position_m = Eigen::Vector3d(
      summary.final_base_pos[0], summary.final_base_pos[1], summary.final_base_pos[2]);
  result.executed = true;
  if (port) result.perception = port->kind();
  if (!done) {
    tree->Halt();
    result.failures.push_back({"", "timeout", "the run ended before the tree did"});
  }
  if (!ticker->error().empty()) result.failures.push_back({"", "error", ticker->error()});
  if (!result.success && result.failures.empty()) {
    result.failures.push_back({"", "failure", "the tree failed"});
  }
  result.final_nodes = tree->Snapshot();
  return result;
}

}  // namespace tianmu::brain
