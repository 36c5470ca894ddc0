#include "tianmu/motion/playback.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/controller_factory.h"

namespace tianmu::motion {

nlohmann::json PlaybackReport::ToJson() const {
  nlohmann::json j = {{"clip", clip},
                      {"robot", robot},
                      {"duration_s", duration_s},
                      {"tracking_rmse_rad", tracking_rmse_rad},
                      {"max_tracking_error_rad", max_tracking_error_rad},
                      {"max_error_joint", max_error_joint},
                      {"balance_held", balance_held},
                      {"driven_joints", driven_joints},
                      {"legs_driven", legs_driven},
                      {"scene", summary.scene},
                      {"max_tilt_deg", summary.max_tilt_deg},
                      {"max_com_drift_m", summary.max_com_drift_m}};
  j["fall_time_s"] = summary.fall_time_s ? nlohmann::json(*summary.fall_time_s) : nlohmann::json();
  return j;
}

PlaybackReport PlayClip(const model::RobotSpec& spec, const RobotClip& clip,
                        runtime::SimRunOptions sim, const PlaybackOptions& options,
                        const runtime::ProgressFn& progress) {
  if (clip.robot != spec.name) {
    throw InputError("clip '" + clip.name + "' is for robot " + clip.robot + ", not " + spec.name);
  }
  std::unique_ptr<control::Controller> controller = runtime::MakeController("wbc", spec);
  auto* wbc = dynamic_cast<control::HumanoidController*>(controller.get());
  if (!wbc) throw RuntimeError("the wbc controller is not a HumanoidController");

  PlaybackReport report;
  report.clip = clip.name;
  report.robot = spec.name;
  report.duration_s = clip.duration_s();
  report.legs_driven = options.drive_legs && clip.kind == "whole_body";

  // Clip column of every driven RobotSpec joint (-1 = not driven).
  const int nj = spec.num_joints();
  std::vector<int> column(static_cast<std::size_t>(nj), -1);
  for (std::size_t c = 0; c < clip.joint_names.size(); ++c) {
    const int j = spec.JointIndex(clip.joint_names[c]);
    if (j < 0) {
      throw InputError("clip '" + clip.name + "' names joint '" + clip.joint_names[c] +
                       "', which " + spec.name + " lacks");
    }
    const std::string& group = spec.joints[static_cast<std::size_t>(j)].group;
    const bool leg = group == "left_leg" || group == "right_leg";
    if (leg && !report.legs_driven) continue;
    column[static_cast<std::size_t>(j)] = static_cast<int>(c);
    ++report.driven_joints;
  }
  const std::vector<double> nominal = spec.NominalPosture();

  // Clip target of joint j at clip time t (linear between frames, held at the ends).
  auto clip_value = [&](int j, double t) {
    const double x = std::clamp(t * clip.fps, 0.0, static_cast<double>(clip.num_frames() - 1));
    const auto i0 = static_cast<std::size_t>(std::floor(x));
    const std::size_t i1 = std::min(i0 + 1, clip.frames.size() - 1);
    const double s = x - static_cast<double>(i0);
    const auto c = static_cast<std::size_t>(column[static_cast<std::size_t>(j)]);
    return clip.frames[i0].q_rad[c] + s * (clip.frames[i1].q_rad[c] - clip.frames[i0].q_rad[c]);
  };
  auto target_at = [&](double time_s, Eigen::VectorXd* q) {
    const double t = time_s - options.settle_s;
    // During settling, blend from the nominal posture to frame 0 (minimum jerk).
    const double tau = options.settle_s > 0 ? std::clamp(time_s / options.settle_s, 0.0, 1.0) : 1;
    const double blend = tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
    for (int j = 0; j < nj; ++j) {
      if (column[static_cast<std::size_t>(j)] < 0) {
        (*q)[j] = std::numeric_limits<double>::quiet_NaN();
      } else if (t < 0) {
        (*q)[j] = nominal[static_cast<std::size_t>(j)] +
                  blend * (clip_value(j, 0) - nominal[static_cast<std::size_t>(j)]);
      } else {
        (*q)[j] = clip_value(j, t);
      }
    }
  };

  Eigen::VectorXd target(nj);
  double squared_sum = 0;
  long samples = 0;
  std::vector<double> max_error(static_cast<std::size_t>(nj), 0.0);
  target_at(0, &target);
  wbc->SetJointTargets(target, options.weight);
  sim.duration_s = options.settle_s + clip.duration_s() + options.hold_s;
  sim.on_tick = [&](const runtime::TickContext& tick) {
    const double t_clip = tick.time_s - options.settle_s;
    if (t_clip >= 0 && t_clip <= clip.duration_s()) {
      for (int j = 0; j < nj; ++j) {
        if (column[static_cast<std::size_t>(j)] < 0) continue;
        const double e = tick.state->q_rad[static_cast<std::size_t>(j)] - clip_value(j, t_clip);
        squared_sum += e * e;
        ++samples;
        max_error[static_cast<std::size_t>(j)] =
            std::max(max_error[static_cast<std::size_t>(j)], std::abs(e));
      }
    }
    target_at(tick.time_s + options.lead_s, &target);
    wbc->SetJointTargets(target, options.weight);
    return true;
  };
  report.summary = runtime::RunSimulation(spec, sim, controller.get(), progress);
  report.balance_held = !report.summary.fell;
  report.tracking_rmse_rad =
      samples > 0 ? std::sqrt(squared_sum / static_cast<double>(samples)) : 0;
  for (int j = 0; j < nj; ++j) {
    if (max_error[static_cast<std::size_t>(j)] > report.max_tracking_error_rad) {
      report.max_tracking_error_rad = max_error[static_cast<std::size_t>(j)];
      report.max_error_joint = spec.joints[static_cast<std::size_t>(j)].name;
    }
  }
  return report;
}

}  // namespace tianmu::motion
