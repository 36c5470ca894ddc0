// Emergency stops judged from simulator ground truth: category 1 (stop, lower to the rest pose,
// then damping) ends at rest, not on the floor; category 2 holds the stand with power on.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::control {
namespace {

const model::RobotSpec& Robot(const std::string& name) {
  static std::map<std::string, model::RobotSpec> specs;
  auto it = specs.find(name);
  if (it == specs.end()) it = specs.emplace(name, model::LoadRobotByNameOrPath(name)).first;
  return it->second;
}

// Walks at `vx_mps`, e-stops at 4 s and runs 10 s past the stop's end.
runtime::SimRunSummary RunEstop(const std::string& robot, double vx_mps, int seed,
                                std::optional<model::StopCategory> category = {}) {
  runtime::SimRunOptions options;
  options.scene = sim::ResolveScene("flat");
  options.duration_s = 4 + 5 + 10;
  options.world.seed = seed;
  HumanoidController controller(Robot(robot));
  controller.SetCommandSchedule({{0.0, {vx_mps, 0, 0}}});
  controller.ScheduleEmergencyStop(4, category);
  return runtime::RunSimulation(Robot(robot), options, &controller);
}

TEST(RestPose, DerivedCrouchKeepsTheSolesAndTheCoMOverThem) {
  for (const char* name : {"tm1", "tm1s", "tm1-5dof"}) {
    const model::RobotSpec& spec = Robot(name);
    const locomotion::LocomotionConfig walk = locomotion::DeriveLocomotionConfig(spec);
    const RestPose pose =
        ComputeRestPose(spec, TorsoBody(spec, spec.model.get()), walk.nominal_step_width_m);
    EXPECT_LT(pose.sole_error_m, 0.005) << name;
    // Lower than standing by a good margin, the CoM inside the soles' support.
    EXPECT_LT(pose.com_m.z(), 0.8 * pose.standing_com_height_m) << name;
    EXPECT_GT(pose.support_margin_m, 0.02) << name;
    EXPECT_LT(std::abs(pose.com_m.y()), 0.02) << name;
    EXPECT_NEAR(pose.stance_width_m, walk.nominal_step_width_m, 0.005) << name;
    for (int j = 0; j < spec.num_joints(); ++j) {
      const model::JointSpec& joint = spec.joints[j];
      if (!joint.limited) continue;
      EXPECT_GE(pose.q_rad[j], joint.lower_rad) << name << " " << joint.name;
      EXPECT_LE(pose.q_rad[j], joint.upper_rad) << name << " " << joint.name;
    }
    std::cout << "[ figures  ] " << name << " rest pose (" << pose.source << "): CoM "
              << pose.com_m.z() << " m (standing " << pose.standing_com_height_m << " m), stance "
              << pose.stance_width_m << " m, CoM " << pose.support_margin_m
              << " m inside the soles\n";
  }
}

TEST(Stop, Tm1Category1FromHalfAMetrePerSecondStandsLowersAndRestsWithoutFalling) {
  // Bars: stable stand <= 1.5 s, rest posture <= 5 s, no fall in the 10 s after.
  for (int seed : {1, 2, 3}) {
    const auto s = RunEstop("tm1", 0.5, seed);
    ASSERT_TRUE(s.estop_stop_time_s.has_value()) << "seed " << seed;
    EXPECT_LE(*s.estop_stop_time_s, 1.5) << "seed " << seed;
    ASSERT_TRUE(s.estop_rest_time_s.has_value()) << "seed " << seed;
    EXPECT_LE(*s.estop_rest_time_s, 5.0) << "seed " << seed;
    EXPECT_FALSE(s.fell) << "seed " << seed << " fell at " << s.fall_time_s.value_or(-1);
    EXPECT_STREQ(s.controller_status.mode, "damping") << "seed " << seed;
    EXPECT_EQ(s.controller_status.qp_failures, 0u) << "seed " << seed;
    ASSERT_TRUE(s.estop_peak_head_accel_g.has_value());
    std::cout << "[ figures  ] tm1 seed " << seed << ": stand " << *s.estop_stop_time_s
              << " s, rest " << *s.estop_rest_time_s << " s, peak head acceleration "
              << *s.estop_peak_head_accel_g << " g, final base height " << s.final_base_pos[2]
              << " m\n";
  }
}

TEST(Stop, Tm1sCategory1RestsWithoutFalling) {
  const auto s = RunEstop("tm1s", 0.3, 1);
  ASSERT_TRUE(s.estop_rest_time_s.has_value());
  EXPECT_LE(*s.estop_rest_time_s, 5.0);
  EXPECT_FALSE(s.fell) << "fell at " << s.fall_time_s.value_or(-1);
}

TEST(Stop, Category2HoldsTheStandWithPowerOn) {
  const auto s = RunEstop("tm1", 0.5, 1, model::StopCategory::kControlledHold);
  ASSERT_TRUE(s.estop_stop_time_s.has_value());
  EXPECT_FALSE(s.estop_rest_time_s.has_value());
  EXPECT_FALSE(s.fell);
  EXPECT_STREQ(s.controller_status.mode, "holding");
  EXPECT_EQ(s.controller_status.estop_category, 2);
  // Still standing at full height at the end.
  EXPECT_GT(s.final_base_pos[2], 0.9 * Robot("tm1").standing_base_height_m);
}

}  // namespace
}  // namespace tianmu::control
