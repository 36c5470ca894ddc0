// Hand and gaze targets while walking: the hand pose task keeps a palm at a point that moves with
// the robot, the gaze task keeps the head camera on a fixed point ahead, and TM-1 walks on.
// Judged from simulator ground truth over seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::control {
namespace {

TEST(HandsWhileWalking, Tm1WalksHalfAMetrePerSecondWithAHandTargetAndAGazeTarget) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  for (std::uint64_t seed : {1, 2, 3}) {
    HumanoidController controller(spec);
    runtime::SimRunOptions options;
    options.scene = sim::ResolveScene("flat");
    options.duration_s = 8;
    options.world.seed = seed;
    options.stop_after_fall_s = 0.2;
    locomotion::VelocityCommand walk;
    walk.vx_mps = 0.5;
    controller.SetCommandSchedule({{1.0, walk}});
    const Eigen::Vector3d gaze_point(8, 0, 0.5);
    double worst_hand_m = 0, worst_gaze_deg = 0;
    options.on_tick = [&](const runtime::TickContext& tick) {
      if (tick.time_s < 1.0) return true;
      // The right palm 0.3 m ahead of and 0.2 m right of the pelvis, 0.1 m above it (in the
      // pelvis's heading frame, as the controller estimates it), and the head on a point ahead.
      const RobotDynamics& d = controller.dynamics();
      const int base = d.binding().base_body;
      const Eigen::Matrix3d R = d.BodyRotation(base);
      const double heading = std::atan2(R(1, 0), R(0, 0));
      const Eigen::Vector3d offset(0.3, -0.2, 0.1);
      const Eigen::Vector3d target =
          d.BodyPosition(base) + Eigen::AngleAxisd(heading, Eigen::Vector3d::UnitZ()) * offset;
      controller.SetHandPositionTarget(1, target);
      controller.SetGazeTarget(gaze_point);
      if (tick.time_s < 3.0) return true;  // 2 s to settle into the gait and the targets
      // Ground truth: the palm against the same offset from the true pelvis, and the camera axis.
      const mjData* w = tick.world->data();
      const int true_base = tick.world->binding().base_body;
      const Eigen::Matrix3d Rw =
          Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(w->xmat + 9 * true_base);
      const double true_heading = std::atan2(Rw(1, 0), Rw(0, 0));
      const Eigen::Vector3d true_target =
          Eigen::Map<const Eigen::Vector3d>(w->xpos + 3 * true_base) +
          Eigen::AngleAxisd(true_heading, Eigen::Vector3d::UnitZ()) * offset;
      const int site = tick.world->binding().hand_palm_site[1];
      const Eigen::Vector3d palm = Eigen::Map<const Eigen::Vector3d>(w->site_xpos + 3 * site);
      worst_hand_m = std::max(worst_hand_m, (palm - true_target).norm());
      const int camera = mj_name2id(tick.world->model(), mjOBJ_CAMERA, spec.head_camera.c_str());
      const Eigen::Vector3d camera_position =
          Eigen::Map<const Eigen::Vector3d>(w->cam_xpos + 3 * camera);
      const Eigen::Vector3d forward =
          -Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(w->cam_xmat + 9 * camera)
               .col(2);
      const Eigen::Vector3d u = (gaze_point - camera_position).normalized();
      worst_gaze_deg = std::max(worst_gaze_deg,
                                std::atan2(forward.cross(u).norm(), forward.dot(u)) * 180 / M_PI);
      return true;
    };
    const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
    EXPECT_FALSE(s.fell) << "seed " << seed;
    EXPECT_GT(s.distance_m, 2.5) << "seed " << seed;  // 0.5 m/s for 7 s, less the start-up
    // The hand target moves at the walking speed and carries no velocity (the API takes a pose):
    // the PD rows then lag it by (kd / kp) v = (20 / 100) 0.5 m/s = 10 cm in steady state
    // (measured 9.9-10.1 cm). The bar is that lag plus 2 cm: a hand that follows, lagging as its
    // gains predict, not one left behind. The gaze point is fixed in the world: 1.1° measured.
    const HumanoidControllerConfig config;
    const double lag_m = config.hand_kd / config.hand_kp * walk.vx_mps;
    EXPECT_LT(worst_hand_m, lag_m + 0.02) << "seed " << seed;
    EXPECT_LT(worst_gaze_deg, 3.0) << "seed " << seed;
    std::cout << "[ figures  ] seed " << seed << ": walked " << s.distance_m
              << " m, worst palm error " << worst_hand_m * 100 << " cm, worst gaze error "
              << worst_gaze_deg << " deg, max tilt " << s.max_tilt_deg << " deg\n";
  }
}

}  // namespace
}  // namespace tianmu::control
