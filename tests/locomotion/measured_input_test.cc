#include "tianmu/control/locomotion/measured_input.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "test_robots.h"
#include "tianmu/control/locomotion/walking_controller.h"
#include "tianmu/control/robot_dynamics.h"

namespace tianmu::control::locomotion {
namespace {

// The robot standing in its nominal posture, turned by `yaw_rad` about the vertical.
RobotState Standing(const model::RobotSpec& spec, double yaw_rad) {
  RobotState state;
  state.base_position_m << 0.3, -0.2, spec.standing_base_height_m;
  state.base_orientation = Eigen::AngleAxisd(yaw_rad, Eigen::Vector3d::UnitZ());
  state.q_rad.resize(spec.num_joints());
  state.dq_radps.setZero(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) state.q_rad[j] = spec.joints[j].nominal_rad;
  return state;
}

class MeasuredInput : public ::testing::TestWithParam<std::string> {};

TEST_P(MeasuredInput, ReadsTheStandingRobotAsTheDerivedConfigurationDescribesIt) {
  const model::RobotSpec& spec = TestRobot(GetParam());
  const LocomotionConfig& config = TestConfig(GetParam());
  RobotDynamics dynamics(spec);
  dynamics.Update(Standing(spec, 0.4));
  LocomotionInput input;
  MeasureLocomotionInput(dynamics, &input);
  // Soles on the floor, the derived width apart, turned with the robot; CoM at the derived height.
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(input.feet[i].position_m.z(), 0, 1e-9);
    EXPECT_NEAR(input.feet[i].yaw_rad, 0.4, 1e-9);
  }
  const Eigen::Vector2d across =
      input.feet[0].position_m.head<2>() - input.feet[1].position_m.head<2>();
  EXPECT_NEAR(across.norm(), config.nominal_step_width_m, 1e-3);
  EXPECT_NEAR(across.dot(Eigen::Vector2d(std::cos(0.4), std::sin(0.4))), 0, 1e-3);  // side by side
  EXPECT_NEAR(input.com_position_m.z(), config.nominal_com_height_m, 1e-9);
  EXPECT_LT(input.com_velocity_mps.norm(), 1e-12);
  // The generator stands on those feet with the DCM between them.
  WalkingPatternGenerator generator(config);
  LocomotionReference r;
  generator.Update(input, &r);
  EXPECT_EQ(r.state, WalkingState::kStanding);
  EXPECT_LT(
      (r.dcm_reference_m - 0.5 * (input.feet[0].position_m + input.feet[1].position_m).head<2>())
          .norm(),
      1e-12);
}

INSTANTIATE_TEST_SUITE_P(ReferenceRobots, MeasuredInput, ::testing::Values("tm1", "tm1s"));

}  // namespace
}  // namespace tianmu::control::locomotion
