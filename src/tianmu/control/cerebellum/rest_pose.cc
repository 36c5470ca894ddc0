#include "tianmu/control/cerebellum/rest_pose.h"

#include <mujoco/mujoco.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "tianmu/control/locomotion/support_polygon.h"
#include "tianmu/model/robot_binding.h"

namespace tianmu::control {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Lowering stops once the CoM is this share of its standing height (a deeper crouch buys no
// safety and brings the pelvis near the ground).
constexpr double kLowestComFraction = 0.45;
constexpr double kDescentStepM = 0.005;  // CoM height asked for per iteration
constexpr int kMaxIterations = 400;
constexpr int kPolishIterations = 60;
// The rest CoM may lie anywhere within this share of the soles' half-length of their middle.
constexpr double kComBandShare = 0.4;

Eigen::Matrix3d Mat(const mjtNum* m) {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(m);
}

Eigen::Vector3d RotationError(const Eigen::Matrix3d& desired, const Eigen::Matrix3d& current) {
  const Eigen::AngleAxisd aa(desired * current.transpose());
  return aa.angle() * aa.axis();
}

// Kinematic solver for the crouch: soles pinned, CoM over its standing point, base roll and yaw
// held; the CoM sinks (derived rest) or the legs follow the declared posture.
class CrouchSolver {
 public:
  CrouchSolver(const model::RobotSpec& spec, double margin_rad, double stance_width_m)
      : spec_(spec),
        m_(spec.model.get()),
        d_(model::MakeData(m_)),
        b_(model::BindRobot(spec, m_)),
        margin_rad_(margin_rad),
        stance_width_m_(stance_width_m) {
    for (int j = 0; j < spec.num_joints(); ++j) {
      const std::string& g = spec.joints[j].group;
      if (g.size() > 4 && g.compare(g.size() - 4, 4, "_leg") == 0) leg_joints_.push_back(j);
    }
    // Variables: the base's six dofs, then the leg joints.
    for (int k = 0; k < 6; ++k) dofs_.push_back(b_.base_dof_adr + k);
    for (int j : leg_joints_) dofs_.push_back(b_.joint_dof_adr[j]);
  }

  // Base upright at the origin, joints at `q`; records the soles and the standing frame.
  void Start(const std::vector<double>& q) {
    mj_resetData(m_, d_.get());
    double* base = d_->qpos + b_.base_qpos_adr;
    base[3] = 1;
    for (int j = 0; j < spec_.num_joints(); ++j) d_->qpos[b_.joint_qpos_adr[j]] = q[j];
    Forward();
    for (int f = 0; f < 2; ++f) {
      const int site = b_.feet[f].sole_site;
      sole_p_[f] = Eigen::Map<const Eigen::Vector3d>(d_->site_xpos + 3 * site);
      sole_R_[f] = Mat(d_->site_xmat + 9 * site);
    }
    const double yaw0 = std::atan2(sole_R_[0](1, 0), sole_R_[0](0, 0));
    const double yaw1 = std::atan2(sole_R_[1](1, 0), sole_R_[1](0, 0));
    const double yaw = yaw0 + 0.5 * std::remainder(yaw1 - yaw0, 2 * M_PI);
    heading_ = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
    origin_ = 0.5 * (sole_p_[0] + sole_p_[1]);
    if (stance_width_m_ > 0) {
      // Both soles move sideways, symmetrically, to the requested width.
      const Eigen::Vector3d across = heading_.col(1);
      const double now = across.dot(sole_p_[0] - sole_p_[1]);
      for (int f = 0; f < 2; ++f) {
        sole_p_[f] += (f == 0 ? 0.5 : -0.5) * (stance_width_m_ - now) * across;
      }
    }
    com_target_ = origin_;
    com_target_.z() = Com().z();
    com_band_m_ =
        kComBandShare * 0.5 * std::min(spec_.feet[0].sole_length_m, spec_.feet[1].sole_length_m);
    base_R_ = Mat(d_->xmat + 9 * b_.base_body);
  }

  // One damped least-squares step; `com_dz_m` lowers the CoM target, `posture` (when not null)
  // pulls the legs towards it. Joints stop `margin_rad_` short of their limits.
  void Step(double com_dz_m, const std::vector<double>* posture) {
    com_target_.z() += com_dz_m;
    const int nv = m_->nv;
    const int n = static_cast<int>(dofs_.size());
    const int rows = 12 + 3 + 2 + (posture ? static_cast<int>(leg_joints_.size()) : 0);
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(rows, n);
    Eigen::VectorXd e = Eigen::VectorXd::Zero(rows), w = Eigen::VectorXd::Zero(rows);
    RowMatrix jp(3, nv), jr(3, nv);
    int r = 0;
    auto take = [&](const RowMatrix& full, int row, double weight, double error) {
      for (int i = 0; i < n; ++i) J(r, i) = full(row, dofs_[i]);
      e[r] = error;
      w[r] = weight;
      ++r;
    };
    for (int f = 0; f < 2; ++f) {
      const int site = b_.feet[f].sole_site;
      mj_jacSite(m_, d_.get(), jp.data(), jr.data(), site);
      const Eigen::Vector3d dp =
          sole_p_[f] - Eigen::Map<const Eigen::Vector3d>(d_->site_xpos + 3 * site);
      const Eigen::Vector3d dr = RotationError(sole_R_[f], Mat(d_->site_xmat + 9 * site));
      for (int k = 0; k < 3; ++k) take(jp, k, 100, dp[k]);
      for (int k = 0; k < 3; ++k) take(jr, k, 100, dr[k]);
    }
    mj_jacSubtreeCom(m_, d_.get(), jp.data(), b_.base_body);
    Eigen::Vector3d dc = com_target_ - Com();
    // Forward and back, anywhere in the central part of the soles will do (the joints' stops
    // decide where): only the distance outside that band counts.
    const double along = heading_.col(0).head<2>().dot(dc.head<2>());
    const double slack = std::clamp(along, -com_band_m_, com_band_m_);
    dc.head<2>() -= slack * heading_.col(0).head<2>();
    // Following a declared posture, the CoM height is whatever the posture gives.
    for (int k = 0; k < 3; ++k) take(jp, k, k < 2 ? 10 : (posture ? 0 : 1), dc[k]);
    // Base roll and yaw in the standing frame stay; pitch is free (the trunk leans to balance).
    mj_jacBody(m_, d_.get(), nullptr, jr.data(), b_.base_body);
    const RowMatrix jr_heading = heading_.transpose() * jr;
    const Eigen::Vector3d db =
        heading_.transpose() * RotationError(base_R_, Mat(d_->xmat + 9 * b_.base_body));
    take(jr_heading, 0, 10, db.x());
    take(jr_heading, 2, 10, db.z());
    if (posture) {
      for (std::size_t i = 0; i < leg_joints_.size(); ++i) {
        const int j = leg_joints_[i];
        J(r, 6 + static_cast<int>(i)) = 1;
        e[r] = (*posture)[j] - d_->qpos[b_.joint_qpos_adr[j]];
        w[r] = 1;
        ++r;
      }
    }
    // Joints that would pass their stop are held there and the step solved again.
    std::vector<bool> held(n, false);
    Eigen::VectorXd dx;
    for (int pass = 0; pass < 4; ++pass) {
      Eigen::MatrixXd A = J.transpose() * w.asDiagonal() * J;
      A.diagonal().array() += 1e-4;
      for (int i = 0; i < n; ++i) {
        if (!held[i]) continue;
        A.row(i).setZero();
        A.col(i).setZero();
        A(i, i) = 1;
      }
      Eigen::VectorXd g = J.transpose() * w.asDiagonal() * e;
      for (int i = 0; i < n; ++i) {
        if (held[i]) g[i] = 0;
      }
      dx = A.ldlt().solve(g);
      bool changed = false;
      for (std::size_t i = 0; i < leg_joints_.size(); ++i) {
        const int v = 6 + static_cast<int>(i);
        const model::JointSpec& joint = spec_.joints[leg_joints_[i]];
        if (held[v] || !joint.limited) continue;
        const double q = d_->qpos[b_.joint_qpos_adr[leg_joints_[i]]] + dx[v];
        if (q < joint.lower_rad + margin_rad_ || q > joint.upper_rad - margin_rad_) {
          held[v] = true;
          changed = true;
        }
      }
      if (!changed) break;
    }
    std::vector<double> dq(nv, 0.0);
    for (int i = 0; i < n; ++i) dq[dofs_[i]] = dx[i];
    mj_integratePos(m_, d_->qpos, dq.data(), 1);
    for (int j : leg_joints_) {
      const model::JointSpec& joint = spec_.joints[j];
      double& q = d_->qpos[b_.joint_qpos_adr[j]];
      if (joint.limited) {
        q = std::clamp(q, joint.lower_rad + margin_rad_, joint.upper_rad - margin_rad_);
      }
    }
    Forward();
  }

  Eigen::Vector3d Com() const {
    return Eigen::Map<const Eigen::Vector3d>(d_->subtree_com + 3 * b_.base_body);
  }
  void HoldComHeight() { com_target_.z() = Com().z(); }

  // The result in the standing frame.
  RestPose Result(int torso_body) const {
    RestPose out;
    out.q_rad.resize(spec_.num_joints());
    for (int j = 0; j < spec_.num_joints(); ++j) out.q_rad[j] = d_->qpos[b_.joint_qpos_adr[j]];
    out.com_m = heading_.transpose() * (Com() - origin_);
    out.pelvis_R = heading_.transpose() * Mat(d_->xmat + 9 * b_.base_body);
    if (torso_body >= 0) out.torso_R = heading_.transpose() * Mat(d_->xmat + 9 * torso_body);
    std::array<locomotion::FootPose, 2> feet;
    for (int f = 0; f < 2; ++f) {
      const Eigen::Vector3d p =
          Eigen::Map<const Eigen::Vector3d>(d_->site_xpos + 3 * b_.feet[f].sole_site);
      out.sole_error_m = std::max(out.sole_error_m, (p - sole_p_[f]).norm());
      feet[f].position_m = heading_.transpose() * (p - origin_);
      const Eigen::Matrix3d R =
          heading_.transpose() * Mat(d_->site_xmat + 9 * b_.feet[f].sole_site);
      feet[f].yaw_rad = std::atan2(R(1, 0), R(0, 0));
    }
    out.stance_width_m = std::abs(feet[0].position_m.y() - feet[1].position_m.y());
    const locomotion::SupportPolygon support = locomotion::SupportPolygon::FromFeet(
        feet[0], feet[1], std::min(spec_.feet[0].sole_length_m, spec_.feet[1].sole_length_m),
        std::min(spec_.feet[0].sole_width_m, spec_.feet[1].sole_width_m), 0);
    out.support_margin_m = -support.SignedDistance(out.com_m.head<2>());
    return out;
  }

  const std::vector<int>& leg_joints() const { return leg_joints_; }
  double ComHeight() const { return Com().z() - origin_.z(); }

 private:
  void Forward() {
    mj_kinematics(m_, d_.get());
    mj_comPos(m_, d_.get());
  }

  const model::RobotSpec& spec_;
  const mjModel* m_;
  model::MjDataPtr d_;
  model::RobotBinding b_;
  double margin_rad_;
  double stance_width_m_;
  std::vector<int> leg_joints_;
  std::vector<int> dofs_;
  std::array<Eigen::Vector3d, 2> sole_p_;
  std::array<Eigen::Matrix3d, 2> sole_R_;
  Eigen::Matrix3d heading_ = Eigen::Matrix3d::Identity();
  Eigen::Matrix3d base_R_ = Eigen::Matrix3d::Identity();
  Eigen::Vector3d origin_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d com_target_ = Eigen::Vector3d::Zero();
  double com_band_m_ = 0;  ///< the CoM may sit this far ahead of or behind the soles' middle
};

}  // namespace

RestPose ComputeRestPose(const model::RobotSpec& spec, int torso_body, double stance_width_m,
                         double joint_margin_rad) {
  CrouchSolver solver(spec, joint_margin_rad, stance_width_m);
  const std::vector<double> nominal = spec.NominalPosture();
  const std::vector<double> declared = spec.RestPosture();
  solver.Start(nominal);
  const double standing_com_m = solver.ComHeight();
  if (!declared.empty()) {
    // The declared posture decides the crouch; the CoM keeps its standing point over the soles.
    // Non-leg joints take the declared rest (the solver moves only the legs and the base).
    std::vector<double> start = declared;
    for (int j : solver.leg_joints()) start[j] = nominal[j];
    solver.Start(start);
    for (int i = 0; i < kMaxIterations; ++i) solver.Step(0, &declared);
  } else {
    // The CoM sinks with the soles pinned and the CoM over their middle until the joints reach
    // their stops: the crouch where damping (or the brakes) have least left to do.
    std::vector<double> heights;
    for (int i = 0; i < kMaxIterations; ++i) {
      if (solver.ComHeight() <= kLowestComFraction * standing_com_m) break;
      solver.Step(-kDescentStepM, nullptr);
      heights.push_back(solver.ComHeight());
      // Stop once the joint ranges allow no more than a millimetre per 20 iterations.
      if (heights.size() > 20 && heights[heights.size() - 21] - heights.back() < 1e-3) break;
    }
    solver.HoldComHeight();
    for (int i = 0; i < kPolishIterations; ++i) solver.Step(0, nullptr);
  }
  RestPose pose = solver.Result(torso_body);
  pose.standing_com_height_m = standing_com_m;
  pose.source = declared.empty() ? "derived from the legs" : "robot.yaml rest_posture";
  return pose;
}

}  // namespace tianmu::control
