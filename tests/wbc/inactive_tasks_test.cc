// Hand and gaze tasks without a target leave the whole-body QP's solution bit for bit as it was
// without them: what lets the controller carry them always without changing standing or walking.
#include <gtest/gtest.h>

#include "tianmu/control/wbc/com_task.h"
#include "tianmu/control/wbc/gaze_task.h"
#include "tianmu/control/wbc/hand_pose_task.h"
#include "tianmu/control/wbc/posture_task.h"
#include "tianmu/control/wbc/whole_body_qp.h"
#include "tianmu/core/rng.h"

namespace tianmu::control::wbc {
namespace {

TEST(InactiveManipulationTasks, LeaveTheWholeBodySolutionBitIdentical) {
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
  const int camera = mj_name2id(dynamics.model(), mjOBJ_CAMERA, spec.head_camera.c_str());
  HandPoseTask hand("left_hand", dynamics.binding().hand_palm_site[0], dynamics.nv(), 30, 3,
                    {100, 20}, {100, 20});
  GazeTask gaze("gaze", dynamics.model(), camera, 10, {60, 15});
  WholeBodyQp without(spec, dynamics, contacts);
  WholeBodyQp with(spec, dynamics, contacts);
  for (WholeBodyQp* qp : {&without, &with}) {
    qp->AddTask(&com);
    qp->AddTask(&posture);
  }
  with.AddTask(&hand);
  with.AddTask(&gaze);
  // A target set and cleared again must leave nothing behind either.
  hand.SetTarget(Eigen::Vector3d(0.4, 0.2, 1.0), Eigen::Matrix3d::Identity());
  gaze.SetTarget(Eigen::Vector3d(2, 0, 1));
  hand.ClearTarget();
  gaze.ClearTarget();
  Rng rng(4);
  for (int trial = 0; trial < 5; ++trial) {
    RobotState state;
    state.base_position_m.z() = spec.standing_base_height_m;
    state.base_linear_velocity_mps = Eigen::Vector3d(rng.Gaussian(0.1), rng.Gaussian(0.1), 0);
    state.q_rad.resize(n);
    state.dq_radps.resize(n);
    for (int j = 0; j < n; ++j) {
      state.q_rad[j] = spec.joints[j].nominal_rad + rng.Uniform(-0.05, 0.05);
      state.dq_radps[j] = rng.Gaussian(0.2);
    }
    dynamics.Update(state);
    posture.SetReference(Eigen::Map<const Eigen::VectorXd>(spec.NominalPosture().data(), n));
    com.SetReference(dynamics.CoM() + Eigen::Vector3d(0.01, 0, 0), Eigen::Vector3d::Zero(),
                     Eigen::Vector3d::Zero());
    WholeBodySolution a, b;
    const std::vector<double> temperature(n, 25.0);
    ASSERT_TRUE(without.Solve(dynamics, temperature, &a));
    ASSERT_TRUE(with.Solve(dynamics, temperature, &b));
    // Exact equality, not a tolerance: the inactive tasks' cost terms are exact zeros.
    EXPECT_TRUE((a.joint_acceleration.array() == b.joint_acceleration.array()).all());
    EXPECT_TRUE((a.torque_Nm.array() == b.torque_Nm.array()).all());
    EXPECT_EQ(a.iterations, b.iterations);
  }
}

}  // namespace
}  // namespace tianmu::control::wbc
