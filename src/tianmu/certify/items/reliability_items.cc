// Reliability items: faults injected while walking (IMU bias and noise, stale encoders, a
// weakened knee, command latency), a long run of random commands, repeatability over seeds.
#include <algorithm>
#include <cmath>

#include "tianmu/certify/fault_injection.h"
#include "tianmu/certify/items/item_support.h"
#include "tianmu/certify/items/robot_parts.h"
#include "tianmu/certify/registry.h"
#include "tianmu/core/rng.h"

namespace tianmu::certify {
namespace {

using items::BySuite;
const char* const kFaultSource =
    "ISO 13849-1:2023 / IEC 61508 fault-tolerance practice (single faults injected); ISO "
    "13482:2014 safety-related control system";

ItemInfo Info(const char* id, const char* title, const char* standard, const char* protocol,
              const char* metric, const char* unit, const char* comparison, Aggregation aggregation,
              int quick, int full) {
  return items::MakeInfo(Domain::kReliability, id, title, standard, protocol, metric, unit,
                         comparison, aggregation, quick, full);
}

constexpr double kFaultWalkSpeed = 0.4;

// Walks at 0.4 m/s with a fault; passes without a fall and with ≥ 70 % of the commanded distance
// after the first second.
TrialResult WalkWithFault(const TrialContext& c, std::uint64_t seed, const FaultPlan& plan,
                          const std::function<void(sim::World*, hal::SimPort*)>& on_start) {
  const double duration = BySuite(c, 8, 20);
  Scenario s = items::Walk(c, seed, kFaultWalkSpeed, duration);
  s.on_start = on_start;
  s.wrap = [&](control::HumanoidController* h) {
    return std::make_unique<FaultInjectingController>(h, *c.spec, plan, seed ^ 0xfa17ull);
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  const double required = 0.7 * kFaultWalkSpeed * (duration - 1);
  r.success = !run.fell && run.distance_m >= required;
  r.value = r.success ? 1 : 0;
  r.detail = {{"fell", run.fell},
              {"distance_m", run.distance_m},
              {"required_distance_m", required},
              {"max_tilt_deg", run.max_tilt_deg}};
  return r;
}

TrialResult ImuFault(const TrialContext& c, int, std::uint64_t seed) {
  Rng rng(seed);
  FaultPlan plan;
  plan.imu_noise_scale = 3;
  // Biases of a consumer-grade MEMS IMU after calibration drift, random sign per axis.
  for (int k = 0; k < 3; ++k) {
    plan.gyro_bias_radps[k] = (rng.Uniform() < 0.5 ? -1 : 1) * 0.01;
    plan.accelerometer_bias_mps2[k] = (rng.Uniform() < 0.5 ? -1 : 1) * 0.1;
  }
  plan.orientation_bias_rad = (rng.Uniform() < 0.5 ? -1 : 1) * 0.01;
  TrialResult r = WalkWithFault(c, seed, plan, {});
  r.detail["gyro_bias_radps"] = plan.gyro_bias_radps;
  r.detail["accelerometer_bias_mps2"] = plan.accelerometer_bias_mps2;
  return r;
}

TrialResult StaleEncoders(const TrialContext& c, int, std::uint64_t seed) {
  Rng rng(seed);
  FaultPlan plan;
  plan.stale_encoder_duration_s = 0.010;
  const double duration = BySuite(c, 8, 20);
  for (double t = 1; t + 1 < duration; t += 1)
    plan.stale_encoder_start_s.push_back(t + rng.Uniform(0, 0.9));
  TrialResult r = WalkWithFault(c, seed, plan, {});
  r.detail["stale_windows"] = plan.stale_encoder_start_s.size();
  return r;
}

TrialResult WeakKnee(const TrialContext& c, int trial, std::uint64_t seed) {
  const std::string side = trial % 2 == 0 ? "left" : "right";
  const std::optional<int> found = items::LegKneeJoint(*c.spec, side);
  if (!found) {
    return items::NotAvailable("the " + side + "_leg group has no knee (three pitch joints)");
  }
  const int knee = *found;
  TrialResult r = WalkWithFault(c, seed, FaultPlan{}, [knee](sim::World* world, hal::SimPort*) {
    world->drives()[knee].set_strength(0.7);
  });
  r.detail["weakened_joint"] = c.spec->joints[knee].name;
  return r;
}

TrialResult CommandLatency(const TrialContext& c, int, std::uint64_t seed) {
  FaultPlan plan;
  plan.command_latency_s = 0.005;
  plan.command_jitter_s = 0.002;
  return WalkWithFault(c, seed, plan, {});
}

TrialResult LongRun(const TrialContext& c, int, std::uint64_t seed) {
  const double duration = BySuite(c, 20, 300);
  Scenario s;
  s.duration_s = duration;
  s.seed = seed;
  s.log_path = c.log_path;
  s.commands = items::RandomCommands(seed, duration, -0.3, 0.6, 0.15, 0.4);
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  // A fall ends the segment; the time up to it counts.
  r.duration_s = run.fell ? *run.fall_time_s : run.duration_s;
  r.value = run.fell ? 1 : 0;
  r.success = !run.fell;
  r.detail = {{"fell", run.fell}, {"distance_m", run.distance_m}};
  return r;
}

TrialResult Repeatability(const TrialContext& c, int, std::uint64_t seed) {
  const double walk = BySuite(c, 5, 10);
  Scenario s = items::Walk(c, seed, 0.5, walk + 2);
  s.commands.push_back({walk, {0, 0, 0}});
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  r.value = run.fell ? NAN : run.distance_m;
  r.success = !run.fell;
  r.detail = {{"final_x_m", run.final_base_pos[0]},
              {"final_y_m", run.final_base_pos[1]},
              {"fell", run.fell}};
  return r;
}

}  // namespace

void AddReliabilityItems(Registry* registry) {
  auto add = [&](ItemInfo info, TrialFn fn) {
    registry->Add(std::make_unique<FunctionItem>(std::move(info), std::move(fn)));
  };
  const char* walk_rule =
      " Walk at 0.4 m/s for 8 s (quick) / 20 s (full) with the fault; a trial passes without a "
      "fall and with at least 70 % of the commanded distance after the first second. Figure: "
      "share of passing trials.";
  add(Info("rel.fault_imu", "Fault: IMU bias and noise ×3", kFaultSource,
           (std::string("The controller's IMU readings get constant biases (gyro ±0.01 rad/s, "
                        "accelerometer ±0.1 m/s², orientation ±0.01 rad about x; signs per trial "
                        "seed) and extra white noise so the total is three times robot.yaml's.") +
            walk_rule)
               .c_str(),
           "trials passed", "%", ">=", Aggregation::kPassRate, 1, 5),
      ImuFault);
  add(Info("rel.fault_stale_encoders", "Fault: stale encoder readings for 10 ms", kFaultSource,
           (std::string("Once a second at a random phase, joint positions and velocities seen "
                        "by the controller freeze for 10 ms.") +
            walk_rule)
               .c_str(),
           "trials passed", "%", ">=", Aggregation::kPassRate, 1, 5),
      StaleEncoders);
  add(Info("rel.fault_weak_knee", "Fault: one knee actuator weakened 30 %", kFaultSource,
           (std::string("The left (even trials) or right (odd) knee drive delivers 70 % of the "
                        "torque it is asked for (sim::JointDrive::set_strength).") +
            walk_rule)
               .c_str(),
           "trials passed", "%", ">=", Aggregation::kPassRate, 1, 4),
      WeakKnee);
  add(Info("rel.fault_command_latency", "Fault: 5 ms command latency with jitter", kFaultSource,
           (std::string("Every command reaches the port 5 ms ± 2 ms (uniform) late; the newest "
                        "command due is sent each tick.") +
            walk_rule)
               .c_str(),
           "trials passed", "%", ">=", Aggregation::kPassRate, 1, 5),
      CommandLatency);
  add(Info("rel.long_run", "Long run of random velocity commands",
           "Tianmu protocol (mean time between falls), after field-reliability reporting of "
           "published humanoid deployments",
           "Segments of random velocity commands within the controller's limits (vx -0.3..0.6 "
           "m/s, vy ±0.15 m/s, yaw ±0.4 rad/s, a fifth of them 'stop', each held 2-6 s): quick 2 × "
           "20 s, full 12 × 300 s (one simulated hour). A fall ends its segment. Figure: falls "
           "per hour of walking; interval: Wilson interval of the per-segment fall probability "
           "scaled to an hour.",
           "falls per hour", "1/h", "<=", Aggregation::kRatePerHour, 2, 12),
      LongRun);
  add(Info("rel.repeatability", "Repeatability of the final pose over seeds",
           "ISO 9283:1998 pose repeatability, adapted to a walking base",
           "Walk at 0.5 m/s for 5 s (quick) / 10 s (full), stop and stand 2 s; the trials differ "
           "only in their seed (sensor noise). Figure: RMS distance of the final base positions "
           "from their mean; bootstrap interval.",
           "final position spread (RMS)", "m", "<=", Aggregation::kSpread, 3, 10),
      Repeatability);
}

}  // namespace tianmu::certify
