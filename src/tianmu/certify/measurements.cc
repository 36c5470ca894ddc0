// Shared measurement runs (see measurements.h).
#include "tianmu/certify/measurements.h"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <sstream>

#include "tianmu/core/atomic_file.h"
#include "tianmu/sim/scene.h"

namespace tianmu::certify {

runtime::SimRunSummary RunScenario(const model::RobotSpec& spec, const Scenario& s) {
  runtime::SimRunOptions options;
  options.scene = sim::ResolveScene(s.scene);
  options.scene_name = options.scene.stem().string();
  options.duration_s = s.duration_s;
  options.world.seed = s.seed;
  options.world.extra_scene_xml = s.extra_scene_xml;
  options.world.friction_impedance_ratio = s.friction_impedance_ratio;
  options.stop_after_fall_s = s.stop_after_fall_s;
  options.log_path = s.log_path;
  options.port = s.port;
  options.on_start = s.on_start;
  for (const std::string& p : s.pushes) options.pushes.push_back(sim::ParsePerturbation(p));
  control::HumanoidController controller(spec);
  controller.SetCommandSchedule(s.commands);
  if (s.estop_at_s >= 0) controller.ScheduleEmergencyStop(s.estop_at_s);
  if (s.on_tick) {
    options.on_tick = [&](const runtime::TickContext& tick) {
      return s.on_tick(tick, &controller);
    };
  }
  std::unique_ptr<control::Controller> wrapped;
  if (s.wrap) wrapped = s.wrap(&controller);
  return runtime::RunSimulation(
      spec, options, wrapped ? wrapped.get() : static_cast<control::Controller*>(&controller));
}

Bracket BisectLargest(const std::function<bool(double)>& survives, double upper, int iterations) {
  Bracket b{0, upper};
  for (int i = 0; i < iterations; ++i) {
    const double mid = 0.5 * (b.passed + b.failed);
    (survives(mid) ? b.passed : b.failed) = mid;
  }
  return b;
}

Bracket LargestStandingPush(const model::RobotSpec& spec, double dx, double dy, double upper_Ns,
                            int iterations, double settle_s, std::uint64_t seed) {
  return BisectLargest(
      [&](double impulse) {
        char push[128];
        std::snprintf(push, sizeof(push), "t=1,body=base,impulse=%.4f,%.4f,0,dur=0.1", impulse * dx,
                      impulse * dy);
        Scenario s;
        s.duration_s = 1 + settle_s;
        s.pushes = {push};
        s.seed = seed;
        return !RunScenario(spec, s).fell;
      },
      upper_Ns, iterations);
}

std::vector<SweepPoint> SpeedSweep(const model::RobotSpec& spec, const std::vector<double>& speeds,
                                   double duration_s, double min_ratio, std::uint64_t seed) {
  std::vector<SweepPoint> points;
  for (double v : speeds) {
    Scenario s;
    s.duration_s = kSweepStartS + duration_s;
    s.commands = {{0.0, {v, 0, 0}}};
    s.seed = seed;
    const runtime::SimRunSummary r = RunScenario(spec, s);
    // Sustained speed: the base's displacement over the window after the start-up.
    const runtime::TraceSample* from = nullptr;
    for (const runtime::TraceSample& t : r.trace) {
      if (t.time_s + 1e-9 >= kSweepStartS) {
        from = &t;
        break;
      }
    }
    double speed = 0;
    if (from != nullptr && !r.trace.empty() && r.trace.back().time_s > from->time_s) {
      const runtime::TraceSample& to = r.trace.back();
      speed = std::hypot(to.base_x_m - from->base_x_m, to.base_y_m - from->base_y_m) /
              (to.time_s - from->time_s);
    }
    SweepPoint p;
    p.commanded_mps = v;
    p.achieved_mps = speed;
    p.fell = r.fell;
    p.sustained = !r.fell && speed >= min_ratio * v;
    points.push_back(p);
    if (!p.sustained) break;
  }
  return points;
}

double FastestSustained(const std::vector<SweepPoint>& sweep) {
  double fastest = 0;
  for (const SweepPoint& p : sweep) {
    if (!p.sustained) break;
    fastest = p.achieved_mps;
  }
  return fastest;
}

namespace {

std::string SceneHeader(const std::string& name, const std::string& what) {
  std::ostringstream out;
  out << "<!-- Tianmu generated scene \"" << name << "\" (certification): " << what << " -->\n"
      << "<mujoco model=\"" << name << "\">\n  <worldbody>\n"
      << "    <light name=\"scene_sun\" directional=\"true\" pos=\"-4 -3 8\" dir=\"0.45 0.35 "
         "-1\"/>\n"
      << "    <geom name=\"scene_floor\" type=\"plane\" size=\"50 50 0.1\" contype=\"1\" "
         "conaffinity=\"1\" condim=\"3\" friction=\"1 0.005 0.0001\"/>\n";
  return out.str();
}

}  // namespace

void WriteRampScene(const std::filesystem::path& path, double angle_deg, double start_x_m,
                    double length_m) {
  const double a = angle_deg * std::numbers::pi / 180;
  const double half_thickness = 0.15;
  const double run = length_m;  // horizontal run of the ramp
  const double rise = run * std::tan(a);
  const double half_length = 0.5 * run / std::cos(a);
  // Centre of the top face, then down along the face normal (−sin a, 0, cos a).
  const double cx = start_x_m + 0.5 * run + half_thickness * std::sin(a);
  const double cz = 0.5 * rise - half_thickness * std::cos(a);
  char text[1024];
  std::snprintf(text, sizeof(text),
                "    <geom name=\"scene_ramp\" type=\"box\" pos=\"%.6f 0 %.6f\" "
                "quat=\"%.9f 0 %.9f 0\" size=\"%.6f 1.5 %.6f\" contype=\"1\" conaffinity=\"1\" "
                "condim=\"3\" friction=\"1 0.005 0.0001\"/>\n"
                "    <geom name=\"scene_plateau\" type=\"box\" pos=\"%.6f 0 %.6f\" "
                "size=\"2 1.5 %.6f\" contype=\"1\" conaffinity=\"1\" condim=\"3\" "
                "friction=\"1 0.005 0.0001\"/>\n",
                cx, cz, std::cos(-a / 2), std::sin(-a / 2), half_length, half_thickness,
                start_x_m + run + 2, 0.5 * rise, std::max(0.5 * rise, 1e-3));
  char what[128];
  std::snprintf(what, sizeof(what), "a %.2f degree ramp from x = %.2f m", angle_deg, start_x_m);
  WriteFileAtomically(path, SceneHeader("ramp", what) + text + "  </worldbody>\n</mujoco>\n");
}

void WriteStepScene(const std::filesystem::path& path, double height_m, double start_x_m) {
  char text[512];
  std::snprintf(text, sizeof(text),
                "    <geom name=\"scene_step\" type=\"box\" pos=\"%.6f 0 %.6f\" "
                "size=\"2 1.5 %.6f\" contype=\"1\" conaffinity=\"1\" condim=\"3\" "
                "friction=\"1 0.005 0.0001\"/>\n",
                start_x_m + 2, 0.5 * height_m, 0.5 * height_m);
  char what[128];
  std::snprintf(what, sizeof(what), "one %.3f m step at x = %.2f m", height_m, start_x_m);
  WriteFileAtomically(path, SceneHeader("step", what) + text + "  </worldbody>\n</mujoco>\n");
}

double YawOf(const std::array<double, 4>& q) {
  return std::atan2(2 * (q[0] * q[3] + q[1] * q[2]), 1 - 2 * (q[2] * q[2] + q[3] * q[3]));
}

}  // namespace tianmu::certify
