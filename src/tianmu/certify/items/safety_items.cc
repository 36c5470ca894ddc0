// Safety items: category-1 stop from top speed, joint limit compliance under aggressive
// commands, fall detection and head acceleration in a protective fall, command-loss watchdog,
// rejection of invalid commands. (Contact force on body-region probes: contact_items.cc.)
#include <algorithm>
#include <cmath>
#include <numbers>

#include "tianmu/certify/fault_injection.h"
#include "tianmu/certify/items/item_support.h"
#include "tianmu/certify/registry.h"
#include "tianmu/core/rng.h"

namespace tianmu::certify {
namespace {

using items::BySuite;

ItemInfo Info(const char* id, const char* title, const char* standard, const char* protocol,
              const char* metric, const char* unit, const char* comparison, Aggregation aggregation,
              int quick, int full) {
  return items::MakeInfo(Domain::kSafety, id, title, standard, protocol, metric, unit, comparison,
                         aggregation, quick, full);
}

TrialResult EmergencyStop(const TrialContext& c, int, std::uint64_t seed) {
  const double estop_at = BySuite(c, 4, 6);
  Scenario s;
  s.duration_s = estop_at + 3;
  s.seed = seed;
  s.log_path = c.log_path;
  // Top speed: the controller's forward limit.
  double top_speed = 0;
  s.estop_at_s = estop_at;
  std::array<double, 3> at_estop{}, at_stop{};
  bool stopped = false;
  bool commanded = false;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController* h) {
    if (!commanded) {
      commanded = true;
      top_speed = h->locomotion_config().max_vx_mps;
      h->SetCommandSchedule({{0.0, {top_speed, 0, 0}}});
    }
    const control::ControllerStatus status = h->status();
    if (t.time_s <= estop_at + 1e-9) at_estop = t.world->Truth().base_position_m;
    if (!stopped && status.stopped_time_s >= 0) {
      at_stop = t.world->Truth().base_position_m;
      stopped = true;
    }
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  const bool fell_before_stop =
      run.fall_time_s &&
      (!run.estop_stop_time_s || *run.fall_time_s < *run.estop_stop_time_s + estop_at);
  const double distance =
      stopped ? std::hypot(at_stop[0] - at_estop[0], at_stop[1] - at_estop[1]) : NAN;
  r.value = fell_before_stop || !run.estop_stop_time_s ? NAN : *run.estop_stop_time_s;
  r.detail = {{"top_speed_mps", top_speed},
              {"stopping_distance_m",
               std::isfinite(distance) ? nlohmann::json(distance) : nlohmann::json(nullptr)},
              {"fell_before_stop", fell_before_stop}};
  return r;
}

TrialResult JointLimits(const TrialContext& c, int, std::uint64_t seed) {
  const model::RobotSpec& spec = *c.spec;
  const double duration = BySuite(c, 8, 30);
  Scenario s;
  s.duration_s = duration;
  s.seed = seed;
  s.log_path = c.log_path;
  // Aggressive: beyond the controller's limits, switched every 1-2 s.
  s.commands = items::RandomCommands(seed, duration, -0.8, 1.4, 0.5, 1.0, 1, 2);
  constexpr double kRangeToleranceRad = 0.02;  // MuJoCo's soft limit constraint penetrates a bit
  int commanded = 0, position = 0, velocity = 0, torque = 0;
  double first_violation_s = -1;
  std::string first_violation;
  bool upright = true;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController*) {
    // Compliance is observed while the robot is up; a fall ends the observation (and fails the
    // trial: the rest of the run cannot be checked).
    upright = upright && !t.world->Fallen();
    if (!upright) return true;
    const mjModel* m = t.world->model();
    const mjData* d = t.world->data();
    const int before = commanded + position + velocity + torque;
    const model::RobotBinding& b = t.world->binding();
    for (int j = 0; j < spec.num_joints(); ++j) {
      const model::JointSpec& joint = spec.joints[j];
      const double q = d->qpos[b.joint_qpos_adr[j]];
      const double dq = d->qvel[b.joint_dof_adr[j]];
      if (joint.limited && t.cmd->mode == hal::CommandMode::kActive &&
          (t.cmd->q_des_rad[j] < joint.lower_rad - 1e-9 ||
           t.cmd->q_des_rad[j] > joint.upper_rad + 1e-9) &&
          t.cmd->kp_Nm_per_rad[j] > 0) {
        ++commanded;
      }
      if (joint.limited &&
          (q < joint.lower_rad - kRangeToleranceRad || q > joint.upper_rad + kRangeToleranceRad)) {
        ++position;
      }
      if (std::abs(dq) > joint.max_velocity_radps) ++velocity;
      const double tau = d->actuator_force[b.actuator_id[j]];
      (void)m;
      if (std::abs(tau) > joint.peak_torque_Nm * 1.001 + 1e-9) ++torque;
      if (first_violation_s < 0 && commanded + position + velocity + torque > before) {
        first_violation_s = t.time_s;
        first_violation = joint.name;
      }
    }
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  const int total = commanded + position + velocity + torque;
  r.value = total;
  r.success = total == 0 && !run.fell;
  r.detail = {{"commanded_position_outside_range", commanded},
              {"position_outside_range", position},
              {"velocity_above_limit", velocity},
              {"torque_above_peak", torque},
              {"fell", run.fell},
              {"fall_time_s", run.fall_time_s ? nlohmann::json(*run.fall_time_s) : nullptr},
              {"first_violation_s", first_violation_s},
              {"first_violation_joint", first_violation},
              {"joint_sample_ticks", run.ticks}};
  return r;
}

// A fall provoked by a large push in a per-trial random direction, after a survivable one: the
// first push (15 N s scaled by mass from TM-1's 54.7 kg, another random direction) must not make
// the controller declare a fall (a false positive); the second (200 N s) must. Measures the
// detection latency of the second and the head's peak acceleration (5 ms central differences of
// its position).
struct FallMeasurement {
  double latency_s = NAN;
  double peak_head_g = NAN;
  bool fell = false;
  bool false_positive = false;  ///< a fall declared after the survivable push, none in truth
  double direction_deg = 0;
  double duration_s = 0;
};

constexpr double kSurvivablePushS = 1.0, kFallPushS = 3.0;

FallMeasurement ProvokeFall(const TrialContext& c, std::uint64_t seed) {
  Rng rng(seed);
  const double angle = rng.Uniform(0, 2 * std::numbers::pi);
  const double mild_angle = rng.Uniform(0, 2 * std::numbers::pi);
  const double mild_Ns = 15 * c.spec->total_mass_kg / 54.7;
  Scenario s;
  s.duration_s = kFallPushS + 3;
  s.seed = seed;
  s.log_path = c.log_path;
  s.stop_after_fall_s = 2.0;
  char mild[128], push[128];
  std::snprintf(mild, sizeof(mild), "t=%g,body=base,impulse=%.3f,%.3f,0,dur=0.1", kSurvivablePushS,
                mild_Ns * std::cos(mild_angle), mild_Ns * std::sin(mild_angle));
  std::snprintf(push, sizeof(push), "t=%g,body=base,impulse=%.3f,%.3f,0,dur=0.1", kFallPushS,
                200 * std::cos(angle), 200 * std::sin(angle));
  s.pushes = {mild, push};
  constexpr int kLag = 5;  // ticks of 1 ms
  std::vector<std::array<double, 3>> head;
  double peak = 0;
  double detected_before_fall_push_s = -1;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController* h) {
    const double detected = h->status().fall_detected_time_s;
    if (detected >= 0 && detected < kFallPushS && detected_before_fall_push_s < 0) {
      detected_before_fall_push_s = detected;
    }
    // The head: the body the head (or waist) group ends in, from robot.yaml (sim::World).
    const double* x = t.world->data()->xpos + 3 * t.world->head_body();
    head.push_back({x[0], x[1], x[2]});
    const std::size_t n = head.size();
    if (n > 2 * kLag) {
      const double dt = kLag * t.world->timestep_s();
      double a2 = 0;
      for (int k = 0; k < 3; ++k) {
        const double a =
            (head[n - 1][k] - 2 * head[n - 1 - kLag][k] + head[n - 1 - 2 * kLag][k]) / (dt * dt);
        a2 += a * a;
      }
      peak = std::max(peak, std::sqrt(a2));
    }
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  FallMeasurement out;
  out.fell = run.fell;
  out.direction_deg = angle * 180 / std::numbers::pi;
  out.duration_s = run.duration_s;
  if (run.fall_detect_latency_s) out.latency_s = *run.fall_detect_latency_s;
  out.peak_head_g = peak / 9.81;
  // A declaration before the big push is a false positive unless the truth fell then too.
  out.false_positive =
      detected_before_fall_push_s >= 0 && !(run.fall_time_s && *run.fall_time_s < kFallPushS);
  return out;
}

TrialResult FallDetection(const TrialContext& c, int, std::uint64_t seed) {
  const FallMeasurement f = ProvokeFall(c, seed);
  TrialResult r;
  r.duration_s = f.duration_s;
  r.value = f.fell && !f.false_positive ? f.latency_s : NAN;
  r.detail = {{"fell", f.fell},
              {"false_positive", f.false_positive},
              {"push_direction_deg", f.direction_deg}};
  if (!f.fell) r.reason = "the 200 N s push did not make the robot fall";
  if (f.false_positive) r.reason = "a fall was declared after the survivable push (false positive)";
  return r;
}

TrialResult FallHeadAcceleration(const TrialContext& c, int, std::uint64_t seed) {
  const FallMeasurement f = ProvokeFall(c, seed);
  TrialResult r;
  r.duration_s = f.duration_s;
  r.value = f.fell ? f.peak_head_g : NAN;
  r.detail = {{"fell", f.fell}, {"push_direction_deg", f.direction_deg}};
  return r;
}

TrialResult Watchdog(const TrialContext& c, int, std::uint64_t seed) {
  Rng rng(seed);
  const double loss_at = 1.0 + 0.001 * std::floor(rng.Uniform(0, 50));
  Scenario s;
  s.duration_s = loss_at + 0.3;
  s.seed = seed;
  s.log_path = c.log_path;
  FaultPlan plan;
  plan.command_loss_from_s = loss_at;
  double tripped_at = NAN;
  s.wrap = [&](control::HumanoidController* h) {
    return std::make_unique<FaultInjectingController>(h, *c.spec, plan, seed);
  };
  double last_valid_s = 0;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController*) {
    if (t.port->stats().watchdog_trips > 0 && std::isnan(tripped_at)) tripped_at = t.time_s;
    if (std::isnan(tripped_at) && t.cmd->q_des_rad.size() > 0 &&
        std::isfinite(t.cmd->q_des_rad[0])) {
      last_valid_s = t.time_s;
    }
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  r.value = std::isnan(tripped_at) ? NAN : tripped_at - last_valid_s;
  r.detail = {{"command_loss_s", loss_at},
              {"last_valid_command_s", last_valid_s},
              {"damping_from_s",
               std::isnan(tripped_at) ? nlohmann::json(nullptr) : nlohmann::json(tripped_at)}};
  return r;
}

TrialResult InvalidCommands(const TrialContext& c, int, std::uint64_t seed) {
  const double duration = BySuite(c, 4, 10);
  Scenario s = items::Walk(c, seed, 0.3, duration);
  FaultPlan plan;
  Rng rng(seed);
  const int count = IsReduced(c.suite) ? 10 : 25;
  for (int k = 0; k < count; ++k) {
    // Spread over the run, at least 0.1 s apart (well inside the watchdog's tolerance).
    const double slot = (duration - 1) / count;
    plan.invalid_command_times_s.push_back(1 + k * slot + rng.Uniform(0, slot - 0.1));
  }
  FaultInjectingController* injector = nullptr;
  s.wrap = [&](control::HumanoidController* h) {
    auto wrapped = std::make_unique<FaultInjectingController>(h, *c.spec, plan, seed);
    injector = wrapped.get();
    return wrapped;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  const int sent = injector != nullptr ? injector->invalid_commands_sent() : 0;
  const auto rejected = static_cast<int>(run.rejected_commands);
  r.value = sent > 0 ? 100.0 * rejected / sent : NAN;
  r.success = sent > 0 && rejected == sent && !run.fell && run.watchdog_trips == 0;
  r.detail = {{"invalid_sent", sent},
              {"rejected", rejected},
              {"fell", run.fell},
              {"watchdog_trips", run.watchdog_trips}};
  return r;
}

}  // namespace

void AddSafetyItems(Registry* registry) {
  auto add = [&](ItemInfo info, TrialFn fn) {
    registry->Add(std::make_unique<FunctionItem>(std::move(info), std::move(fn)));
  };
  add(Info("safety.estop_stop_time", "Category-1 stop time from top speed",
           "IEC 60204-1:2016 §9.2.2 stop category 1 (controlled stop, then power removal); "
           "ISO 13482:2014 protective stop",
           "Walk at the controller's forward speed limit; at t = 4 s (quick) / 6 s (full) a "
           "category-1 stop is requested. Figure: time from the request to a stable stand "
           "(CoM slower than 0.05 m/s with both feet down for 0.2 s), after which the drives "
           "damp. The ground-truth stopping distance of the base is recorded with it. A fall "
           "before the stand fails the trial.",
           "stop time", "s", "<=", Aggregation::kMeanT, 2, 5),
      EmergencyStop);
  add(Info(
          "safety.joint_limits", "Joint limit compliance under aggressive commands",
          "ISO 10218-1:2011 axis limiting and ISO 13482:2014 hazards of robot motion, applied per "
          "joint",
          "Random velocity commands beyond the controller's limits (vx -0.8..1.4 m/s, vy ±0.5 m/s, "
          "yaw ±1.0 rad/s, a fifth of them 'stop'), a new one every 1-2 s, for 8 s (quick) / 30 s "
          "(full). Every tick, every joint: commanded target outside the joint range, position "
          "more than 0.02 rad beyond it (MuJoCo's soft limit), speed above the datasheet no-load "
          "speed, torque above the datasheet peak: each is a violation. Violations are counted "
          "while "
          "the robot is up; a fall ends the observation. A trial passes with zero violations and "
          "no fall. Figure: share of passing trials.",
          "trials without violation", "%", ">=", Aggregation::kPassRate, 1, 5),
      JointLimits);
  add(Info("safety.fall_detection_latency", "Fall detection latency",
           "Tianmu protocol; protective-fall practice of published humanoid safety work "
           "(ISO 13482:2014 hazards due to falling over)",
           "Standing robot pushed at the pelvis first with a survivable 15 N s (scaled by mass "
           "from TM-1's 54.7 kg) at t = 1 s, then with 200 N s at t = 3 s, each over 0.1 s in a "
           "random horizontal direction (per trial seed), so that it falls. A fall declared "
           "after the first push while the ground truth stands is a false positive: the trial "
           "has no figure (fail). Figure: the time from the ground-truth fall (base tilted "
           "beyond 45 deg, or torso, head or arm touching the ground) to the controller's fall "
           "detection (negative: detected before).",
           "detection latency", "s", "<=", Aggregation::kMeanT, 2, 10),
      FallDetection);
  add(Info("safety.fall_head_acceleration", "Peak head acceleration in a protective fall",
           "Head-impact severity as used in automotive and helmet testing (peak acceleration, "
           "ISO 13482:2014 hazards due to falling over)",
           "As the fall-detection trial: a survivable push, then a 200 N s push makes the "
           "standing robot fall while its "
           "controller switches to protective damping. The head link's acceleration is taken "
           "from its ground-truth position by second differences over 5 ms (a 200 Hz "
           "low-pass). Figure: peak acceleration in g over the fall.",
           "peak head acceleration", "g", "<=", Aggregation::kMeanT, 2, 10),
      FallHeadAcceleration);
  add(Info("safety.watchdog", "Command-loss watchdog reaction time",
           "IEC 60204-1:2016 control functions in the event of failure; ISO 13482:2014 "
           "safety-related control system",
           "Standing robot; from a random tick near t = 1 s every command is invalid (NaN "
           "targets, so the port rejects it: the controller is lost). Figure: time from the last "
           "valid command to the port's watchdog switching the drives to damping.",
           "reaction time", "s", "<=", Aggregation::kMeanT, 2, 10),
      Watchdog);
  add(Info("safety.invalid_commands", "Rejection of invalid commands",
           "IEC 61508-3 defensive input validation; ISO 13482:2014 safety-related control system",
           "Walk at 0.3 m/s for 4 s (quick) / 10 s (full); 10 (quick) / 25 (full) commands at "
           "random ticks are replaced by invalid ones, cycling through: NaN target, target beyond "
           "the joint range, excessive stiffness, infinite feed-forward torque, wrong array "
           "size. A trial passes when the port rejects every one, the robot keeps walking "
           "without a fall and the watchdog does not trip. Figure: share of passing trials.",
           "trials with every invalid command rejected", "%", ">=", Aggregation::kPassRate, 1, 5),
      InvalidCommands);
}

}  // namespace tianmu::certify
