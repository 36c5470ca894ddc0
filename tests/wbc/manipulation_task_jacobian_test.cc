// The hand pose and gaze tasks' rows against MuJoCo: their Jacobians predict the change of the
// palm pose and of the gaze error along a random velocity, by central finite differences of
// MuJoCo's own kinematics (mj_kinematics, mj_camlight) on the controller's model.
#include <gtest/gtest.h>

#include "tianmu/control/robot_dynamics.h"
#include "tianmu/control/wbc/gaze_task.h"
#include "tianmu/control/wbc/hand_pose_task.h"
#include "tianmu/control/wbc/orientation_task.h"
#include "tianmu/core/rng.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control::wbc {
namespace {

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

// A random state near the nominal posture: joints within ±0.3 rad (clamped to their ranges),
// the base tilted, random velocities.
RobotState RandomState(const model::RobotSpec& spec, Rng* rng) {
  RobotState s;
  s.base_position_m =
      Eigen::Vector3d(rng->Uniform(-1, 1), rng->Uniform(-1, 1), spec.standing_base_height_m);
  s.base_orientation = Eigen::AngleAxisd(rng->Uniform(-3, 3), Eigen::Vector3d::UnitZ()) *
                       Eigen::AngleAxisd(rng->Uniform(-0.2, 0.2), Eigen::Vector3d::UnitX()) *
                       Eigen::AngleAxisd(rng->Uniform(-0.2, 0.2), Eigen::Vector3d::UnitY());
  s.base_linear_velocity_mps = Eigen::Vector3d(rng->Gaussian(0.3), rng->Gaussian(0.3), 0);
  s.base_angular_velocity_radps = Eigen::Vector3d(rng->Gaussian(0.3), rng->Gaussian(0.3), 0);
  s.q_rad.resize(spec.num_joints());
  s.dq_radps.resize(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) {
    const model::JointSpec& joint = spec.joints[j];
    double q = joint.nominal_rad + rng->Uniform(-0.3, 0.3);
    if (joint.limited) q = std::clamp(q, joint.lower_rad, joint.upper_rad);
    s.q_rad[j] = q;
    s.dq_radps[j] = rng->Gaussian(1.0);
  }
  return s;
}

// MuJoCo's kinematics (and camera poses) of the controller's model at qpos ⊕ t·v.
model::MjDataPtr Displaced(const RobotDynamics& dynamics, double t) {
  const mjModel* m = dynamics.model();
  model::MjDataPtr d = model::MakeData(m);
  mju_copy(d->qpos, dynamics.data()->qpos, m->nq);
  mj_integratePos(m, d->qpos, dynamics.data()->qvel, t);
  mj_kinematics(m, d.get());
  mj_comPos(m, d.get());
  mj_camlight(m, d.get());
  return d;
}

Eigen::Matrix3d RowMajor3(const mjtNum* x) {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(x);
}

// The finite-difference step: the central difference's error is O(ε²) ~ 1e-10 relative, far
// below the 1e-6 tolerance; round-off is ~1e-16/ε ~ 1e-10.
constexpr double kEps = 1e-6;

TEST(HandPoseTask, JacobianPredictsThePalmVelocityOfMujocoFiniteDifferences) {
  const model::RobotSpec& spec = Tm1();
  RobotDynamics dynamics(spec);
  ASSERT_EQ(spec.hands.size(), 2u);
  Rng rng(7);
  for (int trial = 0; trial < 5; ++trial) {
    dynamics.Update(RandomState(spec, &rng));
    for (std::size_t h = 0; h < spec.hands.size(); ++h) {
      const int site = dynamics.binding().hand_palm_site[h];
      HandPoseTask task("hand", site, dynamics.nv(), 30, 3, {100, 20}, {100, 20});
      task.SetTarget(Eigen::Vector3d(0.4, 0.2, 1.0), Eigen::Matrix3d::Identity());
      task.Update(dynamics);
      const Eigen::Matrix<double, 6, 1> predicted = task.rows().jacobian * dynamics.Velocity();
      const model::MjDataPtr plus = Displaced(dynamics, kEps);
      const model::MjDataPtr minus = Displaced(dynamics, -kEps);
      const Eigen::Vector3d dp = (Eigen::Map<const Eigen::Vector3d>(plus->site_xpos + 3 * site) -
                                  Eigen::Map<const Eigen::Vector3d>(minus->site_xpos + 3 * site)) /
                                 (2 * kEps);
      const Eigen::Vector3d omega =
          RotationLog(RowMajor3(plus->site_xmat + 9 * site) *
                      RowMajor3(minus->site_xmat + 9 * site).transpose()) /
          (2 * kEps);
      // Velocities are O(1 m/s): 1e-6 absolute is a million times finer than a wrong column.
      EXPECT_LT((predicted.head<3>() - dp).norm(), 1e-6) << "hand " << h << " trial " << trial;
      EXPECT_LT((predicted.tail<3>() - omega).norm(), 1e-6) << "hand " << h << " trial " << trial;
      EXPECT_TRUE(task.rows().weight.isApprox(
          (Eigen::Matrix<double, 6, 1>() << 30, 30, 30, 3, 3, 3).finished()));
    }
  }
}

TEST(HandPoseTask, WithoutATargetContributesZeroRows) {
  const model::RobotSpec& spec = Tm1();
  RobotDynamics dynamics(spec);
  Rng rng(3);
  dynamics.Update(RandomState(spec, &rng));
  HandPoseTask task("hand", dynamics.binding().hand_palm_site[0], dynamics.nv(), 30, 3, {100, 20},
                    {100, 20});
  task.Update(dynamics);
  EXPECT_EQ(task.rows().jacobian.rows(), 6);
  EXPECT_EQ(task.rows().jacobian.cols(), dynamics.nv());
  EXPECT_EQ(task.rows().weight.norm(), 0.0);
  EXPECT_EQ(task.rows().target.norm(), 0.0);
  task.SetTarget(Eigen::Vector3d(0.4, 0.2, 1.0), Eigen::Matrix3d::Identity());
  task.ClearTarget();
  task.Update(dynamics);
  EXPECT_EQ(task.rows().weight.norm(), 0.0);
}

TEST(GazeTask, CameraPoseMatchesMujocosCamera) {
  const model::RobotSpec& spec = Tm1();
  RobotDynamics dynamics(spec);
  const int camera = mj_name2id(dynamics.model(), mjOBJ_CAMERA, spec.head_camera.c_str());
  ASSERT_GE(camera, 0);
  GazeTask task("gaze", dynamics.model(), camera, 10, {60, 15});
  Rng rng(5);
  dynamics.Update(RandomState(spec, &rng));
  const model::MjDataPtr d = Displaced(dynamics, 0);
  Eigen::Vector3d p;
  Eigen::Matrix3d R;
  task.CameraPose(dynamics, &p, &R);
  EXPECT_LT((p - Eigen::Map<const Eigen::Vector3d>(d->cam_xpos + 3 * camera)).norm(), 1e-12);
  EXPECT_LT((R - RowMajor3(d->cam_xmat + 9 * camera)).norm(), 1e-12);
}

TEST(GazeTask, JacobianPredictsTheGazeErrorRateOfMujocoFiniteDifferences) {
  const model::RobotSpec& spec = Tm1();
  RobotDynamics dynamics(spec);
  const int camera = mj_name2id(dynamics.model(), mjOBJ_CAMERA, spec.head_camera.c_str());
  ASSERT_GE(camera, 0);
  GazeTask task("gaze", dynamics.model(), camera, 10, {60, 15});
  Rng rng(11);
  for (int trial = 0; trial < 5; ++trial) {
    dynamics.Update(RandomState(spec, &rng));
    // A target 1-3 m away, somewhere in front of the camera.
    Eigen::Vector3d p;
    Eigen::Matrix3d R;
    task.CameraPose(dynamics, &p, &R);
    const Eigen::Vector3d target = p + rng.Uniform(1, 3) * (-R.col(2)) +
                                   Eigen::Vector3d(rng.Gaussian(0.5), rng.Gaussian(0.5), 0);
    task.SetTarget(target);
    task.Update(dynamics);
    const Eigen::Vector3d predicted = task.rows().jacobian * dynamics.Velocity();
    // e = d × u from MuJoCo's camera frames at q ± ε v.
    auto error = [&](const mjData* d) {
      const Eigen::Vector3d pos = Eigen::Map<const Eigen::Vector3d>(d->cam_xpos + 3 * camera);
      const Eigen::Vector3d forward = -RowMajor3(d->cam_xmat + 9 * camera).col(2);
      return forward.cross((target - pos).normalized()).eval();
    };
    const Eigen::Vector3d fd =
        (error(Displaced(dynamics, kEps).get()) - error(Displaced(dynamics, -kEps).get())) /
        (2 * kEps);
    EXPECT_LT((predicted - fd).norm(), 1e-6) << "trial " << trial;
    EXPECT_LT((task.error() - task.Error(dynamics, target)).norm(), 1e-12);
    EXPECT_GT(fd.norm(), 1e-3) << "the random velocity moves the gaze";
  }
}

TEST(GazeTask, ErrorIsZeroWhenLookingStraightAtTheTarget) {
  const model::RobotSpec& spec = Tm1();
  RobotDynamics dynamics(spec);
  const int camera = mj_name2id(dynamics.model(), mjOBJ_CAMERA, spec.head_camera.c_str());
  GazeTask task("gaze", dynamics.model(), camera, 10, {60, 15});
  Rng rng(2);
  dynamics.Update(RandomState(spec, &rng));
  Eigen::Vector3d p;
  Eigen::Matrix3d R;
  task.CameraPose(dynamics, &p, &R);
  const Eigen::Vector3d ahead = p - 2.0 * R.col(2);
  EXPECT_LT(task.Error(dynamics, ahead).norm(), 1e-12);
  EXPECT_LT(task.GazeAngleRad(dynamics, ahead), 1e-9);
  const Eigen::Vector3d sideways = p + 2.0 * R.col(0);  // 90° off the optical axis
  EXPECT_NEAR(task.GazeAngleRad(dynamics, sideways), M_PI / 2, 1e-9);
}

}  // namespace
}  // namespace tianmu::control::wbc
