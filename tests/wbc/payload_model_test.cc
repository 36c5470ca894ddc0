// A held object in the controller's model: RobotDynamics::SetPayload adds its mass and inertia
// to a body exactly as MuJoCo would compile the body with the object rigidly attached.
#include <gtest/gtest.h>

#include "tianmu/control/robot_dynamics.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control {
namespace {

RobotState Nominal(const model::RobotSpec& spec) {
  RobotState s;
  s.base_position_m.z() = spec.standing_base_height_m;
  s.q_rad.resize(spec.num_joints());
  s.dq_radps.setZero(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) s.q_rad[j] = spec.joints[j].nominal_rad;
  return s;
}

TEST(Payload, MassCoMAndGravityOfAHeldObjectEnterTheModelAndLeaveAgain) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  RobotDynamics dynamics(spec);
  const RobotState state = Nominal(spec);
  dynamics.Update(state);
  const Eigen::Vector3d com0 = dynamics.CoM();
  const Eigen::VectorXd bias0 = dynamics.Bias();
  const Eigen::MatrixXd mass_matrix0 = dynamics.MassMatrix();
  const double mass0 = dynamics.total_mass_kg();
  const int hand = dynamics.model()->site_bodyid[dynamics.binding().hand_palm_site[0]];
  // 5 kg, 0.1 m below the hand body's origin, a 0.3 m cube's inertia.
  const double m = 5.0;
  const Eigen::Vector3d offset(0, 0, -0.1);
  const Eigen::Matrix3d inertia = Eigen::Matrix3d::Identity() * m * (0.09 + 0.09) / 12;
  dynamics.SetPayload(hand, m, offset, inertia);
  dynamics.Update(state);
  EXPECT_NEAR(dynamics.total_mass_kg(), mass0 + m, 1e-12);
  EXPECT_NEAR(dynamics.payload_mass_kg(), m, 1e-12);
  const Eigen::Vector3d object = dynamics.BodyPosition(hand) + dynamics.BodyRotation(hand) * offset;
  const Eigen::Vector3d expected_com = (mass0 * com0 + m * object) / (mass0 + m);
  EXPECT_LT((dynamics.CoM() - expected_com).norm(), 1e-9);
  // Gravity on the object, mapped through the point's Jacobian, is the change in bias forces
  // (the state is at rest, so only gravity differs).
  Eigen::MatrixXd J;
  dynamics.PointJacobian(hand, object, &J);
  const Eigen::VectorXd expected = bias0 - J.topRows(3).transpose() * (m * dynamics.Gravity());
  EXPECT_LT((dynamics.Bias() - expected).norm(), 1e-8 * expected.norm());
  dynamics.ClearPayload(hand);
  dynamics.Update(state);
  EXPECT_NEAR(dynamics.total_mass_kg(), mass0, 1e-12);
  EXPECT_LT((dynamics.CoM() - com0).norm(), 1e-12);
  EXPECT_LT((dynamics.Bias() - bias0).norm(), 1e-9);
  EXPECT_LT((dynamics.MassMatrix() - mass_matrix0).norm(), 1e-9);
}

TEST(Payload, InertiaOfTheCombinedBodyIsTheSumAboutTheCombinedCoM) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  RobotDynamics dynamics(spec);
  const RobotState state = Nominal(spec);
  dynamics.Update(state);
  const Eigen::MatrixXd mass_matrix0 = dynamics.MassMatrix();
  const int hand = dynamics.model()->site_bodyid[dynamics.binding().hand_palm_site[1]];
  // A payload with no mass offset and a pure inertia must raise the mass matrix by exactly
  // J_ωᵀ I J_ω + m J_pᵀ J_p at the body's CoM: compare one wrist joint's diagonal entry.
  const Eigen::Matrix3d inertia = Eigen::Vector3d(0.02, 0.03, 0.04).asDiagonal();
  const Eigen::Vector3d own_com(dynamics.model()->body_ipos[3 * hand],
                                dynamics.model()->body_ipos[3 * hand + 1],
                                dynamics.model()->body_ipos[3 * hand + 2]);
  dynamics.SetPayload(hand, 1.0, own_com, inertia);
  dynamics.Update(state);
  Eigen::MatrixXd J;
  const Eigen::Vector3d point = dynamics.BodyPosition(hand) + dynamics.BodyRotation(hand) * own_com;
  dynamics.PointJacobian(hand, point, &J);
  const Eigen::Matrix3d R = dynamics.BodyRotation(hand);
  const Eigen::MatrixXd added =
      J.bottomRows(3).transpose() * R * inertia * R.transpose() * J.bottomRows(3) +
      1.0 * J.topRows(3).transpose() * J.topRows(3);
  EXPECT_LT((dynamics.MassMatrix() - mass_matrix0 - added).norm(), 1e-9);
}

}  // namespace
}  // namespace tianmu::control
