// tianmu skill: run a skill (look_at, reach, wave, turn_to, walk_to) on a simulated robot over
// seeded trials and report the success rate with its Wilson interval, durations and failures by
// reason. Perception is the oracle port (simulator ground truth with noise, latency, dropouts).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flags.h"
#include "oracle_flags.h"
#include "tianmu/certify/statistics.h"
#include "tianmu/core/error.h"
#include "tianmu/sim/scene.h"
#include "tianmu/skills/skill_registry.h"
#include "tianmu/skills/skill_trials.h"

namespace tianmu::cli {
namespace {

int RunSkillRun(const Args& args) {
  const CommandSpec spec = SkillCommand().subcommands.front();
  const Flags flags(args, spec.flags);
  if (flags.positional().empty()) {
    throw InputError("missing skill name (one of `tianmu skill list`)");
  }
  if (flags.positional().size() > 1) {
    throw InputError("unexpected argument '" + flags.positional()[1] + "'");
  }
  skills::SkillTrialOptions o;
  o.skill = flags.positional()[0];
  o.params = skills::SkillParams::Parse(flags.All("param"));
  skills::MakeSkill(o.skill, o.params);  // unknown skills and bad parameters: before loading
  const double trials = flags.Number("trials");
  if (trials != static_cast<int>(trials)) throw InputError("--trials: expected a whole number");
  o.trials = static_cast<int>(trials);
  o.seed = flags.Unsigned("seed");
  o.oracle = ReadOracleFlags(flags);
  o.scene_name = flags.String("scene", "flat");
  o.scene = sim::ResolveScene(o.scene_name);
  const model::RobotSpec robot = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  std::fprintf(stderr, "skill: %s on %s in %s, %d trial(s) from seed %llu, perception: oracle\n",
               o.skill.c_str(), robot.name.c_str(), o.scene_name.c_str(), o.trials,
               static_cast<unsigned long long>(o.seed));
  const skills::SkillTrialsSummary s = skills::RunSkillTrials(robot, o);
  const certify::Interval ci = certify::WilsonInterval(s.successes, o.trials);
  const double rate = static_cast<double>(s.successes) / o.trials;
  if (flags.Has("json")) {
    nlohmann::json failures = nlohmann::json::object();
    for (const auto& [reason, count] : s.failures) failures[reason] = count;
    nlohmann::json trials_json = nlohmann::json::array();
    for (const skills::SkillTrial& t : s.trials) {
      trials_json.push_back({{"seed", t.seed},
                             {"success", t.success},
                             {"reason", skills::FailureReasonName(t.reason)},
                             {"detail", t.detail},
                             {"duration_s", t.duration_s},
                             {"metric", t.metric}});
    }
    nlohmann::json j = {{"skill", s.skill},
                        {"robot", s.robot},
                        {"scene", s.scene},
                        {"params", o.params.values()},
                        {"trials", o.trials},
                        {"seed", o.seed},
                        {"successes", s.successes},
                        {"success_rate", rate},
                        {"ci_low", ci.low},
                        {"ci_high", ci.high},
                        {"mean_duration_s", s.mean_duration_s},
                        {"failures", failures},
                        {"perception", s.perception},
                        {"oracle",
                         {{"position_noise_std_m", o.oracle.position_noise_std_m},
                          {"orientation_noise_std_deg", flags.Number("oracle-angle-noise")},
                          {"latency_s", o.oracle.latency_s},
                          {"dropout_probability", o.oracle.dropout_probability}}},
                        {"metric", s.metric_name},
                        {"mean_metric", s.mean_metric},
                        {"metric_source", s.metric_is_truth ? "ground truth" : "skill (oracle)"},
                        {"trial_results", trials_json}};
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "%s: %d/%d succeeded (%.0f %%, 95 %% CI %.0f-%.0f %%), mean %.2f s, perception: %s\n",
        s.skill.c_str(), s.successes, o.trials, 100 * rate, 100 * ci.low, 100 * ci.high,
        s.mean_duration_s, s.perception.c_str());
    for (const auto& [reason, count] : s.failures) {
      std::printf("  failed %d x %s\n", count, reason.c_str());
    }
    if (!s.metric_name.empty()) {
      std::printf("  mean %s %.4g (%s)\n", s.metric_name.c_str(), s.mean_metric,
                  s.metric_is_truth ? "ground truth" : "as the skill perceived it");
    }
  }
  return 0;
}

int RunSkillList(const Args& args) {
  const Flags flags(args, SkillCommand().subcommands.back().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  if (flags.Has("json")) {
    std::printf("%s\n", nlohmann::json({{"skills", skills::SkillNames()}}).dump(2).c_str());
  } else {
    for (const std::string& name : skills::SkillNames()) std::printf("%s\n", name.c_str());
  }
  return 0;
}

}  // namespace

CommandSpec SkillCommand() {
  return {
      .name = "skill",
      .purpose = "run robot skills (look_at, reach, wave, turn_to, walk_to) in simulation",
      .examples = {"tianmu skill run reach --param hand=right --param target=0.35,-0.25,1.1 "
                   "--trials 20 --json"},
      .subcommands = {
          {.name = "run",
           .purpose = "run one skill over seeded trials: success rate (Wilson 95 % CI), "
                      "durations, failures by reason; oracle perception",
           .operands = "NAME",
           .flags = WithOracleFlags(
               {Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("scene", "NAME|PATH",
                       "the world: flat, rough, slope or steps, or a scene MJCF")
                    .Default("flat")
                    .Kind(ValueKind::kFile),
                Option("param", "KEY=VALUE",
                       "a skill parameter, e.g. target=0.35,-0.25,1.1 (see docs/skills.md)")
                    .Repeatable(),
                Option("trials", "N", "how many trials (a whole number)")
                    .Default("10")
                    .Range(1, 10000),
                Option("seed", "N", "seed of the first trial; trial k uses seed + k").Default("1"),
                Switch("json", "print the results as JSON on stdout")}),
           .examples = {"tianmu skill run look_at --param target=2,0.8,0.6 --trials 5",
                        "tianmu skill run reach --param hand=right --param target=0.35,-0.25,1.1 "
                        "--trials 20 --seed 1 --json",
                        "tianmu skill run walk_to --param target=1.2,0.4 --trials 5 --json"},
           .run = RunSkillRun},
          {.name = "list",
           .purpose = "list the skills `tianmu skill run` knows",
           .flags = {Switch("json", "print the names as JSON on stdout")},
           .examples = {"tianmu skill list"},
           .run = RunSkillList}}};
}

}  // namespace tianmu::cli
