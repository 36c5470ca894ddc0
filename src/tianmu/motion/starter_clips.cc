#include "tianmu/motion/starter_clips.h"

#include <mujoco/mujoco.h>

#include <Eigen/Geometry>
#include <cmath>

#include "tianmu/core/error.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/motion/quality.h"
#include "tianmu/motion/robot_pose.h"

namespace tianmu::motion {
namespace {

// Minimum-jerk blend 10τ³ − 15τ⁴ + 6τ⁵: zero velocity and acceleration at both key poses.
double MinimumJerk(double tau) { return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau); }

// World pose of a site.
Eigen::Isometry3d SitePose(const mjData* d, int id) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.linear() =
      Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(d->site_xmat + 9 * id);
  t.translation() =
      Eigen::Vector3d(d->site_xpos[3 * id], d->site_xpos[3 * id + 1], d->site_xpos[3 * id + 2]);
  return t;
}

}  // namespace

RobotClip MakeStarterClip(const model::RobotSpec& spec, const StarterMotion& motion, double fps) {
  model::MjModelPtr m(mj_copyModel(nullptr, spec.model.get()));
  if (!m) throw RuntimeError("MuJoCo could not copy the model of " + spec.name);
  model::MjDataPtr d = model::MakeData(m.get());
  const JointAddresses addr = ResolveJointAddresses(spec, m.get());
  const int sole = mj_name2id(m.get(), mjOBJ_SITE, spec.feet[0].sole_site.c_str());
  const std::vector<double> nominal = spec.NominalPosture();

  // Base at the origin, upright: the sole's pose in the base frame for a joint vector.
  auto sole_in_base = [&](const std::vector<double>& q) {
    mju_copy(d->qpos, m->qpos0, m->nq);
    for (int k = 0; k < 3; ++k) d->qpos[addr.base_qpos + k] = 0;
    d->qpos[addr.base_qpos + 3] = 1;
    for (int k = 1; k < 4; ++k) d->qpos[addr.base_qpos + 3 + k] = 0;
    for (std::size_t j = 0; j < q.size(); ++j) d->qpos[addr.qpos[j]] = q[j];
    mj_kinematics(m.get(), d.get());
    return SitePose(d.get(), sole);
  };
  // The nominal stance: base upright at standing height, left sole where it then is.
  Eigen::Isometry3d base_nominal = Eigen::Isometry3d::Identity();
  base_nominal.translation() = Eigen::Vector3d(0, 0, spec.standing_base_height_m);
  const Eigen::Isometry3d sole_world = base_nominal * sole_in_base(nominal);

  RobotClip clip;
  clip.name = motion.name;
  clip.robot = spec.name;
  clip.kind = motion.kind;
  clip.fps = fps;
  clip.source = "procedural: " + DefaultMotionMapPath(spec).filename().string() +
                " starter_motions." + motion.name;
  clip.licence = "CC0-1.0";
  clip.description = motion.description;
  for (const model::JointSpec& js : spec.joints) clip.joint_names.push_back(js.name);

  // Each key pose as a full joint vector (unlisted joints nominal).
  std::vector<std::vector<double>> keys;
  for (const StarterKeyframe& key : motion.keyframes) {
    std::vector<double> q = nominal;
    for (const auto& [j, value] : key.q_rad) q[static_cast<std::size_t>(j)] = value;
    keys.push_back(q);
  }
  const double duration_s = motion.keyframes.back().time_s;
  const int num_frames = static_cast<int>(std::floor(duration_s * fps + 1e-9)) + 1;
  std::size_t segment = 0;
  for (int f = 0; f < num_frames; ++f) {
    const double t = f / fps;
    while (segment + 2 < motion.keyframes.size() && t > motion.keyframes[segment + 1].time_s) {
      ++segment;
    }
    const double t0 = motion.keyframes[segment].time_s;
    const double t1 = motion.keyframes[segment + 1].time_s;
    const double s = MinimumJerk(std::clamp((t - t0) / (t1 - t0), 0.0, 1.0));
    RobotFrame frame;
    for (std::size_t j = 0; j < nominal.size(); ++j) {
      frame.q_rad.push_back(keys[segment][j] + s * (keys[segment + 1][j] - keys[segment][j]));
    }
    // The base follows from the left sole staying put: T_base = T_sole · T_sole_in_base⁻¹.
    const Eigen::Isometry3d base = sole_world * sole_in_base(frame.q_rad).inverse();
    const Eigen::Quaterniond quat(base.linear());
    for (std::size_t k = 0; k < 3; ++k)
      frame.base_pos_m[k] = base.translation()[static_cast<int>(k)];
    frame.base_quat_wxyz = {quat.w(), quat.x(), quat.y(), quat.z()};
    frame.contact = {true, true};
    clip.frames.push_back(frame);
  }
  clip.metrics = MeasureClip(spec, clip).ToJson();
  return clip;
}

std::vector<RobotClip> MakeStarterClips(const model::RobotSpec& spec, const MotionMap& map,
                                        double fps) {
  std::vector<RobotClip> clips;
  for (const StarterMotion& motion : map.starter_motions) {
    clips.push_back(MakeStarterClip(spec, motion, fps));
  }
  return clips;
}

}  // namespace tianmu::motion
