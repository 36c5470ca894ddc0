#include "tianmu/skills/skill_trials.h"

#include <cstdio>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/skills/skill_registry.h"

namespace tianmu::skills {
namespace {

// Skills decide at 100 Hz: fast against their timescales, cheap against the 1 kHz loop.
constexpr int kSkillEveryTicks = 10;

SkillTrial RunOne(const model::RobotSpec& spec, const SkillTrialOptions& options,
                  std::uint64_t seed, std::string* perception_kind, std::string* metric_name) {
  std::unique_ptr<Skill> skill = MakeSkill(options.skill, options.params);
  *metric_name = skill->metric_name();
  control::HumanoidController controller(spec);
  runtime::SimRunOptions run;
  run.scene = options.scene;
  run.scene_name = options.scene_name;
  run.world.seed = seed;
  run.duration_s = options.settle_s + skill->timeout_s() + 1.0;
  std::unique_ptr<OraclePort> port;
  OracleOptions oracle = options.oracle;
  oracle.seed = seed * 7919 + 17;  // a stream of its own, fixed by the trial's seed
  run.on_start = [&](sim::World* world, hal::SimPort*) {
    port = std::make_unique<OraclePort>(world, oracle);
  };
  SkillTrial trial;
  trial.seed = seed;
  bool started = false, done = false;
  double start_s = 0;
  int tick = 0;
  run.on_tick = [&](const runtime::TickContext& t) {
    port->Sample();
    const SkillContext context{t.time_s, &spec, &controller, port.get()};
    auto finish = [&](const SkillOutcome& outcome) {
      trial.success = outcome.state == SkillState::kSucceeded;
      trial.reason = outcome.reason;
      trial.detail = outcome.detail;
      trial.duration_s = started ? t.time_s - start_s : 0.0;
      trial.metric = skill->metric();
      // The same figure from ground truth: a noise-free, latency-free oracle at this instant.
      OraclePort truth(t.world, OracleOptions{});
      if (const std::optional<double> value = skill->Measure(context, &truth)) {
        trial.metric = *value;
        trial.metric_is_truth = true;
      }
      if (started) skill->Stop(context);
      done = true;
      return false;
    };
    if (t.world->Fallen()) {
      return finish(SkillOutcome::Failed(FailureReason::kFall, "the robot fell (simulator)"));
    }
    if (!started) {
      if (t.time_s + 1e-9 < options.settle_s) return true;
      const SkillOutcome pre = skill->CheckPreconditions(context);
      if (pre.state != SkillState::kRunning) return finish(pre);
      skill->Start(context);
      started = true;
      start_s = t.time_s;
      return true;
    }
    if (++tick % kSkillEveryTicks != 0) return true;
    const SkillOutcome outcome = skill->Tick(context);
    if (outcome.state != SkillState::kRunning) return finish(outcome);
    if (t.time_s - start_s >= skill->timeout_s()) {
      char text[64];
      std::snprintf(text, sizeof(text), "no success within %.3g s", skill->timeout_s());
      return finish(SkillOutcome::Failed(FailureReason::kTimeout, text));
    }
    return true;
  };
  runtime::RunSimulation(spec, run, &controller);
  *perception_kind = port ? port->kind() : "oracle";
  if (!done) {
    trial.success = false;
    trial.reason = FailureReason::kTimeout;
    trial.detail = "the run ended before the skill did";
  }
  return trial;
}

}  // namespace

SkillTrialsSummary RunSkillTrials(const model::RobotSpec& spec, const SkillTrialOptions& options) {
  MakeSkill(options.skill, options.params);  // bad names and parameters fail before simulating
  SkillTrialsSummary summary;
  summary.skill = options.skill;
  summary.robot = spec.name;
  summary.scene = options.scene_name;
  summary.perception = "oracle";
  double duration_sum = 0, metric_sum = 0;
  summary.metric_is_truth = options.trials > 0;
  for (int i = 0; i < options.trials; ++i) {
    SkillTrial trial = RunOne(spec, options, options.seed + static_cast<std::uint64_t>(i),
                              &summary.perception, &summary.metric_name);
    if (trial.success) {
      ++summary.successes;
      duration_sum += trial.duration_s;
    } else {
      ++summary.failures[FailureReasonName(trial.reason)];
    }
    metric_sum += trial.metric;
    summary.metric_is_truth = summary.metric_is_truth && trial.metric_is_truth;
    summary.trials.push_back(std::move(trial));
  }
  summary.mean_duration_s = summary.successes > 0 ? duration_sum / summary.successes : 0.0;
  summary.mean_metric = options.trials > 0 ? metric_sum / options.trials : 0.0;
  return summary;
}

}  // namespace tianmu::skills
