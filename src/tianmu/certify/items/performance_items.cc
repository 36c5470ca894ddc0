// Performance items: walking speed, turning, blind slope and step, standing and walking push
// tolerance, payload, cost of transport, endurance and walk-to-target accuracy.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "tianmu/certify/items/item_support.h"
#include "tianmu/certify/items/payload_carry.h"
#include "tianmu/certify/registry.h"

namespace tianmu::certify {
namespace {

using items::BySuite;
constexpr double kGravity = 9.81;
const char* const kBenchmarkSource =
    "Tianmu protocol after published humanoid locomotion benchmarks (sustained-speed, turning, "
    "terrain and push-recovery trials); figures feed the ISO 13482:2014 hazard analysis";

ItemInfo Info(const char* id, const char* title, const char* standard, const char* protocol,
              const char* metric, const char* unit, const char* comparison, Aggregation aggregation,
              int quick, int full) {
  return items::MakeInfo(Domain::kPerformance, id, title, standard, protocol, metric, unit,
                         comparison, aggregation, quick, full);
}

TrialResult MaxWalkSpeed(const TrialContext& c, int, std::uint64_t seed) {
  std::vector<double> speeds;
  if (IsReduced(c.suite)) {
    speeds = {0.5, 0.7, 0.9};
  } else {
    for (double v = 0.3; v < 1.51; v += 0.1) speeds.push_back(v);
  }
  const double duration = BySuite(c, 6, 10);
  const std::vector<SweepPoint> sweep = SpeedSweep(*c.spec, speeds, duration, 0.8, seed);
  TrialResult r;
  r.value = FastestSustained(sweep);
  nlohmann::json points = nlohmann::json::array();
  for (const SweepPoint& p : sweep) {
    points.push_back({{"commanded_mps", p.commanded_mps},
                      {"achieved_mps", p.achieved_mps},
                      {"fell", p.fell},
                      {"sustained", p.sustained}});
    r.duration_s += duration;
  }
  r.detail["sweep"] = points;
  return r;
}

TrialResult TurnRate(const TrialContext& c, int trial, std::uint64_t seed) {
  const double command = (trial % 2 == 0 ? 1 : -1) * 0.6;
  const double duration = BySuite(c, 8, 15);
  const double settle = 2;
  Scenario s;
  s.duration_s = duration;
  s.commands = {{0.0, {0, 0, command}}};
  s.seed = seed;
  s.log_path = c.log_path;
  double yaw = 0, last = 0, yaw_at_settle = 0;
  bool first = true;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController*) {
    const double now = YawOf(t.world->Truth().base_orientation_wxyz);
    if (!first) yaw += std::remainder(now - last, 2 * std::numbers::pi);
    first = false;
    last = now;
    if (t.time_s <= settle) yaw_at_settle = yaw;
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  r.value = run.fell ? 0.0 : std::abs(yaw - yaw_at_settle) / (run.duration_s - settle);
  r.detail = {{"commanded_radps", command}, {"fell", run.fell}};
  return r;
}

// Sweeps terrain sizes upward; success: no fall and the base passes `goal_x_m`.
TrialResult TerrainSweep(const TrialContext& c, std::uint64_t seed,
                         const std::vector<double>& sizes, bool ramp) {
  constexpr double kStartX = 0.8;
  TrialResult r;
  r.value = 0;
  r.bracket_low = 0;
  r.bracket_high = sizes.back();
  nlohmann::json points = nlohmann::json::array();
  for (double size : sizes) {
    const std::filesystem::path scene = items::ScratchScene(c, ramp ? "ramp" : "step");
    if (ramp) {
      WriteRampScene(scene, size, kStartX, 3.0);
    } else {
      WriteStepScene(scene, size, kStartX);
    }
    Scenario s = items::Walk(c, seed, 0.3, ramp ? 10 : 7);
    s.log_path.clear();
    s.scene = scene.string();
    const runtime::SimRunSummary run = RunScenario(*c.spec, s);
    std::filesystem::remove(scene);
    const double goal_x = ramp ? kStartX + 1.5 : kStartX + 0.5;
    const bool ok = !run.fell && run.final_base_pos[0] >= goal_x;
    r.duration_s += run.duration_s;
    points.push_back(
        {{"size", size}, {"passed", ok}, {"fell", run.fell}, {"final_x_m", run.final_base_pos[0]}});
    if (!ok) {
      r.bracket_high = size;
      break;
    }
    r.value = r.bracket_low = size;
  }
  r.detail["sweep"] = points;
  return r;
}

TrialResult MaxSlope(const TrialContext& c, int, std::uint64_t seed) {
  const std::vector<double> quick = {4, 8, 12}, full = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20};
  return TerrainSweep(c, seed, IsReduced(c.suite) ? quick : full, true);
}

TrialResult MaxStep(const TrialContext& c, int, std::uint64_t seed) {
  const std::vector<double> quick = {0.03, 0.06, 0.09},
                            full = {0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16};
  return TerrainSweep(c, seed, IsReduced(c.suite) ? quick : full, false);
}

TrialResult StandingPush(const TrialContext& c, int trial, std::uint64_t seed) {
  const int directions = IsReduced(c.suite) ? 4 : 8;
  const double angle = 2 * std::numbers::pi * (trial % directions) / directions;
  const int iterations = IsReduced(c.suite) ? 4 : 6;
  const double settle = BySuite(c, 2, 3);
  const Bracket b =
      LargestStandingPush(*c.spec, std::cos(angle), std::sin(angle), 120, iterations, settle, seed);
  TrialResult r;
  r.value = r.bracket_low = b.passed;
  r.bracket_high = b.failed;
  r.duration_s = iterations * (1 + settle);
  r.detail = {{"direction_deg", angle * 180 / std::numbers::pi}};
  return r;
}

TrialResult WalkingLateralPush(const TrialContext& c, int trial, std::uint64_t seed) {
  const double side = trial % 2 == 0 ? 1 : -1;
  const int iterations = IsReduced(c.suite) ? 3 : 5;
  double simulated = 0;
  const Bracket b = BisectLargest(
      [&](double impulse) {
        Scenario s = items::Walk(c, seed, 0.4, 6);
        s.log_path.clear();
        char push[128];
        std::snprintf(push, sizeof(push), "t=3,body=base,impulse=0,%.4f,0,dur=0.1", side * impulse);
        s.pushes = {push};
        const runtime::SimRunSummary run = RunScenario(*c.spec, s);
        simulated += run.duration_s;
        return !run.fell;
      },
      60, iterations);
  TrialResult r;
  r.value = r.bracket_low = b.passed;
  r.bracket_high = b.failed;
  r.duration_s = simulated;
  r.detail = {{"direction", side > 0 ? "left" : "right"}};
  return r;
}

TrialResult Payload(const TrialContext& c, int, std::uint64_t seed) {
  const int iterations = IsReduced(c.suite) ? 3 : 5;
  double simulated = 0;
  nlohmann::json runs = nlohmann::json::array();
  const Bracket b = BisectLargest(
      [&](double mass_kg) {
        PayloadCarryOptions options;
        options.mass_kg = mass_kg;
        options.seed = seed;
        const PayloadCarryResult run = RunPayloadCarry(*c.spec, options);
        simulated += run.simulated_s;
        runs.push_back({{"mass_kg", mass_kg},
                        {"carried", run.carried},
                        {"reason", run.reason},
                        {"distance_m", run.distance_m},
                        {"box_sag_m", run.lowest_box_drop_m},
                        {"squeeze_N", run.squeeze_N}});
        return run.carried;
      },
      20, iterations);
  TrialResult r;
  r.value = r.bracket_low = b.passed;
  r.bracket_high = b.failed;
  r.duration_s = simulated;
  r.detail = {{"runs", runs}};
  return r;
}

// Energy and distance from ground truth after a start-up transient of `settle_s`.
struct WalkEnergy {
  double energy_J = 0;
  double distance_m = 0;
  double seconds = 0;
  bool fell = false;
  std::vector<double> end_temperature_C;
};

WalkEnergy MeasureWalk(const TrialContext& c, std::uint64_t seed, double vx, double duration,
                       double settle_s) {
  Scenario s = items::Walk(c, seed, vx, duration);
  sim::GroundTruth at_settle;
  bool have_settle = false;
  WalkEnergy out;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController*) {
    if (!have_settle && t.time_s >= settle_s) {
      at_settle = t.world->Truth();
      have_settle = true;
    }
    out.end_temperature_C.clear();
    if (t.time_s + 2e-3 >= duration) {
      for (auto& drive : t.world->drives()) {
        out.end_temperature_C.push_back(drive.actuator_state().winding_temperature_C);
      }
    }
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  out.fell = run.fell || !have_settle;
  if (have_settle) {
    out.energy_J = run.energy_J - at_settle.energy_J;
    out.distance_m = std::hypot(run.final_base_pos[0] - at_settle.base_position_m[0],
                                run.final_base_pos[1] - at_settle.base_position_m[1]);
    out.seconds = run.duration_s - at_settle.time_s;
  }
  return out;
}

TrialResult CostOfTransport(const TrialContext& c, int, std::uint64_t seed) {
  const double duration = BySuite(c, 8, 20);
  const WalkEnergy w = MeasureWalk(c, seed, 0.5, duration, 2);
  TrialResult r;
  r.duration_s = duration;
  r.value = w.fell || w.distance_m <= 0
                ? NAN
                : w.energy_J / (c.spec->total_mass_kg * kGravity * w.distance_m);
  r.detail = {{"energy_J", w.energy_J},
              {"distance_m", w.distance_m},
              {"mean_speed_mps", w.seconds > 0 ? w.distance_m / w.seconds : 0},
              {"fell", w.fell}};
  return r;
}

TrialResult Endurance(const TrialContext& c, int, std::uint64_t seed) {
  const double duration = BySuite(c, 10, 60);
  const WalkEnergy w = MeasureWalk(c, seed, 0.5, duration, 2);
  TrialResult r;
  r.duration_s = duration;
  if (w.fell || w.seconds <= 0) {
    r.value = NAN;
    r.detail = {{"fell", true}};
    return r;
  }
  const double power_W = w.energy_J / w.seconds;
  const double battery_min = c.spec->battery.capacity_Wh * 60 / std::max(power_W, 1e-6);
  // First-order winding model: T(t) = T_ss − (T_ss − T0) e^(−t/τ); T_ss from the temperature at
  // the end of the window, then the time at which T reaches the derating threshold.
  constexpr double kAmbient = 25;
  double thermal_min = INFINITY;
  std::string limiting_joint;
  for (std::size_t j = 0; j < w.end_temperature_C.size() && j < c.spec->joints.size(); ++j) {
    const auto& motor = c.spec->joints[j].sheet.motor;
    const double tau = motor.thermal_time_constant_s;
    const double rise = w.end_temperature_C[j] - kAmbient;
    if (rise <= 0 || tau <= 0) continue;
    const double steady = kAmbient + rise / (1 - std::exp(-duration / tau));
    if (steady <= motor.derating_start_C) continue;
    const double t = -tau * std::log((steady - motor.derating_start_C) / (steady - kAmbient));
    if (t / 60 < thermal_min) {
      thermal_min = t / 60;
      limiting_joint = c.spec->joints[j].name;
    }
  }
  r.value = std::min(battery_min, thermal_min);
  r.detail = {{"mean_power_W", power_W},
              {"battery_limit_min", battery_min},
              {"thermal_limit_min",
               std::isfinite(thermal_min) ? nlohmann::json(thermal_min) : nlohmann::json(nullptr)},
              {"limited_by", battery_min <= thermal_min ? "battery" : "thermal derating"},
              {"limiting_joint", limiting_joint}};
  return r;
}

TrialResult WalkToTarget(const TrialContext& c, int, std::uint64_t seed) {
  Rng rng(seed);
  const double bearing = rng.Uniform(-0.5, 0.5);
  const double tx = 5 * std::cos(bearing), ty = 5 * std::sin(bearing);
  Scenario s;
  s.duration_s = BySuite(c, 20, 25);
  s.seed = seed;
  s.log_path = c.log_path;
  double next_update = 0;
  bool arrived = false;
  // Outer loop on the controller's own estimate (never ground truth), every 0.1 s.
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController* h) {
    if (t.time_s < next_update || arrived) return true;
    next_update = t.time_s + 0.1;
    const control::RobotState* e = h->estimate();
    const double dx = tx - e->base_position_m.x(), dy = ty - e->base_position_m.y();
    const double distance = std::hypot(dx, dy);
    if (distance < 0.05) {
      h->SetVelocityCommand({0, 0, 0});
      arrived = true;
      return true;
    }
    const auto& q = e->base_orientation;
    const double yaw = YawOf({q.w(), q.x(), q.y(), q.z()});
    const double heading_error = std::remainder(std::atan2(dy, dx) - yaw, 2 * std::numbers::pi);
    const double wz = std::clamp(1.0 * heading_error, -0.4, 0.4);
    double vx = std::clamp(0.6 * distance, 0.1, 0.5);
    if (std::abs(heading_error) > 0.5) vx = 0.1;
    h->SetVelocityCommand({vx, 0, wz});
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(*c.spec, s);
  TrialResult r;
  r.duration_s = run.duration_s;
  r.value = run.fell ? NAN : std::hypot(run.final_base_pos[0] - tx, run.final_base_pos[1] - ty);
  r.detail = {
      {"target_x_m", tx}, {"target_y_m", ty}, {"arrived_by_estimate", arrived}, {"fell", run.fell}};
  return r;
}

}  // namespace

void AddPerformanceItems(Registry* registry) {
  auto add = [&](ItemInfo info, TrialFn fn, UnavailableFn unavailable = {}) {
    registry->Add(
        std::make_unique<FunctionItem>(std::move(info), std::move(fn), std::move(unavailable)));
  };
  add(Info("perf.max_walk_speed", "Fastest sustained walking speed", kBenchmarkSource,
           "Stand, then walk straight ahead on flat ground at commanded speeds rising in steps "
           "(quick: 0.5, 0.7, 0.9 m/s, 6 s each; full: 0.3-1.5 m/s in 0.1 m/s steps, 10 s each). A "
           "speed is sustained when the robot does not fall and its mean ground-truth speed is at "
           "least 80 % of the command; the sweep stops at the first speed not sustained. Figure: "
           "the mean speed achieved at the last sustained command.",
           "fastest sustained mean speed", "m/s", ">=", Aggregation::kMeanT, 1, 3),
      MaxWalkSpeed);
  add(Info("perf.turn_rate", "Turning rate in place", kBenchmarkSource,
           "Command a 0.6 rad/s yaw rate in place (alternating direction per trial) for 8 s "
           "(quick) or 15 s (full). Figure: ground-truth heading change after the first 2 s "
           "divided by the time; 0 if the robot falls.",
           "sustained yaw rate", "rad/s", ">=", Aggregation::kMeanT, 1, 4),
      TurnRate);
  add(Info("perf.max_slope", "Steepest slope walked blind", kBenchmarkSource,
           "Walk at 0.3 m/s towards a 3 m ramp starting 0.8 m ahead, the controller given no "
           "terrain information. Ramp angles rise (quick: 4, 8, 12 deg; full: 2-20 deg in 2 deg "
           "steps) until a run fails. A run passes when the robot does not fall and its base "
           "reaches the ramp's midpoint within 10 s. Figure: steepest angle passed (smallest "
           "over trials); interval: the last passed and first failed angle.",
           "steepest ramp climbed", "deg", ">=", Aggregation::kMinBracket, 1, 2),
      MaxSlope);
  add(Info("perf.max_step", "Highest step walked blind", kBenchmarkSource,
           "Walk at 0.3 m/s towards one step up starting 0.8 m ahead (no terrain information). "
           "Heights rise (quick: 3, 6, 9 cm; full: 2-16 cm in 2 cm steps) until a run fails; a "
           "run passes when the robot does not fall and its base is 0.5 m past the step edge "
           "within 7 s. Figure: highest step passed; interval: passed / first failed height.",
           "highest step climbed", "m", ">=", Aggregation::kMinBracket, 1, 2),
      MaxStep);
  add(Info("perf.standing_push", "Largest survivable push while standing, per direction",
           "Push-recovery protocol after published humanoid benchmarks (impulse at the pelvis); "
           "ISO 13482:2014 stability under external force",
           "Standing robot, horizontal impulse applied at the pelvis over 0.1 s at t = 1 s, in "
           "directions evenly spaced around the robot (quick: 4, full: 8; one direction per "
           "trial). The largest impulse survived (no fall within the settle time of 2 s quick, "
           "3 s full) is found by bisection on [0, 120] N s (quick: 4 halvings, full: 6). Figure: "
           "the smallest largest-survivable impulse over directions; interval: that direction's "
           "bisection bracket. The report shows every direction on a polar plot.",
           "worst-direction survivable impulse", "N s", ">=", Aggregation::kMinBracket, 4, 8),
      StandingPush);
  add(Info(
          "perf.walking_lateral_push", "Largest lateral push while walking",
          "Push-recovery protocol after published humanoid benchmarks",
          "Walk at 0.4 m/s; at t = 3 s a lateral impulse over 0.1 s at the pelvis (left on even "
          "trials, right on odd); no fall by t = 6 s is survival. Bisection on [0, 60] N s (quick: "
          "3 halvings, full: 5). Figure: smallest survivable impulse over trials.",
          "survivable lateral impulse while walking", "N s", ">=", Aggregation::kMinBracket, 2, 4),
      WalkingLateralPush);
  add(Info("perf.payload", "Payload carried while walking (box held with both hands)",
           kBenchmarkSource,
           "A 300 x 300 x 200 mm carton from the knowledge base, its mass varied, waits on a "
           "fixture where the robot's arms hold a box (from its shoulders and arm reach); the "
           "palms close on its sides and squeeze it (2 x its weight's share over the carton's "
           "friction, produced feed-forward by the arms), the fixture lets go and the robot "
           "carries the box 5 m at 0.3 m/s on flat ground, held by friction alone (no weld), "
           "then stands 2 s. A fall, a drop (box centre 10 cm below its hold height) or palms "
           "that do not reach the box fail the run. The heaviest box carried is found by "
           "bisection on [0, 20] kg (quick: 3 halvings, full: 5); the controller knows the box's "
           "mass (load compensation) from the knowledge base.",
           "heaviest box carried", "kg", ">=", Aggregation::kMinBracket, 1, 3),
      Payload, [](const model::RobotSpec& spec) -> std::optional<std::string> {
        if (spec.hands.size() < 2) return "the robot has fewer than two hands";
        return std::nullopt;
      });
  add(Info("perf.cost_of_transport", "Cost of transport at 0.5 m/s",
           "Dimensionless cost of transport E / (m g d) (Tucker; as used in published legged-robot "
           "comparisons), electrical energy from the actuator power model",
           "Walk at 0.5 m/s on flat ground for 8 s (quick) or 20 s (full). Between t = 2 s and the "
           "end, electrical energy drawn by all actuators (datasheet power model: mechanical power "
           "plus copper loss, regeneration not credited) over m g d with d the ground-truth "
           "distance. A fall makes the trial's figure undefined (the item fails).",
           "cost of transport", "1", "<=", Aggregation::kMeanT, 2, 5),
      CostOfTransport);
  add(Info("perf.endurance", "Endurance: continuous walking time",
           "Battery and thermal limits from the robot's declared battery (robot.yaml) and the "
           "actuator datasheets (first-order winding model)",
           "Walk at 0.5 m/s for 10 s (quick) or 60 s (full); measure mean actuator electrical "
           "power after 2 s and every winding temperature at the end. Battery limit: capacity / "
           "power (actuators only; no electronics load is declared). Thermal limit: the earliest "
           "time a winding reaches its derating temperature, extrapolating each joint's "
           "first-order thermal model from the measured rise. Figure: the smaller limit.",
           "continuous walking time", "min", ">=", Aggregation::kMeanT, 1, 3),
      Endurance, [](const model::RobotSpec& spec) -> std::optional<std::string> {
        if (spec.battery.capacity_Wh <= 0) {
          return "robot.yaml declares no battery (battery: {capacity_Wh, voltage_V})";
        }
        return std::nullopt;
      });
  add(Info("perf.walk_to_target", "Walk-to-target accuracy over 5 m", kBenchmarkSource,
           "A target 5 m away at a random bearing within ±0.5 rad (per trial seed). A simple "
           "outer loop steers on the controller's own state estimate every 0.1 s (turn towards "
           "the target, slow down near it, stop within 5 cm by the estimate). Figure: ground-truth "
           "distance of the base from the target after 20 s (quick) / 25 s (full).",
           "final distance from target", "m", "<=", Aggregation::kMeanT, 1, 5),
      WalkToTarget);
}

}  // namespace tianmu::certify
