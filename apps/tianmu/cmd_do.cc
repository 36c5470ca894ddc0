// tianmu do: carry out an instruction in English or Chinese on a simulated robot: read it against
// the scene's named objects (--objects), plan a skill sequence, show it as a BehaviorTree.CPP v4
// tree, execute the tree with the skills (oracle perception) and report success, the plan, the
// duration and failures with their reasons. Ambiguous instructions get a question back.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flags.h"
#include "oracle_flags.h"
#include "tianmu/brain/instruction_run.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

nlohmann::json ResultJson(const brain::InstructionRunResult& r,
                          const brain::InstructionRunOptions& o, const std::string& robot) {
  nlohmann::json goal = nlohmann::json::array(), plan = nlohmann::json::array(),
                 failures = nlohmann::json::array();
  for (const brain::Fact& f : r.instruction.goal) goal.push_back(f.ToString());
  for (const brain::PlanStep& s : r.plan.steps) plan.push_back(s.ToString());
  for (const brain::RunFailure& f : r.failures) {
    failures.push_back({{"step", f.step}, {"reason", f.reason}, {"detail", f.detail}});
  }
  nlohmann::json replans = nlohmann::json::array();
  for (const brain::Replanning& p : r.replans) {
    nlohmann::json steps = nlohmann::json::array();
    for (const brain::PlanStep& s : p.plan.steps) steps.push_back(s.ToString());
    replans.push_back({{"failed_step", p.failed_step},
                       {"observed", p.observed},
                       {"found", p.plan.found},
                       {"plan", steps},
                       {"explanation", p.plan.explanation}});
  }
  return {
      {"instruction", o.instruction},
      {"language", r.instruction.language == brain::Language::kChinese ? "zh" : "en"},
      {"robot", robot},
      {"scene", o.scene_name},
      {"seed", o.seed},
      {"perception", r.perception},
      {"understood", brain::InstructionKindName(r.instruction.kind)},
      {"question", r.instruction.question},
      {"candidates", r.instruction.candidates},
      {"goal", goal},
      {"objects", r.instruction.objects},
      {"plan", plan},
      {"plan_explanation", r.plan.explanation},
      {"tree", r.tree_xml},
      {"executed", r.executed},
      {"success", r.success},
      {"duration_s", r.duration_s},
      {"failures", failures},
      {"nodes", brain::SnapshotToJson(r.final_nodes)},
      {"final_base_position_m",
       {r.final_base_position_m.x(), r.final_base_position_m.y(), r.final_base_position_m.z()}}};
}

int RunDo(const Args& args) {
  const Flags flags(args, DoCommand().flags);
  if (flags.positional().empty()) throw InputError("missing the instruction (in quotes)");
  if (flags.positional().size() > 1) {
    throw InputError("unexpected argument '" + flags.positional()[1] +
                     "' (put the whole instruction in quotes)");
  }
  brain::InstructionRunOptions o;
  o.instruction = flags.positional()[0];
  o.objects = brain::LoadSceneObjects(
      flags.Required("objects", "a JSON file of the scene's named objects and places"));
  o.scene_name = flags.String("scene", "flat");
  o.scene = sim::ResolveScene(o.scene_name);
  o.seed = flags.Unsigned("seed");
  o.ticker.tree_rate_hz = flags.Number("tree-rate");
  o.oracle = ReadOracleFlags(flags);
  o.execute = !flags.Has("plan-only");
  const std::string tree_out = flags.String("tree-out", "");
  if (!tree_out.empty()) CheckWritable(tree_out);
  const model::RobotSpec robot = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  std::fprintf(stderr, "do: \"%s\" on %s in %s, seed %llu, perception: oracle\n",
               o.instruction.c_str(), robot.name.c_str(), o.scene_name.c_str(),
               static_cast<unsigned long long>(o.seed));
  const brain::InstructionRunResult r = brain::RunInstruction(robot, o);
  if (!tree_out.empty() && !r.tree_xml.empty()) WriteFileAtomically(tree_out, r.tree_xml);
  if (flags.Has("json")) {
    std::printf("%s\n", ResultJson(r, o, robot.name).dump(2).c_str());
  } else {
    if (!r.instruction.question.empty()) std::printf("? %s\n", r.instruction.question.c_str());
    for (const brain::PlanStep& s : r.plan.steps) std::printf("  %s\n", s.ToString().c_str());
    if (r.executed) {
      std::printf("%s in %.2f s\n", r.success ? "succeeded" : "failed", r.duration_s);
    } else if (r.plan.found && !o.execute) {
      std::printf("%s", r.tree_xml.c_str());
    }
    for (const brain::Replanning& p : r.replans) {
      std::printf("  replanned after %s: %s\n", p.failed_step.c_str(), p.plan.explanation.c_str());
      for (const brain::PlanStep& s : p.plan.steps) std::printf("    %s\n", s.ToString().c_str());
    }
    for (const brain::RunFailure& f : r.failures) {
      std::printf("  failure: %s%s%s: %s\n", f.reason.c_str(), f.step.empty() ? "" : " at ",
                  f.step.c_str(), f.detail.c_str());
    }
  }
  if (r.instruction.kind == brain::Instruction::Kind::kError) {
    std::fprintf(stderr, "error: %s\n", r.instruction.error.c_str());
    return 2;
  }
  if (!o.execute) return r.plan.found ? 0 : 1;
  return r.success ? 0 : 1;
}

}  // namespace

CommandSpec DoCommand() {
  return {.name = "do",
          .purpose =
              "carry out an instruction (English or Chinese) in simulation: plan, behaviour "
              "tree, skills; ambiguous ones get a question back",
          .operands = "\"INSTRUCTION\"",
          .flags = WithOracleFlags(
              {Option("robot", "NAME|PATH",
                      "the robot: a name from `tianmu robots` or a robot.yaml path")
                   .Default("tm1")
                   .Kind(ValueKind::kRobot),
               Option("scene", "NAME|PATH", "the world: flat, rough, slope or steps, or a MJCF")
                   .Default("flat")
                   .Kind(ValueKind::kFile),
               Option("objects", "FILE.json",
                      "the scene's named objects and places (see docs/brain.md)")
                   .Kind(ValueKind::kFile),
               Option("seed", "N", "seed of the world and the oracle").Default("1"),
               Option("tree-rate", "HZ", "how often the behaviour tree ticks")
                   .Unit("Hz")
                   .Default("50")
                   .Range(1, 1000),
               Option("tree-out", "FILE.xml", "also write the tree (BT.CPP v4 XML, for Groot2)")
                   .Kind(ValueKind::kFile),
               Switch("plan-only", "read and plan, print the tree, do not simulate"),
               Switch("json", "print the result as JSON on stdout")}),
          .examples = {"tianmu do \"inspect the three gauges\" --objects hall.json --json",
                       "tianmu do \"去1号巡检点然后看1号仪表\" --robot tm1 --scene flat "
                       "--objects hall.json",
                       "tianmu do \"greet the visitor\" --objects hall.json --plan-only "
                       "--tree-out greet.xml"},
          .run = RunDo};
}

}  // namespace tianmu::cli
