#include "tianmu/motion/quality.h"

#include <mujoco/mujoco.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "tianmu/core/error.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/motion/robot_pose.h"

namespace tianmu::motion {
namespace {

// Overlap (m) beyond which two robot geoms count as self-penetrating: contact solvers allow a
// few millimetres of margin and box/capsule approximations of the shell overlap at joints.
constexpr double kSelfPenetrationM = 0.005;
// Sole corners further than this below z = 0 count as ground penetration.
constexpr double kGroundPenetrationM = 0.001;

std::set<std::pair<int, int>> OverlappingBodyPairs(const mjModel* m, const mjData* d) {
  std::set<std::pair<int, int>> pairs;
  for (int c = 0; c < d->ncon; ++c) {
    const mjContact& con = d->contact[c];
    if (con.dist > -kSelfPenetrationM) continue;
    const int b1 = m->geom_bodyid[con.geom1];
    const int b2 = m->geom_bodyid[con.geom2];
    pairs.insert({std::min(b1, b2), std::max(b1, b2)});
  }
  return pairs;
}

}  // namespace

nlohmann::json ClipQuality::ToJson() const {
  nlohmann::json j = {{"foot_slide_cm", foot_slide_cm},
                      {"joint_limit_violations", joint_limit_violations},
                      {"self_penetration_frames", self_penetration_frames},
                      {"ground_penetration_frames", ground_penetration_frames},
                      {"max_joint_velocity_radps", max_joint_velocity_radps},
                      {"max_velocity_joint", max_velocity_joint},
                      {"max_velocity_ratio", max_velocity_ratio}};
  j["keypoint_error_mean_cm"] =
      keypoint_error_mean_cm ? nlohmann::json(*keypoint_error_mean_cm) : nlohmann::json();
  j["keypoint_error_max_cm"] =
      keypoint_error_max_cm ? nlohmann::json(*keypoint_error_max_cm) : nlohmann::json();
  return j;
}

ClipQuality MeasureClip(const model::RobotSpec& spec, const RobotClip& clip) {
  ClipQuality q;
  // A copy of the robot's model in which its collision geoms also collide with each other
  // (MuJoCo still filters parent-child pairs); robot.yaml models usually disable self-contact.
  model::MjModelPtr m(mj_copyModel(nullptr, spec.model.get()));
  if (!m) throw RuntimeError("MuJoCo could not copy the model of " + spec.name);
  for (int g = 0; g < m->ngeom; ++g) {
    if (m->geom_contype[g] != 0) m->geom_conaffinity[g] |= m->geom_contype[g];
  }
  model::MjDataPtr d = model::MakeData(m.get());
  const JointAddresses addr = ResolveJointAddresses(spec, m.get());

  // Pairs overlapping in the nominal posture are part of the design, not of the motion.
  for (std::size_t j = 0; j < spec.joints.size(); ++j) {
    d->qpos[addr.qpos[j]] = spec.joints[j].nominal_rad;
  }
  mj_kinematics(m.get(), d.get());
  mj_collision(m.get(), d.get());
  const std::set<std::pair<int, int>> baseline = OverlappingBodyPairs(m.get(), d.get());

  std::array<int, 2> sole{};
  for (int s = 0; s < 2; ++s) {
    sole[static_cast<std::size_t>(s)] =
        mj_name2id(m.get(), mjOBJ_SITE, spec.feet[static_cast<std::size_t>(s)].sole_site.c_str());
  }
  std::vector<int> clip_to_spec;
  for (const std::string& name : clip.joint_names) clip_to_spec.push_back(spec.JointIndex(name));

  std::array<Eigen::Vector2d, 2> last_sole{Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
  for (int f = 0; f < clip.num_frames(); ++f) {
    const RobotFrame& frame = clip.frames[static_cast<std::size_t>(f)];
    mju_copy(d->qpos, m->qpos0, m->nq);
    for (std::size_t j = 0; j < spec.joints.size(); ++j) {
      d->qpos[addr.qpos[j]] = spec.joints[j].nominal_rad;
    }
    ApplyRobotFrame(spec, addr, clip, frame, d->qpos);
    mju_normalize4(d->qpos + addr.base_qpos + 3);
    mj_kinematics(m.get(), d.get());
    mj_collision(m.get(), d.get());
    bool self = false;
    for (const auto& pair : OverlappingBodyPairs(m.get(), d.get())) {
      if (!baseline.count(pair)) self = true;
    }
    if (self) ++q.self_penetration_frames;

    double lowest_m = 1e9;
    for (int s = 0; s < 2; ++s) {
      const auto su = static_cast<std::size_t>(s);
      const int id = sole[su];
      const double* p = d->site_xpos + 3 * id;
      const double* r = d->site_xmat + 9 * id;
      for (int corner = 0; corner < 4; ++corner) {
        const double x = (corner & 1 ? 0.5 : -0.5) * spec.feet[su].sole_length_m;
        const double y = (corner & 2 ? 0.5 : -0.5) * spec.feet[su].sole_width_m;
        lowest_m = std::min(lowest_m, p[2] + r[6] * x + r[7] * y);
      }
      const Eigen::Vector2d xy(p[0], p[1]);
      if (f > 0 && frame.contact[su] && clip.frames[static_cast<std::size_t>(f - 1)].contact[su]) {
        q.foot_slide_cm += 100.0 * (xy - last_sole[su]).norm();
      }
      last_sole[su] = xy;
    }
    if (lowest_m < -kGroundPenetrationM) ++q.ground_penetration_frames;

    for (std::size_t c = 0; c < clip_to_spec.size(); ++c) {
      if (clip_to_spec[c] < 0) continue;
      const model::JointSpec& js = spec.joints[static_cast<std::size_t>(clip_to_spec[c])];
      const double value = frame.q_rad[c];
      if (js.limited && (value < js.lower_rad - 1e-6 || value > js.upper_rad + 1e-6)) {
        ++q.joint_limit_violations;
      }
      if (f == 0) continue;
      const double speed =
          std::abs(value - clip.frames[static_cast<std::size_t>(f - 1)].q_rad[c]) * clip.fps;
      const double ratio = js.max_velocity_radps > 0 ? speed / js.max_velocity_radps : 0;
      if (speed > q.max_joint_velocity_radps) {
        q.max_joint_velocity_radps = speed;
      }
      if (ratio > q.max_velocity_ratio) {
        q.max_velocity_ratio = ratio;
        q.max_velocity_joint = js.name;
      }
    }
  }
  return q;
}

std::string FormatQuality(const nlohmann::json& j) {
  char buf[512];
  auto num = [&j](const char* key) {
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
  };
  std::string keypoint = "n/a";
  if (j.contains("keypoint_error_mean_cm") && j["keypoint_error_mean_cm"].is_number()) {
    char k[64];
    std::snprintf(k, sizeof(k), "%.2f cm mean, %.2f cm max", num("keypoint_error_mean_cm"),
                  num("keypoint_error_max_cm"));
    keypoint = k;
  }
  std::snprintf(buf, sizeof(buf),
                "foot slide %.2f cm; joint-limit violations %d; self-penetration frames %d; "
                "ground-penetration frames %d; keypoint error %s; max joint velocity %.2f rad/s "
                "(%.0f%% of %s's limit)",
                num("foot_slide_cm"), static_cast<int>(num("joint_limit_violations")),
                static_cast<int>(num("self_penetration_frames")),
                static_cast<int>(num("ground_penetration_frames")), keypoint.c_str(),
                num("max_joint_velocity_radps"), 100.0 * num("max_velocity_ratio"),
                j.value("max_velocity_joint", std::string("-")).c_str());
  return buf;
}

}  // namespace tianmu::motion
