#include "tianmu/brain/scenario_runner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "tianmu/brain/instruction.h"
#include "tianmu/brain/plan_to_tree.h"
#include "tianmu/brain/planner.h"
#include "tianmu/brain/skill_action.h"
#include "tianmu/brain/tree_loader.h"
#include "tianmu/certify/statistics.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/core/rng.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"
#include "tianmu/skills/skill_registry.h"

namespace tianmu::brain {
namespace {

void SkillNodes(const TreeNode& node, std::vector<const SkillActionNode*>& out) {
  if (const auto* skill = dynamic_cast<const SkillActionNode*>(&node)) out.push_back(skill);
  for (const auto& child : node.children()) SkillNodes(*child, out);
}

double WrapRad(double a) { return std::atan2(std::sin(a), std::cos(a)); }

// Yaw (rad) of the base from the simulator's world <- base quaternion (w, x, y, z).
double BaseYawRad(const std::array<double, 4>& q) {
  return std::atan2(2 * (q[0] * q[3] + q[1] * q[2]), 1 - 2 * (q[2] * q[2] + q[3] * q[3]));
}

const SceneObject* FindObject(const SceneDescription& scene, const std::string& name) {
  for (const SceneObject& o : scene.objects) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "a readable BT.CPP v4 XML file");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

SceneDescription RandomisedObjects(const ScenarioSpec& scenario, std::uint64_t seed,
                                   Eigen::Vector3d* start_offset) {
  // A stream of its own, fixed by the trial's seed (the world and the oracle use others).
  Rng rng(seed * 6364136223846793005ULL + 1442695040888963407ULL);
  SceneDescription scene = scenario.objects;
  for (std::size_t i = 0; i < scene.objects.size(); ++i) {
    const double j = scenario.object_jitter_m[i];
    scene.objects[i].position_m.x() += rng.Uniform(-j, j);
    scene.objects[i].position_m.y() += rng.Uniform(-j, j);
  }
  const ScenarioRandomisation& r = scenario.randomisation;
  const double x = rng.Uniform(-r.start_position_m, r.start_position_m);
  const double y = rng.Uniform(-r.start_position_m, r.start_position_m);
  const double yaw = rng.Uniform(-r.start_yaw_deg, r.start_yaw_deg) * M_PI / 180;
  if (start_offset != nullptr) *start_offset = Eigen::Vector3d(x, y, yaw);
  // The robot spawns at the origin facing +x: a start pose (x, y, yaw) in the scene is the same
  // as the scene moved by its inverse.
  const Eigen::Matrix3d world_from_start =
      Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  for (SceneObject& o : scene.objects) {
    o.position_m = world_from_start.transpose() * (o.position_m - Eigen::Vector3d(x, y, 0));
  }
  return scene;
}

ScenarioTrial RunScenarioTrial(const ScenarioSpec& scenario, const model::RobotSpec& robot,
                               std::uint64_t seed, const ScenarioRunOptions& options) {
  ScenarioTrial trial;
  trial.seed = seed;
  const SceneDescription scene = RandomisedObjects(scenario, seed, &trial.start_offset);
  auto fail = [&](const std::string& reason, const std::string& detail) {
    trial.success = false;
    trial.reason = reason;
    trial.detail = detail;
    return trial;
  };

  // The tree: planned from the instruction against this trial's layout, or read from the file.
  const std::vector<ActionSchema> domain = DefaultSkillDomain();
  const WorldState initial = WorldState::Parse(SceneFacts(scene.objects, scene.start_place));
  std::vector<PlanStep> plan;
  std::string xml, source;
  if (!scenario.instruction.empty()) {
    const Instruction instruction = ReadInstruction(scenario.instruction, scene.objects);
    if (instruction.kind == Instruction::Kind::kClarify) {
      return fail("ambiguous_instruction", instruction.question);
    }
    if (instruction.kind == Instruction::Kind::kError) {
      return fail("bad_instruction", instruction.error);
    }
    const PlanResult result = Plan(domain, initial, instruction.goal);
    if (!result.found) return fail("unreachable", result.explanation);
    plan = result.steps;
    for (const PlanStep& s : plan) trial.plan.push_back(s.ToString());
    xml = PlanToTreeXml(plan, domain, scene.objects);
    source = scenario.name + ":plan";
  } else {
    xml = ReadText(scenario.tree_file);
    source = scenario.tree_file.string();
  }
  SkillRuntime runtime;
  runtime.make = skills::MakeSkill;
  NodeFactory factory;
  RegisterSkillActions(factory, skills::SkillNames(), &runtime);
  Tree tree = LoadTreeFromText(xml, source, factory);
  for (const SceneObject& o : scene.objects) tree.blackboard().Set(o.name, o.position_m);
  std::vector<const SkillActionNode*> steps;
  SkillNodes(tree.root(), steps);
  std::vector<bool> seen_success(steps.size(), false);

  control::HumanoidController controller(robot);
  runtime::SimRunOptions run;
  run.scene = sim::ResolveScene(scenario.scene);
  run.scene_name = scenario.scene;
  run.world.seed = seed;
  run.duration_s = options.settle_s + scenario.time_limit_s + 1.0;
  std::unique_ptr<skills::OraclePort> port;
  skills::OracleOptions oracle = options.oracle;
  oracle.seed = seed * 7919 + 17;  // as tianmu do and skill trials derive it
  run.on_start = [&](sim::World* world, hal::SimPort*) {
    port = std::make_unique<skills::OraclePort>(world, oracle);
  };
  TreeTicker ticker(&tree, options.ticker);
  double start_s = -1;
  bool done = false;
  NodeStatus verdict = NodeStatus::kRunning;
  // Ground-truth checks when a look_at or turn_to succeeds: the smallest error seen per object.
  auto judge_step = [&](const SkillActionNode& node, const runtime::TickContext& t) {
    if (node.config().id == "look_at") {
      skills::OraclePort truth(t.world, skills::OracleOptions{});
      truth.Track(robot.head_camera);
      truth.Sample();
      for (const std::string& name : scenario.success.gaze_objects) {
        const SceneObject* o = FindObject(scene, name);
        skills::SkillParams params;
        params.Set("target", ValueToText(o->position_m));
        const skills::SkillContext context{t.time_s, &robot, &controller, &truth};
        const std::optional<double> error =
            skills::MakeSkill("look_at", params)->Measure(context, &truth);
        if (!error) continue;
        auto [it, inserted] = trial.gaze_error_deg.emplace(name, *error);
        if (!inserted) it->second = std::min(it->second, *error);
      }
    } else if (node.config().id == "turn_to") {
      const sim::GroundTruth g = t.world->Truth();
      const double yaw = BaseYawRad(g.base_orientation_wxyz);
      for (const std::string& name : scenario.success.faced_objects) {
        const SceneObject* o = FindObject(scene, name);
        const double bearing = std::atan2(o->position_m.y() - g.base_position_m[1],
                                          o->position_m.x() - g.base_position_m[0]);
        const double error = std::abs(WrapRad(bearing - yaw)) * 180 / M_PI;
        auto [it, inserted] = trial.faced_error_deg.emplace(name, error);
        if (!inserted) it->second = std::min(it->second, error);
      }
    }
  };
  run.on_tick = [&](const runtime::TickContext& t) {
    port->Sample();
    runtime.context = {t.time_s, &robot, &controller, port.get()};
    if (t.world->Fallen()) {
      tree.Halt();
      trial.cycle_time_s = start_s >= 0 ? t.time_s - start_s : 0;
      fail("fall", "the robot fell (simulator)");
      done = true;
      return false;
    }
    if (t.time_s + 1e-9 < options.settle_s) return true;
    if (start_s < 0) start_s = t.time_s;
    if (t.time_s - start_s > scenario.time_limit_s) {
      tree.Halt();
      trial.cycle_time_s = t.time_s - start_s;
      char text[96];
      std::snprintf(text, sizeof(text), "not done within the time limit of %.3g s",
                    scenario.time_limit_s);
      fail("timeout", text);
      done = true;
      return false;
    }
    verdict = ticker.OnControlTick(t.time_s);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (!seen_success[i] && steps[i]->status() == NodeStatus::kSuccess) {
        seen_success[i] = true;
        judge_step(*steps[i], t);
      }
    }
    if (verdict == NodeStatus::kRunning) return true;
    trial.cycle_time_s = t.time_s - start_s;
    const sim::GroundTruth g = t.world->Truth();
    trial.final_base_position_m =
        Eigen::Vector3d(g.base_position_m[0], g.base_position_m[1], g.base_position_m[2]);
    done = true;
    return false;
  };
  runtime::RunSimulation(robot, run, &controller);
  if (!done) return fail("timeout", "the simulation ended before the tree did");
  if (!trial.reason.empty()) return trial;
  if (verdict != NodeStatus::kSuccess) {
    if (!ticker.error().empty()) return fail("error", ticker.error());
    for (const SkillActionNode* step : steps) {
      if (step->status() != NodeStatus::kFailure) continue;
      trial.skill_reason = step->reason();
      return fail("skill_failure", step->config().name + ": " + step->reason() +
                                       (step->detail().empty() ? "" : ": " + step->detail()));
    }
    return fail("skill_failure", "the tree failed");
  }

  // Success criteria from ground truth (and the symbolic effects for facts).
  std::vector<std::string> unmet;
  if (!scenario.success.facts.empty()) {
    WorldState state = initial;
    for (std::size_t i = 0; i < steps.size() && i < plan.size(); ++i) {
      if (steps[i]->status() == NodeStatus::kSuccess) state = Apply(domain, state, plan[i]);
    }
    for (const std::string& f : scenario.success.facts) {
      if (!state.Holds(Fact::Parse(f))) unmet.push_back(f + " does not hold");
    }
  }
  char text[160];
  if (!scenario.success.robot_at.empty()) {
    const SceneObject* place = FindObject(scene, scenario.success.robot_at);
    const double d = (trial.final_base_position_m.head<2>() - place->position_m.head<2>()).norm();
    if (d > scenario.success.robot_within_m) {
      std::snprintf(text, sizeof(text), "the base ended %.2f m from %s (limit %.2f m)", d,
                    place->name.c_str(), scenario.success.robot_within_m);
      unmet.push_back(text);
    }
  }
  auto check_angles = [&](const std::vector<std::string>& names,
                          const std::map<std::string, double>& errors, double max_deg,
                          const char* what) {
    for (const std::string& name : names) {
      const auto it = errors.find(name);
      if (it == errors.end()) {
        unmet.push_back(std::string("no ") + what + " of " + name + " succeeded");
      } else if (it->second > max_deg) {
        std::snprintf(text, sizeof(text), "%s error at %s %.1f deg (limit %.1f deg)", what,
                      name.c_str(), it->second, max_deg);
        unmet.push_back(text);
      }
    }
  };
  check_angles(scenario.success.gaze_objects, trial.gaze_error_deg,
               scenario.success.gaze_max_error_deg, "gaze");
  check_angles(scenario.success.faced_objects, trial.faced_error_deg,
               scenario.success.faced_max_error_deg, "facing");
  if (!unmet.empty()) {
    std::string detail;
    for (const std::string& u : unmet) detail += (detail.empty() ? "" : "; ") + u;
    return fail("criteria", detail);
  }
  trial.success = true;
  return trial;
}

ScenarioSummary RunScenario(const ScenarioSpec& scenario, const model::RobotSpec& robot,
                            const ScenarioRunOptions& options) {
  if (options.trials < 1) throw InputError("trials: expected at least 1");
  (void)sim::ResolveScene(scenario.scene);  // a bad scene fails before simulating
  if (!scenario.success.gaze_objects.empty() && robot.head_camera.empty()) {
    throw InputError(scenario.file.string(), 0, "success.gaze",
                     "a robot with a head camera (" + robot.name + " has none)");
  }
  ScenarioSummary summary;
  summary.scenario = scenario.name;
  summary.robot = robot.name;
  double cycle_sum_s = 0;
  for (int i = 0; i < options.trials; ++i) {
    ScenarioTrial trial =
        RunScenarioTrial(scenario, robot, options.seed + static_cast<std::uint64_t>(i), options);
    if (trial.success) {
      ++summary.successes;
      cycle_sum_s += trial.cycle_time_s;
    } else {
      ++summary.failures[trial.reason == "skill_failure" ? "skill_failure:" + trial.skill_reason
                                                         : trial.reason];
    }
    summary.trials.push_back(std::move(trial));
  }
  summary.success_rate = static_cast<double>(summary.successes) / options.trials;
  const certify::Interval ci = certify::WilsonInterval(summary.successes, options.trials);
  summary.ci_low = ci.low;
  summary.ci_high = ci.high;
  summary.mean_cycle_time_s = summary.successes > 0 ? cycle_sum_s / summary.successes : 0.0;
  return summary;
}

nlohmann::json ScenarioSummaryToJson(const ScenarioSummary& s) {
  nlohmann::json trials = nlohmann::json::array();
  for (const ScenarioTrial& t : s.trials) {
    trials.push_back(
        {{"seed", t.seed},
         {"success", t.success},
         {"reason", t.reason},
         {"skill_reason", t.skill_reason},
         {"detail", t.detail},
         {"cycle_time_s", t.cycle_time_s},
         {"plan", t.plan},
         {"start_offset",
          {{"x_m", t.start_offset.x()},
           {"y_m", t.start_offset.y()},
           {"yaw_deg", t.start_offset.z() * 180 / M_PI}}},
         {"final_base_position_m",
          {t.final_base_position_m.x(), t.final_base_position_m.y(), t.final_base_position_m.z()}},
         {"gaze_error_deg", t.gaze_error_deg},
         {"faced_error_deg", t.faced_error_deg}});
  }
  return {{"scenario", s.scenario},
          {"robot", s.robot},
          {"trials", static_cast<int>(s.trials.size())},
          {"successes", s.successes},
          {"success_rate", s.success_rate},
          {"ci_low", s.ci_low},
          {"ci_high", s.ci_high},
          {"mean_cycle_time_s", s.mean_cycle_time_s},
          {"failures", s.failures},
          {"trial_results", trials}};
}

}  // namespace tianmu::brain
