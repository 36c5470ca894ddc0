// Known external forces in the whole-body QP (a palm pressing on an object): the solution obeys
// the floating-base dynamics with the object's reaction in them, and the joints produce the
// force feed-forward.
#include <gtest/gtest.h>

#include <cmath>

#include "tianmu/control/wbc/com_task.h"
#include "tianmu/control/wbc/posture_task.h"
#include "tianmu/control/wbc/whole_body_qp.h"
#include "tianmu/core/rng.h"

namespace tianmu::control::wbc {
namespace {

TEST(ExternalForce, TheSolutionObeysTheDynamicsWithThePalmsReactionInThem) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  RobotDynamics dynamics(spec);
  std::array<ContactParameters, 2> contacts;
  for (int f = 0; f < 2; ++f) {
    contacts[f].sole_site = dynamics.binding().feet[f].sole_site;
    contacts[f].sole_length_m = spec.feet[f].sole_length_m;
    contacts[f].sole_width_m = spec.feet[f].sole_width_m;
  }
  const int n = spec.num_joints();
  PostureTask posture(dynamics, std::vector<double>(n, 100), std::vector<double>(n, 20),
                      std::vector<double>(n, 0.1));
  CoMTask com(Eigen::Vector3d::Constant(100), Eigen::Vector3d::Constant(50),
              Eigen::Vector3d::Constant(10));
  WholeBodyQp qp(spec, dynamics, contacts);
  qp.AddTask(&com);
  qp.AddTask(&posture);
  const int palm = dynamics.binding().hand_palm_site[0];
  Rng rng(7);
  for (int trial = 0; trial < 5; ++trial) {
    RobotState state;
    state.base_position_m.z() = spec.standing_base_height_m;
    state.q_rad.resize(n);
    state.dq_radps.resize(n);
    for (int j = 0; j < n; ++j) {
      state.q_rad[j] = spec.joints[j].nominal_rad + rng.Uniform(-0.05, 0.05);
      state.dq_radps[j] = rng.Gaussian(0.1);
    }
    dynamics.Update(state);
    posture.SetReference(Eigen::Map<const Eigen::VectorXd>(spec.NominalPosture().data(), n));
    com.SetReference(dynamics.CoM(), Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero());
    // The left palm presses sideways on something with 40 N; it pushes back.
    const Eigen::Vector3d force_on_object_N(rng.Gaussian(10), -40, rng.Gaussian(10));
    Eigen::MatrixXd palm_jacobian;
    dynamics.SiteJacobian(palm, &palm_jacobian);
    const Eigen::VectorXd external = -palm_jacobian.topRows<3>().transpose() * force_on_object_N;
    const std::vector<double> temperature(n, 25.0);
    WholeBodySolution free, pressing;
    qp.ClearExternalGeneralizedForce();
    ASSERT_TRUE(qp.Solve(dynamics, temperature, &free));
    qp.SetExternalGeneralizedForce(external);
    ASSERT_TRUE(qp.Solve(dynamics, temperature, &pressing));

    // M q̈ + h = Sᵀτ + Σ J_cᵀ w + f_ext, every row (the base's rows have no torque).
    Eigen::VectorXd residual =
        dynamics.MassMatrix() * pressing.joint_acceleration + dynamics.Bias() - external;
    for (int f = 0; f < 2; ++f) {
      Eigen::MatrixXd sole_jacobian;
      dynamics.SiteJacobian(contacts[f].sole_site, &sole_jacobian);
      residual -= sole_jacobian.transpose() * pressing.wrench[f];
    }
    for (int j = 0; j < n; ++j) residual[dynamics.JointDof(j)] -= pressing.torque_Nm[j];
    for (int k = 0; k < 6; ++k) EXPECT_NEAR(residual[dynamics.BaseDof() + k], 0, 1e-6) << k;
    for (int j = 0; j < n; ++j) EXPECT_NEAR(residual[dynamics.JointDof(j)], 0, 1e-6) << j;
    // The pressing arm's torques change by about Jᵀ f: the force is produced feed-forward.
    double arm_change = 0, arm_expected = 0;
    for (int j = 0; j < n; ++j) {
      if (spec.joints[j].group != "left_arm") continue;
      const int dof = dynamics.JointDof(j);
      arm_change += std::abs(pressing.torque_Nm[j] - free.torque_Nm[j]);
      arm_expected += std::abs(external[dof]);
    }
    ASSERT_GT(arm_expected, 1.0);
    EXPECT_NEAR(arm_change, arm_expected, 0.2 * arm_expected);
  }
}

TEST(ExternalForce, AWrongSizeOrNonFiniteForceIsIgnored) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  RobotDynamics dynamics(spec);
  std::array<ContactParameters, 2> contacts;
  for (int f = 0; f < 2; ++f) contacts[f].sole_site = dynamics.binding().feet[f].sole_site;
  WholeBodyQp qp(spec, dynamics, contacts);
  EXPECT_FALSE(qp.has_external_force());
  qp.SetExternalGeneralizedForce(Eigen::VectorXd::Ones(3));
  EXPECT_FALSE(qp.has_external_force());
  Eigen::VectorXd bad = Eigen::VectorXd::Zero(dynamics.nv());
  bad[0] = std::nan("");
  qp.SetExternalGeneralizedForce(bad);
  EXPECT_FALSE(qp.has_external_force());
  qp.SetExternalGeneralizedForce(Eigen::VectorXd::Zero(dynamics.nv()));
  EXPECT_TRUE(qp.has_external_force());
}

}  // namespace
}  // namespace tianmu::control::wbc
