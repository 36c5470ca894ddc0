// tianmu demo: the main job. TM-1, under the whole-body controller, walks forward, stops, takes
// a push at the pelvis and recovers; writes an MCAP log, a summary JSON and an SVG plot of the
// base's progress, height and tilt.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "flags.h"
#include "sim_setup.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/report/svg_plot.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

report::LinePlot TracePlot(const runtime::SimRunSummary& s, const std::string& title,
                           const std::string& y_label, double runtime::TraceSample::*field,
                           const std::string& colour) {
  report::LinePlot plot;
  plot.title = title;
  plot.x_label = "time (s)";
  plot.y_label = y_label;
  report::Series series;
  series.label = y_label;
  series.colour = colour;
  for (const runtime::TraceSample& sample : s.trace) {
    series.x.push_back(sample.time_s);
    series.y.push_back(sample.*field);
  }
  plot.series.push_back(series);
  for (const sim::Perturbation& p : s.pushes) {
    char label[64];
    std::snprintf(label, sizeof(label), "push %.1f N·s", p.ImpulseNs());
    plot.markers.push_back({p.start_s, label});
  }
  return plot;
}

}  // namespace

int RunDemo(const Args& args) {
  Flags flags(args, {{"out"}, {"robot"}, {"seed"}, {"impulse"}, {"json", false}});
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const std::filesystem::path out = flags.String("out", "out/demo");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  // A push at the base, forward, scaled with the robot's mass so that any robot gets the same
  // change of base velocity (0.35 m/s: 19 N·s on a 55 kg TM-1).
  const double impulse_Ns = flags.Number("impulse", 0.35 * spec.total_mass_kg, 0, 1e4);

  runtime::SimRunOptions options;
  options.scene_name = "flat";
  options.scene = sim::ResolveScene(options.scene_name);
  options.duration_s = 11;
  options.world.seed = flags.Unsigned("seed", 1);
  // The course: stand, walk 0.4 m/s for 5 s, stop, stand; the push comes while standing.
  control::HumanoidController controller(spec);
  controller.SetCommandSchedule({{0.5, {0.4, 0, 0}}, {5.5, {0, 0, 0}}});
  sim::Perturbation push;
  push.start_s = 8.5;
  push.duration_s = 0.1;
  push.body = "base";
  push.force_N = {impulse_Ns / push.duration_s, 0, 0};
  options.pushes.push_back(push);

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out)) {
    throw InputError("--out " + out.string() + ": cannot create this directory");
  }
  options.log_path = out / "demo.mcap";
  CheckWritable(options.log_path);

  char header[256];
  std::snprintf(header, sizeof(header),
                "demo: %s walks 0.4 m/s for 5 s, stops, takes a %.1f N·s push at %.1f s",
                spec.name.c_str(), impulse_Ns, push.start_s);
  const runtime::SimRunSummary summary =
      runtime::RunSimulation(spec, options, &controller, StderrProgress("demo", header));

  nlohmann::json j = summary.ToJson();
  j["log"] = options.log_path.string();
  j["plot"] = (out / "demo.svg").string();
  j["controller"] = controller.name();
  WriteFileAtomically(out / "summary.json", j.dump(2) + "\n");
  WriteFileAtomically(
      out / "demo.svg",
      report::RenderSvg({TracePlot(summary, spec.name + ": walking progress", "base x (m)",
                                   &runtime::TraceSample::base_x_m, "#2ca02c"),
                         TracePlot(summary, spec.name + ": base height", "base height (m)",
                                   &runtime::TraceSample::base_height_m, "#1f77b4"),
                         TracePlot(summary, spec.name + ": base tilt", "tilt (deg)",
                                   &runtime::TraceSample::tilt_deg, "#ff7f0e")}));
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "%s walked %.2f m and %s the %.1f N·s push (max tilt %.2f deg); %.1f s simulated at "
        "%.1fx real time\nwrote %s, %s, %s\n",
        spec.name.c_str(), summary.final_base_pos[0], summary.fell ? "FELL after" : "survived",
        impulse_Ns, summary.max_tilt_deg, summary.duration_s, summary.realtime_factor,
        options.log_path.c_str(), (out / "summary.json").c_str(), (out / "demo.svg").c_str());
  }
  return summary.fell ? 1 : 0;
}

}  // namespace tianmu::cli
