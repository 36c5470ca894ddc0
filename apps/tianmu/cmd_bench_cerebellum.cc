// tianmu bench cerebellum: the whole-body controller's acceptance table, full length — standing,
// walking, speed sweep, pushes over seeds (survival rates with Wilson intervals, and the largest
// survivable impulse per seed by bisection), blind terrain, e-stop, fall detection, a second
// robot, controller timing. Prints figures and whether
// each meets its bar; a measurement, so it always exits 0 unless the input is bad.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "commands.h"
#include "flags.h"
#include "tianmu/certify/measurements.h"
#include "tianmu/certify/statistics.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

using certify::RunScenario;
using certify::Scenario;

// A row of the table: the figure, its bar, and whether it is met.
nlohmann::json Row(const std::string& capability, double value, const std::string& unit,
                   const std::string& comparison, double bar, bool extra_ok = true) {
  const bool pass =
      extra_ok && (comparison == "report" || (comparison == ">=" ? value >= bar : value <= bar));
  return {{"capability", capability}, {"value", value}, {"unit", unit},
          {"comparison", comparison}, {"bar", bar},     {"pass", pass}};
}

// A survival row over seeds: k of n survived, the Wilson 95 % interval of the rate, and whether
// at least `needed` survived.
nlohmann::json SurvivalRow(const std::string& capability, const std::vector<bool>& survived,
                           int needed) {
  const int n = static_cast<int>(survived.size());
  int k = 0;
  for (bool s : survived) k += s ? 1 : 0;
  const certify::Interval ci = certify::WilsonInterval(k, n);
  nlohmann::json row = Row(capability, k, "of " + std::to_string(n) + " seeds", ">=", needed);
  row["rate_interval_95"] = {ci.low, ci.high};
  nlohmann::json fell = nlohmann::json::array();
  for (int i = 0; i < n; ++i) {
    if (!survived[i]) fell.push_back(i + 1);
  }
  row["fell_seeds"] = fell;
  return row;
}

// "impulse=IX,IY,0" text of a 0.1 s push at the base.
std::string BasePush(double t_s, double ix_Ns, double iy_Ns) {
  char text[128];
  std::snprintf(text, sizeof(text), "t=%.3f,body=base,impulse=%.4f,%.4f,0,dur=0.1", t_s, ix_Ns,
                iy_Ns);
  return text;
}

// Median and smallest of `values` (sorted in place).
std::pair<double, double> MedianAndWorst(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
  return {median, values.front()};
}

// The push rows of one robot over `seeds` seeds: 35 N·s standing pushes each way, 20 N·s
// sideways pushes while walking 0.5 m/s (impulses scaled by mass from TM-1's 54.7 kg), and the
// largest standing push per seed by bisection (median and worst seed).
void PushRows(const model::RobotSpec& robot, double mass_scale, int seeds, int iterations,
              nlohmann::json* rows, const std::function<void(const std::string&)>& progress) {
  const int needed = (9 * seeds + 9) / 10;  // 9 of 10
  const std::string who = robot.name + ": ";
  const double standing_Ns = 35 * mass_scale, walking_Ns = 20 * mass_scale;
  for (auto [name, dx, dy] : {std::tuple{"front", 1.0, 0.0}, std::tuple{"back", -1.0, 0.0},
                              std::tuple{"left", 0.0, 1.0}, std::tuple{"right", 0.0, -1.0}}) {
    progress(who + "standing push " + name);
    std::vector<bool> survived;
    std::vector<double> largest;
    for (int seed = 1; seed <= seeds; ++seed) {
      Scenario s;
      s.duration_s = 6;
      s.seed = static_cast<std::uint64_t>(seed);
      s.pushes = {BasePush(2, dx * standing_Ns, dy * standing_Ns)};
      survived.push_back(!RunScenario(robot, s).fell);
      largest.push_back(certify::LargestStandingPush(robot, dx, dy, 80 * mass_scale, iterations, 3,
                                                     static_cast<std::uint64_t>(seed))
                            .passed);
    }
    char label[128];
    std::snprintf(label, sizeof(label), "%sstanding push %.1f N·s %s survived", who.c_str(),
                  standing_Ns, name);
    rows->push_back(SurvivalRow(label, survived, needed));
    const auto [median, worst] = MedianAndWorst(largest);
    nlohmann::json row = Row(who + "largest standing push " + name + " (median of seeds)", median,
                             "N·s", ">=", standing_Ns);
    row["worst_seed_Ns"] = worst;
    row["per_seed_Ns"] = largest;
    rows->push_back(row);
  }
  for (auto [name, dy] : {std::tuple{"left", 1.0}, std::tuple{"right", -1.0}}) {
    progress(who + "push while walking " + name);
    std::vector<bool> survived;
    for (int seed = 1; seed <= seeds; ++seed) {
      Scenario s;
      s.duration_s = 8;
      s.seed = static_cast<std::uint64_t>(seed);
      s.commands = {{0.0, {0.5, 0, 0}}};
      // Seeds spread the push over a gait cycle as well as varying the noise.
      s.pushes = {BasePush(4 + 0.06 * (seed - 1), 0, dy * walking_Ns)};
      survived.push_back(!RunScenario(robot, s).fell);
    }
    char label[128];
    std::snprintf(label, sizeof(label), "%spush %.1f N·s %s while walking 0.5 m/s survived",
                  who.c_str(), walking_Ns, name);
    rows->push_back(SurvivalRow(label, survived, needed));
  }
}

}  // namespace

int BenchCerebellum(const Args& args) {
  Flags flags(args, BenchCerebellumCommand().flags);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  const model::RobotSpec small = model::LoadRobotByNameOrPath(flags.String("second-robot", "tm1s"));
  const bool quick = flags.Has("quick");
  const double scale = quick ? 0.25 : 1.0;  // --quick: shortened runs for a smoke check
  nlohmann::json rows = nlohmann::json::array();
  auto progress = [&](const std::string& what) {
    std::fprintf(stderr, "bench cerebellum: %s\n", what.c_str());
  };
  auto walk = [&](const model::RobotSpec& robot, double vx, double vy, double wz, double t,
                  const std::string& scene = "flat") {
    Scenario s;
    s.scene = scene;
    s.duration_s = t;
    s.commands = {{0.0, {vx, vy, wz}}};
    return RunScenario(robot, s);
  };

  progress("stand");
  {
    Scenario s;
    s.duration_s = 60 * scale;
    const auto r = RunScenario(spec, s);
    rows.push_back(Row("stand " + std::to_string(static_cast<int>(s.duration_s)) + " s: CoM drift",
                       r.max_com_drift_m, "m", "<=", 0.02, !r.fell));
  }
  progress("walk 0.5 m/s");
  nlohmann::json timing;
  {
    const double t = 20 * scale;
    const auto r = walk(spec, 0.5, 0, 0, t);
    rows.push_back(Row("walk 0.5 m/s: distance", r.distance_m, "m", ">=", 0.45 * t, !r.fell));
    rows.push_back(Row("walk 0.5 m/s: lateral drift", r.lateral_drift_m, "m", "<=", 0.3, !r.fell));
    rows.push_back(
        Row("walk 0.5 m/s: heading error", r.heading_error_deg, "deg", "<=", 10, !r.fell));
    rows.push_back(Row("estimator velocity RMSE", r.est_vel_rmse_mps.value_or(NAN), "m/s",
                       "<=", 0.05, !r.fell));
    rows.push_back(
        Row("estimator position drift", r.est_pos_drift_pct.value_or(NAN), "%", "<=", 3, !r.fell));
    rows.push_back(Row("controller tick median", r.controller_tick_p50_ms, "ms", "<=", 0.3));
    rows.push_back(Row("controller tick p99", r.controller_tick_p99_ms, "ms", "<=", 1.0));
    rows.push_back(Row("full stack real-time factor", r.realtime_factor, "x", ">=", 3.0));
  }
  progress("speed sweep");
  {
    const double fastest = certify::FastestSustained(
        certify::SpeedSweep(spec, {0.6, 0.8, 1.0, 1.2, 1.5}, 10 * scale, 0.8));
    rows.push_back(Row("fastest sustained forward walk", fastest, "m/s", ">=", 1.0));
  }
  progress("backward, sideways, turn");
  {
    const double t = 10 * scale;
    const auto back = walk(spec, -0.3, 0, 0, t);
    rows.push_back(
        Row("backward 0.3 m/s: distance", back.distance_m, "m", ">=", 0.2 * t, !back.fell));
    const auto side = walk(spec, 0, 0.2, 0, t);
    rows.push_back(
        Row("sideways 0.2 m/s: distance", side.distance_m, "m", ">=", 0.1 * t, !side.fell));
    const auto turn = walk(spec, 0, 0, 0.5, t);
    rows.push_back(Row("turn in place 0.5 rad/s: heading error", turn.heading_error_deg, "deg",
                       "<=", 30, !turn.fell));
  }
  // Pushes over seeds (--quick: 3 seeds, a shorter bisection), both robots.
  const int seeds = quick ? 3 : 10;
  const int iterations = quick ? 3 : 6;
  PushRows(spec, 1.0, seeds, iterations, &rows, progress);
  PushRows(small, small.total_mass_kg / spec.total_mass_kg, seeds, iterations, &rows, progress);
  progress("blind terrain");
  for (const char* scene : {"slope", "rough", "steps"}) {
    const auto r = walk(spec, 0.3, 0, 0, 10 * scale + 5, scene);
    rows.push_back(Row(std::string("walk 0.3 m/s on ") + scene + ": distance", r.distance_m, "m",
                       ">=", 0.2 * (10 * scale + 5), !r.fell));
  }
  progress("e-stop while walking");
  {
    // Category 1 from 0.5 m/s: stable stand, rest posture, then 10 s of damping without a fall.
    Scenario s;
    s.duration_s = 5 + 5 + 10;
    s.commands = {{0.0, {0.5, 0, 0}}};
    s.estop_at_s = 5;
    const auto r = RunScenario(spec, s);
    const bool fell_before_stop =
        r.fall_time_s && (!r.estop_stop_time_s || *r.fall_time_s < 5 + *r.estop_stop_time_s);
    rows.push_back(Row("e-stop while walking: time to stable stand",
                       r.estop_stop_time_s.value_or(NAN), "s", "<=", 1.5, !fell_before_stop));
    rows.push_back(Row("e-stop while walking: time to rest posture",
                       r.estop_rest_time_s.value_or(NAN), "s", "<=", 5.0, !r.fell));
    rows.push_back(Row("e-stop while walking: falls in 10 s at rest", r.fell ? 1.0 : 0.0, "",
                       "<=", 0.0, true));
    rows.push_back(Row("e-stop while walking: peak head acceleration",
                       r.estop_peak_head_accel_g.value_or(NAN), "g", "report", 0, true));
  }
  progress("fall detection");
  {
    Scenario s;
    s.duration_s = 4;
    s.pushes = {"t=1,body=base,impulse=200,0,0,dur=0.1"};
    const auto r = RunScenario(spec, s);
    rows.push_back(Row("fall detection latency", r.fall_detect_latency_s.value_or(NAN), "s",
                       "<=", 0.1, r.fell));
  }
  progress(small.name + ": stand, walk, turn, push");
  {
    Scenario stand;
    stand.duration_s = 10 * scale;
    const auto s = RunScenario(small, stand);
    rows.push_back(
        Row(small.name + " stands: CoM drift", s.max_com_drift_m, "m", "<=", 0.02, !s.fell));
    const auto w = walk(small, 0.3, 0, 0, 10 * scale);
    rows.push_back(Row(small.name + " walks 0.3 m/s: distance", w.distance_m, "m",
                       ">=", 0.25 * 10 * scale, !w.fell));
    const auto t = walk(small, 0, 0, 0.5, 10 * scale);
    rows.push_back(Row(small.name + " turns in place: heading error", t.heading_error_deg, "deg",
                       "<=", 30, !t.fell));
  }
  int passed = 0;
  for (const auto& row : rows) passed += row["pass"].get<bool>() ? 1 : 0;
  const nlohmann::json out = {{"bench", "cerebellum"},
                              {"robot", spec.name},
                              {"second_robot", small.name},
                              {"quick", quick},
                              {"rows", rows},
                              {"passed", passed},
                              {"total", static_cast<int>(rows.size())}};
  if (flags.Has("json")) {
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    for (const auto& row : rows) {
      std::printf("%-55s %10.3f %-4s %s %g  %s\n", row["capability"].get<std::string>().c_str(),
                  row["value"].get<double>(), row["unit"].get<std::string>().c_str(),
                  row["comparison"].get<std::string>().c_str(), row["bar"].get<double>(),
                  row["pass"].get<bool>() ? "pass" : "FAIL");
    }
    std::printf("%d of %zu rows meet their bar\n", passed, rows.size());
  }
  return 0;
}

CommandSpec BenchCerebellumCommand() {
  return {
      .name = "cerebellum",
      .purpose =
          "the whole-body controller's acceptance table: standing, walking, pushes, "
          "terrain, e-stop, timing",
      .flags = {Option("robot", "NAME|PATH",
                       "the robot: a name from `tianmu robots` or a robot.yaml path")
                    .Default("tm1")
                    .Kind(ValueKind::kRobot),
                Option("second-robot", "NAME|PATH", "the smaller robot of the second-robot rows")
                    .Default("tm1s")
                    .Kind(ValueKind::kRobot),
                Switch("quick", "shortened runs (a quarter of the length) for a smoke check"),
                Switch("json", "print the table as JSON on stdout")},
      .examples = {"tianmu bench cerebellum --quick",
                   "tianmu bench cerebellum --json > table.json"},
      .run = BenchCerebellum};
}

}  // namespace tianmu::cli
