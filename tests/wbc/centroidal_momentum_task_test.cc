// The centroidal momentum task asks for CoM acceleration and angular momentum rate through the
// contact wrenches; checked against MuJoCo's own kinematics of the robot moving along the QP's
// joint accelerations (central differences of the CoM and of the angular momentum), with the base
// turning and the joints moving, where a CoM task without J̇ v would be off.
#include "tianmu/control/wbc/centroidal_momentum_task.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tianmu/control/robot_dynamics.h"
#include "tianmu/control/wbc/posture_task.h"
#include "tianmu/control/wbc/whole_body_qp.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control::wbc {
namespace {

struct Motion {
  Eigen::Vector3d com_m;
  Eigen::Vector3d angular_momentum;
};

// CoM and angular momentum about it with q(t) = q0 ⊕ (v t + a t²/2) and v(t) = v + a t.
Motion Along(const mjModel* m, mjData* d, const Eigen::VectorXd& q0, const Eigen::VectorXd& v,
             const Eigen::VectorXd& a, double t, int base_body) {
  Eigen::VectorXd step = v + 0.5 * a * t;
  for (int i = 0; i < m->nq; ++i) d->qpos[i] = q0[i];
  mj_integratePos(m, d->qpos, step.data(), t);
  for (int i = 0; i < m->nv; ++i) d->qvel[i] = v[i] + a[i] * t;
  mj_kinematics(m, d);
  mj_comPos(m, d);
  mj_comVel(m, d);
  mj_subtreeVel(m, d);
  return {Eigen::Map<const Eigen::Vector3d>(d->subtree_com + 3 * base_body),
          Eigen::Map<const Eigen::Vector3d>(d->subtree_angmom + 3 * base_body)};
}

class CentroidalMomentumTaskTest : public ::testing::Test {
 protected:
  CentroidalMomentumTaskTest() : spec_(model::LoadRobotByNameOrPath("tm1")), dynamics_(spec_) {
    state_.base_position_m.z() = spec_.standing_base_height_m;
    state_.q_rad.resize(spec_.num_joints());
    state_.dq_radps.resize(spec_.num_joints());
    for (int j = 0; j < spec_.num_joints(); ++j) {
      state_.q_rad[j] = spec_.joints[j].nominal_rad;
      state_.dq_radps[j] = 0.8 * std::sin(1.7 * j + 0.3);  // every joint moving
    }
    state_.base_linear_velocity_mps << 0.3, -0.2, 0.05;
    state_.base_angular_velocity_radps << 0.6, -0.5, 0.4;
    dynamics_.Update(state_);
    for (int f = 0; f < 2; ++f) {
      contacts_[f].sole_site = dynamics_.binding().feet[f].sole_site;
      contacts_[f].sole_length_m = spec_.feet[f].sole_length_m;
      contacts_[f].sole_width_m = spec_.feet[f].sole_width_m;
    }
    // The soles stand still: the motion is projected onto the null space of their Jacobians.
    Eigen::MatrixXd soles(12, dynamics_.nv()), sole;
    for (int f = 0; f < 2; ++f) {
      dynamics_.SiteJacobian(contacts_[f].sole_site, &sole);
      soles.middleRows(6 * f, 6) = sole;
    }
    Eigen::VectorXd v = dynamics_.Velocity();
    v -= soles.completeOrthogonalDecomposition().solve(soles * v);
    const int b = dynamics_.BaseDof();
    state_.base_linear_velocity_mps = v.segment<3>(b);
    state_.base_angular_velocity_radps = v.segment<3>(b + 3);
    for (int j = 0; j < spec_.num_joints(); ++j) state_.dq_radps[j] = v[dynamics_.JointDof(j)];
    dynamics_.Update(state_);
  }

  // Solves with the task (and a light posture task for the redundancy) and returns q̈ and the
  // contact wrenches.
  WholeBodySolution Solve(CentroidalMomentumTask* task, std::array<bool, 2> stance,
                          double posture_weight = 0.01) {
    WholeBodyQp qp(spec_, dynamics_, contacts_);
    PostureTask posture(dynamics_, std::vector<double>(spec_.num_joints(), 100),
                        std::vector<double>(spec_.num_joints(), 20),
                        std::vector<double>(spec_.num_joints(), posture_weight));
    posture.SetReference(state_.q_rad);
    qp.AddTask(task);
    qp.AddTask(&posture);
    qp.SetContacts(stance);
    WholeBodySolution solution;
    EXPECT_TRUE(qp.Solve(dynamics_, std::vector<double>(spec_.num_joints(), 25.0), &solution));
    return solution;
  }

  // The CoM acceleration and angular momentum rate MuJoCo's kinematics give for `qdd`.
  std::pair<Eigen::Vector3d, Eigen::Vector3d> Rates(const Eigen::VectorXd& qdd) {
    const mjModel* m = dynamics_.model();
    model::MjDataPtr d = model::MakeData(m);
    Eigen::VectorXd q0(m->nq), v(m->nv);
    for (int i = 0; i < m->nq; ++i) q0[i] = dynamics_.data()->qpos[i];
    v = dynamics_.Velocity();
    const int base = dynamics_.binding().base_body;
    const double h = 1e-4;
    const Motion before = Along(m, d.get(), q0, v, qdd, -h, base);
    const Motion now = Along(m, d.get(), q0, v, qdd, 0, base);
    const Motion after = Along(m, d.get(), q0, v, qdd, h, base);
    return {(after.com_m - 2 * now.com_m + before.com_m) / (h * h),
            (after.angular_momentum - before.angular_momentum) / (2 * h)};
  }

  Eigen::Vector3d ContactMomentAboutCoM(const WholeBodySolution& s) const {
    Eigen::Vector3d moment = Eigen::Vector3d::Zero();
    for (int f = 0; f < 2; ++f) {
      const Eigen::Vector3d r = dynamics_.SitePosition(contacts_[f].sole_site) - dynamics_.CoM();
      moment += r.cross(s.wrench[f].head<3>()) + s.wrench[f].tail<3>();
    }
    return moment;
  }

  model::RobotSpec spec_;
  RobotDynamics dynamics_;
  RobotState state_;
  std::array<ContactParameters, 2> contacts_;
};

TEST_F(CentroidalMomentumTaskTest, TheRobotsCoMAccelerationIsTheOneAskedFor) {
  CentroidalMomentumGains gains;
  gains.angular_weight = 0;
  CentroidalMomentumTask task({contacts_[0].sole_site, contacts_[1].sole_site}, gains);
  const Eigen::Vector3d asked(0.4, -0.3, 0.2);
  task.SetReference(dynamics_.CoM(), dynamics_.CoMVelocity(), asked);
  for (std::array<bool, 2> stance : {std::array<bool, 2>{true, true}, {true, false}}) {
    const WholeBodySolution s = Solve(&task, stance);
    const auto [com_acceleration, angular_rate] = Rates(s.joint_acceleration);
    // Within a few cm/s² (the posture task's pull on the redundancy), 0.5 m/s² asked.
    EXPECT_LT((com_acceleration - asked).norm(), 0.03) << com_acceleration.transpose();
    // Newton–Euler: the wrenches are what moves the robot.
    const Eigen::Vector3d force = s.wrench[0].head<3>() + s.wrench[1].head<3>();
    EXPECT_LT((force / dynamics_.total_mass_kg() + dynamics_.Gravity() - com_acceleration).norm(),
              0.01);
    EXPECT_LT((ContactMomentAboutCoM(s) - angular_rate).norm(), 0.05 * (1 + angular_rate.norm()))
        << ContactMomentAboutCoM(s).transpose() << " vs " << angular_rate.transpose();
    // What a CoM task on J_com q̈ alone would have believed: off by J̇_com v (~0.13 m/s² here),
    // several times what the task misses by.
    const Eigen::Vector3d kinematic_only = dynamics_.CoMJacobian() * s.joint_acceleration;
    EXPECT_GT((kinematic_only - com_acceleration).norm(), 0.1);
  }
}

TEST_F(CentroidalMomentumTaskTest, AngularMomentumIsDampedWhenWeighted) {
  const Eigen::Vector3d momentum = dynamics_.CentroidalAngularMomentum();
  ASSERT_GT(momentum.norm(), 1.0);
  CentroidalMomentumGains gains;
  gains.angular_weight = 100;
  gains.angular_damping_per_s = 5;
  CentroidalMomentumTask task({contacts_[0].sole_site, contacts_[1].sole_site}, gains);
  task.SetReference(dynamics_.CoM(), dynamics_.CoMVelocity(), Eigen::Vector3d::Zero());
  const WholeBodySolution s = Solve(&task, {true, true}, 1e-5);
  const auto [com_acceleration, angular_rate] = Rates(s.joint_acceleration);
  EXPECT_LT((angular_rate + 5 * momentum).norm(), 0.1 * 5 * momentum.norm())
      << angular_rate.transpose() << " for L " << momentum.transpose();
  EXPECT_LT(com_acceleration.norm(), 0.05);
}

}  // namespace
}  // namespace tianmu::control::wbc
