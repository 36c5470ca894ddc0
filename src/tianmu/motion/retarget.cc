#include "tianmu/motion/retarget.h"

#include <mujoco/mujoco.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "tianmu/control/qp/dense_qp.h"
#include "tianmu/core/error.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/motion/robot_pose.h"

namespace tianmu::motion {
namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Which constraint sets a variable's bound in one IK iteration.
enum class BoundKind { kTrustRegion, kPosition, kVelocity };

// World pose of a keypoint's robot frame (body or site) in the current kinematics.
void RobotFramePose(const mjData* d, const KeypointMap& k, Vector3d* p, Matrix3d* r) {
  const double* pos = k.robot_is_site ? d->site_xpos + 3 * k.robot_id : d->xpos + 3 * k.robot_id;
  const double* mat = k.robot_is_site ? d->site_xmat + 9 * k.robot_id : d->xmat + 9 * k.robot_id;
  *r = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(mat);
  *p = Vector3d(pos[0], pos[1], pos[2]) + *r * k.robot_offset_m;
}

// Rotation vector ω with exp(ω) = r (world frame when r = R_target R^T).
Vector3d RotationVector(const Matrix3d& r) {
  const Eigen::AngleAxisd aa(r);
  return aa.angle() * aa.axis();
}

// Targets of every keypoint at every output frame.
struct Targets {
  std::vector<std::vector<Vector3d>> position;  // [frame][keypoint]
  std::vector<std::vector<Matrix3d>> rotation;
  std::vector<std::vector<double>> position_weight;
};

}  // namespace

RetargetResult Retarget(const model::RobotSpec& spec, const MotionMap& map, const HumanClip& human,
                        const std::string& clip_name, const RetargetOptions& options) {
  CheckMapAgainstClip(map, human, clip_name);
  if (human.frames.empty()) throw InputError(clip_name, 0, "MOTION", "at least one frame");
  const std::size_t num_keypoints = map.keypoints.size();

  model::MjModelPtr m(mj_copyModel(nullptr, spec.model.get()));
  if (!m) throw RuntimeError("MuJoCo could not copy the model of " + spec.name);
  model::MjDataPtr d = model::MakeData(m.get());
  const JointAddresses addr = ResolveJointAddresses(spec, m.get());
  const int nj = spec.num_joints();

  // --- Robot at rest: base upright at the origin, every joint at zero. ---
  mju_copy(d->qpos, m->qpos0, m->nq);
  for (int k = 0; k < 3; ++k) d->qpos[addr.base_qpos + k] = 0;
  mj_kinematics(m.get(), d.get());
  auto body_pos = [&](const std::string& name) {
    const int id = mj_name2id(m.get(), mjOBJ_BODY, name.c_str());
    return Vector3d(d->xpos[3 * id], d->xpos[3 * id + 1], d->xpos[3 * id + 2]);
  };
  const double robot_leg_m = (body_pos(map.robot_leg[1]) - body_pos(map.robot_leg[0])).norm() +
                             (body_pos(map.robot_leg[2]) - body_pos(map.robot_leg[1])).norm();
  std::vector<Matrix3d> robot_rest_rotation(num_keypoints);
  double foot_height_m = 0;  // foot keypoint above its sole at rest
  for (std::size_t k = 0; k < num_keypoints; ++k) {
    Vector3d p;
    RobotFramePose(d.get(), map.keypoints[k], &p, &robot_rest_rotation[k]);
    if (map.keypoints[k].foot == 0) {
      const int sole = mj_name2id(m.get(), mjOBJ_SITE, spec.feet[0].sole_site.c_str());
      foot_height_m = p.z() - d->site_xpos[3 * sole + 2];
    }
  }

  // --- Human at rest: leg length gives the scale. ---
  const HumanPose human_rest = HumanForwardKinematics(human, human.RestFrame());
  std::array<Vector3d, 3> leg;
  for (std::size_t i = 0; i < 3; ++i) {
    leg[i] = human_rest.position[static_cast<std::size_t>(human.JointIndex(map.human_leg[i]))];
  }
  const double human_leg = (leg[1] - leg[0]).norm() + (leg[2] - leg[1]).norm();
  if (!(human_leg > 0) || !(robot_leg_m > 0)) {
    throw InputError(map.path.string(), map.human_lines.at(map.human_leg[0]), "human_leg",
                     "hip, knee and ankle joints at distinct rest positions");
  }
  RetargetResult result;
  result.scale = robot_leg_m / human_leg;
  const double scale = result.scale;
  const Matrix3d& A = map.human_to_world;

  // --- Output frames (subsampled to at most max_fps). ---
  const double fps_in = 1.0 / human.frame_time_s;
  const int step = std::max(1, static_cast<int>(std::ceil(fps_in / options.max_fps - 1e-9)));
  const double fps = fps_in / step;
  std::vector<int> source_frames;
  for (int f = 0; f < human.num_frames(); f += step) source_frames.push_back(f);
  const std::size_t num_frames = source_frames.size();

  // --- Keypoint targets in the robot world. ---
  std::vector<int> human_index(num_keypoints);
  for (std::size_t k = 0; k < num_keypoints; ++k) {
    human_index[k] = human.JointIndex(map.keypoints[k].human);
  }
  Targets targets;
  Vector3d origin = Vector3d::Zero();  // human root xy at frame 0, ground height
  {
    const HumanPose first = HumanForwardKinematics(human, human.frames[0]);
    const Vector3d root = A * first.position[0];
    double ground = kInf;
    for (std::size_t k = 0; k < num_keypoints; ++k) {
      if (map.keypoints[k].foot >= 0) {
        ground =
            std::min(ground, (A * first.position[static_cast<std::size_t>(human_index[k])]).z());
      }
    }
    origin = Vector3d(root.x(), root.y(), ground);
  }
  for (int f : source_frames) {
    const HumanPose pose = HumanForwardKinematics(human, human.frames[static_cast<std::size_t>(f)]);
    std::vector<Vector3d> pos(num_keypoints);
    std::vector<Matrix3d> rot(num_keypoints);
    std::vector<double> weight(num_keypoints);
    for (std::size_t k = 0; k < num_keypoints; ++k) {
      const auto h = static_cast<std::size_t>(human_index[k]);
      const int parent = map.keypoints[k].relative_to;
      if (parent >= 0) {
        const auto hp = static_cast<std::size_t>(human_index[static_cast<std::size_t>(parent)]);
        pos[k] = scale * (A * (pose.position[h] - pose.position[hp]));
      } else {
        pos[k] = scale * (A * pose.position[h] - origin) + Vector3d(0, 0, foot_height_m);
      }
      const Matrix3d delta =
          A * (pose.rotation[h] * human_rest.rotation[h].transpose()) * A.transpose();
      rot[k] = delta * robot_rest_rotation[k];
      weight[k] = map.keypoints[k].position_weight;
    }
    targets.position.push_back(pos);
    targets.rotation.push_back(rot);
    targets.position_weight.push_back(weight);
  }
  const Targets original = targets;

  // --- Foot contacts from the foot targets: low and slow. ---
  result.detected_contacts.assign(num_frames, {false, false});
  for (std::size_t k = 0; k < num_keypoints; ++k) {
    const int side = map.keypoints[k].foot;
    if (side < 0) continue;
    for (std::size_t f = 0; f < num_frames; ++f) {
      const std::size_t a = f > 0 ? f - 1 : f;
      const std::size_t b = f + 1 < num_frames ? f + 1 : f;
      const Vector3d dp = targets.position[b][k] - targets.position[a][k];
      const double speed = b > a ? dp.head<2>().norm() * fps / static_cast<double>(b - a) : 0;
      const double height = targets.position[f][k].z() - foot_height_m;
      result.detected_contacts[f][static_cast<std::size_t>(side)] =
          height < options.contact_height_m && speed < options.contact_speed_mps;
    }
  }

  // --- Foot-skate clean-up: pin each contact phase at its mean position, flat on the ground. ---
  if (options.clean_foot_skate) {
    const int blend = std::max(0, options.blend_frames);
    for (std::size_t k = 0; k < num_keypoints; ++k) {
      const int side = map.keypoints[k].foot;
      if (side < 0) continue;
      std::size_t f = 0;
      while (f < num_frames) {
        if (!result.detected_contacts[f][static_cast<std::size_t>(side)]) {
          ++f;
          continue;
        }
        std::size_t end = f;
        while (end < num_frames && result.detected_contacts[end][static_cast<std::size_t>(side)]) {
          ++end;
        }
        Vector3d anchor = Vector3d::Zero();
        for (std::size_t i = f; i < end; ++i) anchor += original.position[i][k];
        anchor /= static_cast<double>(end - f);
        anchor.z() = foot_height_m;
        const Matrix3d delta =
            original.rotation[(f + end) / 2][k] * robot_rest_rotation[k].transpose();
        const double yaw = std::atan2(delta(1, 0), delta(0, 0));
        const Matrix3d flat =
            Eigen::AngleAxisd(yaw, Vector3d::UnitZ()).toRotationMatrix() * robot_rest_rotation[k];
        auto pin = [&](std::size_t i, double share) {
          targets.position[i][k] =
              original.position[i][k] + share * (anchor - original.position[i][k]);
          const Eigen::Quaterniond from(original.rotation[i][k]);
          targets.rotation[i][k] = from.slerp(share, Eigen::Quaterniond(flat)).toRotationMatrix();
          targets.position_weight[i][k] =
              original.position_weight[i][k] * (1 + share * (options.foot_pin_weight_factor - 1));
        };
        for (std::size_t i = f; i < end; ++i) pin(i, 1.0);
        for (int b = 1; b <= blend; ++b) {
          const double share = 1.0 - static_cast<double>(b) / (blend + 1);
          if (f >= static_cast<std::size_t>(b) &&
              !result.detected_contacts[f - static_cast<std::size_t>(b)]
                                       [static_cast<std::size_t>(side)]) {
            pin(f - static_cast<std::size_t>(b), share);
          }
          const std::size_t after = end - 1 + static_cast<std::size_t>(b);
          if (after < num_frames &&
              !result.detected_contacts[after][static_cast<std::size_t>(side)]) {
            pin(after, share);
          }
        }
        f = end;
      }
    }
  }

  // --- Per-frame IK: variables are the base's six dofs and every joint outside the hands. ---
  std::vector<int> var_dof;    // dof index per variable
  std::vector<int> var_joint;  // RobotSpec joint per variable, -1 for base dofs
  for (int k = 0; k < 6; ++k) {
    var_dof.push_back(addr.base_dof + k);
    var_joint.push_back(-1);
  }
  for (int j = 0; j < nj; ++j) {
    const std::string& group = spec.joints[static_cast<std::size_t>(j)].group;
    if (group == "left_hand" || group == "right_hand") continue;
    var_dof.push_back(addr.dof[static_cast<std::size_t>(j)]);
    var_joint.push_back(j);
  }
  const int nvar = static_cast<int>(var_dof.size());

  mju_copy(d->qpos, m->qpos0, m->nq);
  for (int k = 0; k < 3; ++k) d->qpos[addr.base_qpos + k] = 0;
  d->qpos[addr.base_qpos + 2] = spec.standing_base_height_m;
  for (int j = 0; j < nj; ++j) {
    d->qpos[addr.qpos[static_cast<std::size_t>(j)]] =
        spec.joints[static_cast<std::size_t>(j)].nominal_rad;
  }

  qp::DenseQpSolver solver;
  qp::QpProblem problem;
  problem.H.resize(nvar, nvar);
  problem.g.resize(nvar);
  problem.A_eq.resize(0, nvar);
  problem.b_eq.resize(0);
  problem.C.resize(0, nvar);
  problem.c_lower.resize(0);
  problem.c_upper.resize(0);
  problem.x_lower.resize(nvar);
  problem.x_upper.resize(nvar);
  qp::QpOptions qp_options;
  qp_options.warm_start = false;
  qp::QpResult solution;
  RowMatrix jacp(3, m->nv), jacr(3, m->nv);
  Eigen::MatrixXd jp(3, nvar), jr(3, nvar);
  std::vector<double> dq_full(static_cast<std::size_t>(m->nv));
  std::vector<double> q_prev(static_cast<std::size_t>(nj));
  std::vector<std::vector<double>> qpos_frames;
  std::vector<std::pair<BoundKind, BoundKind>> bound_kind(static_cast<std::size_t>(nvar));

  for (std::size_t f = 0; f < num_frames; ++f) {
    for (int j = 0; j < nj; ++j) {
      q_prev[static_cast<std::size_t>(j)] = d->qpos[addr.qpos[static_cast<std::size_t>(j)]];
    }
    const bool first = f == 0;
    const int iterations = first ? options.first_frame_iterations : options.iterations_per_frame;
    for (int it = 0; it < iterations; ++it) {
      mj_kinematics(m.get(), d.get());
      mj_comPos(m.get(), d.get());
      problem.H.setZero();
      problem.g.setZero();
      for (std::size_t k = 0; k < num_keypoints; ++k) {
        const KeypointMap& key = map.keypoints[k];
        const double wp = targets.position_weight[f][k];
        const double wo = key.orientation_weight;
        if (wp <= 0 && wo <= 0) continue;
        Vector3d p;
        Matrix3d r;
        RobotFramePose(d.get(), key, &p, &r);
        mj_jac(m.get(), d.get(), jacp.data(), jacr.data(), p.data(), key.robot_body);
        for (int v = 0; v < nvar; ++v) {
          jp.col(v) = jacp.col(var_dof[static_cast<std::size_t>(v)]);
          jr.col(v) = jacr.col(var_dof[static_cast<std::size_t>(v)]);
        }
        if (wp > 0 && key.relative_to >= 0) {
          // Relative keypoint: track the vector from the parent keypoint's robot point.
          Vector3d p_parent;
          Matrix3d r_parent;
          const KeypointMap& pk = map.keypoints[static_cast<std::size_t>(key.relative_to)];
          RobotFramePose(d.get(), pk, &p_parent, &r_parent);
          mj_jac(m.get(), d.get(), jacp.data(), nullptr, p_parent.data(), pk.robot_body);
          for (int v = 0; v < nvar; ++v) {
            jp.col(v) -= jacp.col(var_dof[static_cast<std::size_t>(v)]);
          }
          const Vector3d e = targets.position[f][k] - (p - p_parent);
          problem.H.noalias() += wp * jp.transpose() * jp;
          problem.g.noalias() -= wp * jp.transpose() * e;
        } else if (wp > 0) {
          const Vector3d e = targets.position[f][k] - p;
          problem.H.noalias() += wp * jp.transpose() * jp;
          problem.g.noalias() -= wp * jp.transpose() * e;
        }
        if (wo > 0) {
          const Vector3d e = RotationVector(targets.rotation[f][k] * r.transpose());
          problem.H.noalias() += wo * jr.transpose() * jr;
          problem.g.noalias() -= wo * jr.transpose() * e;
        }
      }
      for (int v = 0; v < nvar; ++v) {
        const int j = var_joint[static_cast<std::size_t>(v)];
        problem.H(v, v) += options.damping;
        if (j < 0) {
          problem.x_lower[v] = -options.max_step_rad;
          problem.x_upper[v] = options.max_step_rad;
          continue;
        }
        const model::JointSpec& js = spec.joints[static_cast<std::size_t>(j)];
        const double q = d->qpos[addr.qpos[static_cast<std::size_t>(j)]];
        const double qp_prev = q_prev[static_cast<std::size_t>(j)];
        problem.H(v, v) += options.smoothness_weight + options.posture_weight;
        problem.g[v] += options.smoothness_weight * (q - qp_prev) +
                        options.posture_weight * (q - js.nominal_rad);
        double lo = -options.max_step_rad, hi = options.max_step_rad;
        BoundKind lo_kind = BoundKind::kTrustRegion, hi_kind = BoundKind::kTrustRegion;
        if (js.limited) {
          if (js.lower_rad - q > lo) lo = js.lower_rad - q, lo_kind = BoundKind::kPosition;
          if (js.upper_rad - q < hi) hi = js.upper_rad - q, hi_kind = BoundKind::kPosition;
        }
        if (!first && js.max_velocity_radps > 0) {
          const double reach = js.max_velocity_radps / fps;
          if (qp_prev - reach - q > lo) lo = qp_prev - reach - q, lo_kind = BoundKind::kVelocity;
          if (qp_prev + reach - q < hi) hi = qp_prev + reach - q, hi_kind = BoundKind::kVelocity;
        }
        if (lo > hi) lo = hi = 0.5 * (lo + hi);
        bound_kind[static_cast<std::size_t>(v)] = {lo_kind, hi_kind};
        problem.x_lower[v] = lo;
        problem.x_upper[v] = hi;
      }
      solver.Solve(problem, qp_options, solution);
      if (solution.status != qp::QpStatus::kSolved) break;
      std::fill(dq_full.begin(), dq_full.end(), 0.0);
      for (int v = 0; v < nvar; ++v) {
        dq_full[static_cast<std::size_t>(var_dof[static_cast<std::size_t>(v)])] = solution.x[v];
      }
      mj_integratePos(m.get(), d->qpos, dq_full.data(), 1.0);
      if (it + 1 < iterations) continue;
      // Last iteration: a bound that still holds the solution back means the clip asked for
      // more than the robot allows; estimate how far (Newton step of the multiplier).
      for (int v = 0; v < nvar; ++v) {
        const int j = var_joint[static_cast<std::size_t>(v)];
        if (j < 0 || solution.y_bound.size() != nvar) continue;
        const double y = solution.y_bound[v];
        const double beyond = std::abs(y) / problem.H(v, v);
        if (beyond < options.limit_report_rad) continue;
        // y < 0: the lower bound holds the joint back; y > 0: the upper one.
        const auto& kinds = bound_kind[static_cast<std::size_t>(v)];
        const BoundKind kind = y < 0 ? kinds.first : kinds.second;
        if (kind == BoundKind::kTrustRegion) continue;
        result.violations.push_back({static_cast<int>(f),
                                     spec.joints[static_cast<std::size_t>(j)].name, beyond,
                                     kind == BoundKind::kVelocity});
      }
    }
    qpos_frames.emplace_back(d->qpos, d->qpos + m->nq);
  }

  // --- Ground penetration removal: lift the base so no sole corner is below z = 0. ---
  std::array<int, 2> sole{};
  for (std::size_t s = 0; s < 2; ++s) {
    sole[s] = mj_name2id(m.get(), mjOBJ_SITE, spec.feet[s].sole_site.c_str());
  }
  double keypoint_sum_m = 0, keypoint_max_m = 0;
  int keypoint_count = 0;
  RobotClip& clip = result.clip;
  clip.name = clip_name;
  clip.robot = spec.name;
  clip.kind = "whole_body";
  clip.fps = fps;
  for (const model::JointSpec& js : spec.joints) clip.joint_names.push_back(js.name);
  for (std::size_t f = 0; f < num_frames; ++f) {
    mju_copy(d->qpos, qpos_frames[f].data(), m->nq);
    mj_kinematics(m.get(), d.get());
    if (options.remove_ground_penetration) {
      double lowest = kInf;
      for (std::size_t s = 0; s < 2; ++s) {
        const double* p = d->site_xpos + 3 * sole[s];
        const double* r = d->site_xmat + 9 * sole[s];
        for (int c = 0; c < 4; ++c) {
          const double x = (c & 1 ? 0.5 : -0.5) * spec.feet[s].sole_length_m;
          const double y = (c & 2 ? 0.5 : -0.5) * spec.feet[s].sole_width_m;
          lowest = std::min(lowest, p[2] + r[6] * x + r[7] * y);
        }
      }
      if (lowest < 0) {
        d->qpos[addr.base_qpos + 2] -= lowest;
        mj_kinematics(m.get(), d.get());
      }
    }
    for (std::size_t k = 0; k < num_keypoints; ++k) {
      if (map.keypoints[k].position_weight <= 0) continue;
      Vector3d p;
      Matrix3d r;
      RobotFramePose(d.get(), map.keypoints[k], &p, &r);
      if (map.keypoints[k].relative_to >= 0) {
        Vector3d p_parent;
        Matrix3d r_parent;
        RobotFramePose(d.get(),
                       map.keypoints[static_cast<std::size_t>(map.keypoints[k].relative_to)],
                       &p_parent, &r_parent);
        p -= p_parent;
      }
      const double e = (original.position[f][k] - p).norm();
      keypoint_sum_m += e;
      keypoint_max_m = std::max(keypoint_max_m, e);
      ++keypoint_count;
    }
    RobotFrame frame;
    for (int j = 0; j < nj; ++j)
      frame.q_rad.push_back(d->qpos[addr.qpos[static_cast<std::size_t>(j)]]);
    for (std::size_t k = 0; k < 3; ++k)
      frame.base_pos_m[k] = d->qpos[addr.base_qpos + static_cast<int>(k)];
    for (std::size_t k = 0; k < 4; ++k) {
      frame.base_quat_wxyz[k] = d->qpos[addr.base_qpos + 3 + static_cast<int>(k)];
    }
    frame.contact = result.detected_contacts[f];
    clip.frames.push_back(frame);
  }

  result.quality = MeasureClip(spec, clip);
  result.quality.joint_limit_violations += static_cast<int>(result.violations.size());
  if (keypoint_count > 0) {
    result.quality.keypoint_error_mean_cm = 100.0 * keypoint_sum_m / keypoint_count;
    result.quality.keypoint_error_max_cm = 100.0 * keypoint_max_m;
  }
  clip.metrics = result.quality.ToJson();
  clip.metrics["scale"] = scale;
  return result;
}

}  // namespace tianmu::motion
