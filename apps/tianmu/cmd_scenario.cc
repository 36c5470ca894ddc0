// tianmu scenario: list the application scenarios (assets/scenarios/*.yaml) and run one on a
// simulated robot over seeded trials, each with a new layout, judged from simulator ground truth:
// success rate with its Wilson 95 % interval, mean cycle time and failures by reason.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flags.h"
#include "oracle_flags.h"
#include "tianmu/brain/scenario_runner.h"
#include "tianmu/core/error.h"

namespace tianmu::cli {
namespace {

nlohmann::json RequirementsJson(const brain::ScenarioSpec& s) {
  nlohmann::json out = nlohmann::json::object();
  for (const brain::ScenarioRequirement& r : s.requires_capabilities) {
    out[r.key] = {{r.at_most ? "at_most" : "at_least", r.value}};
  }
  return out;
}

int RunScenarioRun(const Args& args) {
  const CommandSpec spec = ScenarioCommand().subcommands.front();
  const Flags flags(args, spec.flags);
  if (flags.positional().empty()) {
    throw InputError("missing scenario name or path (one of `tianmu scenario list`)");
  }
  if (flags.positional().size() > 1) {
    throw InputError("unexpected argument '" + flags.positional()[1] + "'");
  }
  const brain::ScenarioSpec scenario = brain::LoadScenarioByNameOrPath(flags.positional()[0]);
  brain::ScenarioRunOptions o;
  const double trials = flags.Number("trials");
  if (trials != static_cast<int>(trials)) throw InputError("--trials: expected a whole number");
  o.trials = static_cast<int>(trials);
  o.seed = flags.Unsigned("seed");
  o.ticker.tree_rate_hz = flags.Number("tree-rate");
  o.oracle = ReadOracleFlags(flags);
  const model::RobotSpec robot = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  std::fprintf(stderr, "scenario: %s on %s, %d trial(s) from seed %llu, perception: oracle\n",
               scenario.name.c_str(), robot.name.c_str(), o.trials,
               static_cast<unsigned long long>(o.seed));
  const brain::ScenarioSummary s = brain::RunScenario(scenario, robot, o);
  if (flags.Has("json")) {
    nlohmann::json j = brain::ScenarioSummaryToJson(s);
    j["seed"] = o.seed;
    j["title"] = {{"en", scenario.title_en}, {"zh", scenario.title_zh}};
    j["category"] = scenario.category;
    j["requires"] = RequirementsJson(scenario);
    j["perception"] = "oracle";
    j["oracle"] = {{"position_noise_std_m", o.oracle.position_noise_std_m},
                   {"orientation_noise_std_deg", flags.Number("oracle-angle-noise")},
                   {"latency_s", o.oracle.latency_s},
                   {"dropout_probability", o.oracle.dropout_probability}};
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s (%s): %d/%d succeeded (%.0f %%, 95 %% CI %.0f-%.0f %%), mean cycle %.1f s\n",
                s.scenario.c_str(), scenario.title_zh.c_str(), s.successes, o.trials,
                100 * s.success_rate, 100 * s.ci_low, 100 * s.ci_high, s.mean_cycle_time_s);
    for (const auto& [reason, count] : s.failures) {
      std::printf("  failed %d x %s\n", count, reason.c_str());
    }
    for (const brain::ScenarioTrial& t : s.trials) {
      if (!t.success) {
        std::printf("  seed %llu: %s: %s\n", static_cast<unsigned long long>(t.seed),
                    t.reason.c_str(), t.detail.c_str());
      }
    }
  }
  return 0;
}

int RunScenarioList(const Args& args) {
  const Flags flags(args, ScenarioCommand().subcommands.back().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  nlohmann::json list = nlohmann::json::array();
  for (const std::filesystem::path& file : brain::ScenarioFiles()) {
    const brain::ScenarioSpec s = brain::LoadScenario(file);
    if (flags.Has("json")) {
      list.push_back({{"name", s.name},
                      {"title", {{"en", s.title_en}, {"zh", s.title_zh}}},
                      {"category", s.category},
                      {"task", s.instruction.empty() ? s.tree_file.string() : s.instruction},
                      {"time_limit_s", s.time_limit_s},
                      {"requires", RequirementsJson(s)},
                      {"file", file.string()}});
    } else {
      std::printf("%-20s %-14s %s / %s\n", s.name.c_str(), s.category.c_str(), s.title_en.c_str(),
                  s.title_zh.c_str());
    }
  }
  if (flags.Has("json")) std::printf("%s\n", nlohmann::json({{"scenarios", list}}).dump(2).c_str());
  return 0;
}

}  // namespace

CommandSpec ScenarioCommand() {
  return {
      .name = "scenario",
      .purpose =
          "application scenarios (inspection patrol, reception, ...) run in simulation "
          "over seeded trials",
      .examples = {"tianmu scenario list", "tianmu scenario run reception --trials 10 --json"},
      .subcommands = {
          {.name = "run",
           .purpose = "run a scenario over seeded trials (new layout each): success rate (Wilson "
                      "95 % CI), mean cycle time, failures by reason; oracle perception",
           .operands = "NAME|PATH",
           .flags = WithOracleFlags(
               {Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("trials", "N", "how many trials (a whole number)")
                    .Default("10")
                    .Range(1, 10000),
                Option("seed", "N", "seed of the first trial; trial k uses seed + k").Default("1"),
                Option("tree-rate", "HZ", "how often the behaviour tree ticks")
                    .Unit("Hz")
                    .Default("50")
                    .Range(1, 1000),
                Switch("json", "print the results as JSON on stdout")}),
           .examples = {"tianmu scenario run inspection_patrol --robot tm1 --trials 10 --json",
                        "tianmu scenario run assets/scenarios/reception.yaml --seed 7"},
           .run = RunScenarioRun},
          {.name = "list",
           .purpose = "list the shipped scenarios (assets/scenarios/)",
           .flags = {Switch("json", "print them as JSON on stdout")},
           .examples = {"tianmu scenario list --json"},
           .run = RunScenarioList}}};
}

}  // namespace tianmu::cli
