#include "tianmu/control/locomotion/locomotion_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "test_robots.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control::locomotion {
namespace {

const model::RobotSpec& Robot(const std::string& name) { return TestRobot(name); }

ConfigNode Yaml(const std::string& text) { return ConfigNode::LoadString(text, "walk.yaml"); }

class DerivedConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(DerivedConfig, MatchesTheRobotsStandingGeometry) {
  const model::RobotSpec& spec = Robot(GetParam());
  const LocomotionConfig c = DeriveLocomotionConfig(spec);
  std::printf(
      "%s: com height %.3f m (base %.3f m), step width %.3f m, leg %.3f m, T %.2f s, omega %.2f "
      "1/s, max step %.3f m, max vx %.2f m/s, max vy %.2f m/s, max wz %.2f rad/s\n",
      GetParam().c_str(), c.nominal_com_height_m, spec.standing_base_height_m,
      c.nominal_step_width_m, c.leg_length_m, c.step_duration_s, c.omega(), c.max_step_length_m,
      c.max_vx_mps, c.max_vy_mps, c.max_wz_radps);
  // The CoM sits in the upper body, not far from the pelvis: within ±30 % of the base height.
  EXPECT_GT(c.nominal_com_height_m, 0.7 * spec.standing_base_height_m);
  EXPECT_LT(c.nominal_com_height_m, 1.3 * spec.standing_base_height_m);
  // Soles from robot.yaml.
  EXPECT_DOUBLE_EQ(c.foot_length_m, spec.feet[0].sole_length_m);
  EXPECT_DOUBLE_EQ(c.foot_width_m, spec.feet[0].sole_width_m);
  // A leg reaches from the hip to the floor: longer than the pelvis height minus the pelvis
  // block (~15 cm), not longer than the pelvis height plus its hip offset.
  EXPECT_GT(c.leg_length_m, spec.standing_base_height_m - 0.15);
  EXPECT_LT(c.leg_length_m, spec.standing_base_height_m + 0.1);
  // Timing from the pendulum time scale, limits consistent with it.
  EXPECT_NEAR(c.step_duration_s, 0.5 * std::sqrt(c.leg_length_m / 0.9), 0.006);
  // Full speed: quick steps (0.8 T) of the longest length; below the cadence length, nominal T.
  EXPECT_NEAR(c.fast_step_duration_s, 0.8 * c.step_duration_s, 0.006);
  EXPECT_LE(c.cadence_step_length_m, c.max_step_length_m);
  EXPECT_LE(c.max_vx_mps * c.fast_step_duration_s, c.max_step_length_m + 1e-9);
  EXPECT_DOUBLE_EQ(c.StepDurationFor(0.5 * c.cadence_step_length_m / c.step_duration_s),
                   c.step_duration_s);
  EXPECT_DOUBLE_EQ(c.StepDurationFor(c.max_vx_mps), c.fast_step_duration_s);
  EXPECT_LT(c.DoubleSupportFractionFor(c.fast_step_duration_s), c.double_support_fraction);
  EXPECT_LT(c.min_step_width_m, c.nominal_step_width_m);
  EXPECT_GE(c.min_step_width_m, c.foot_width_m);  // soles never overlap
  EXPECT_NO_THROW(ValidateLocomotionConfig(c, GetParam()));
}

INSTANTIATE_TEST_SUITE_P(ReferenceRobots, DerivedConfig, ::testing::Values("tm1", "tm1s"));

TEST(DerivedConfig, StepWidthIsTheDistanceBetweenTheSoleSitesOfTm1) {
  // tm1.xml: hips at y = ±0.09 and straight legs below them: soles 0.18 m apart.
  const LocomotionConfig c = DeriveLocomotionConfig(Robot("tm1"));
  EXPECT_NEAR(c.nominal_step_width_m, 0.18, 0.005);
}

TEST(DerivedConfig, SmallRobotGetsShorterFasterStepsThanFullSizeRobot) {
  const LocomotionConfig big = DeriveLocomotionConfig(Robot("tm1"));
  const LocomotionConfig small = DeriveLocomotionConfig(Robot("tm1s"));
  EXPECT_LT(small.nominal_com_height_m, big.nominal_com_height_m - 0.1);
  EXPECT_LT(small.nominal_step_width_m, big.nominal_step_width_m);
  EXPECT_LT(small.leg_length_m, big.leg_length_m - 0.1);
  EXPECT_LT(small.step_duration_s, big.step_duration_s);
  EXPECT_LT(small.max_step_length_m, big.max_step_length_m);
  EXPECT_GT(small.omega(), big.omega());
}

TEST(LocomotionOverrides, AppliesGivenFieldsAndRederivesCommandLimits) {
  LocomotionConfig c = DeriveLocomotionConfig(Robot("tm1"));
  const double step_length = c.max_step_length_m;
  ApplyOverrides(Yaml("step_duration_s: 0.6\nswing_apex_height_m: 0.05\npreview_steps: 2\n"
                      "push_recovery_steps: false\n"),
                 &c);
  EXPECT_DOUBLE_EQ(c.step_duration_s, 0.6);
  EXPECT_DOUBLE_EQ(c.swing_apex_height_m, 0.05);
  EXPECT_EQ(c.preview_steps, 2);
  EXPECT_FALSE(c.push_recovery_steps);
  // Not given: the fast step time follows the nominal one (0.8 T), and the command limit the
  // longer steps, so a full-speed step still fits the step length.
  EXPECT_DOUBLE_EQ(c.fast_step_duration_s, 0.48);
  EXPECT_NEAR(c.max_vx_mps, step_length / 0.48, 1e-12);
}

TEST(LocomotionOverrides, RejectsUnknownFieldNamingFileLineAndField) {
  LocomotionConfig c;
  try {
    ApplyOverrides(Yaml("step_duration_s: 0.5\nstep_lenght_m: 0.3\n"), &c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "walk.yaml");
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.field(), "step_lenght_m");
    EXPECT_NE(std::string(e.what()).find("unknown field"), std::string::npos);
  }
}

TEST(LocomotionOverrides, RejectsMinimumWidthAboveNominalWidth) {
  LocomotionConfig c = DeriveLocomotionConfig(Robot("tm1"));
  try {
    ApplyOverrides(Yaml("dcm_gain: 2\nmin_step_width_m: 0.3\n"), &c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.field(), "min_step_width_m");
    EXPECT_NE(std::string(e.what()).find("nominal_step_width_m"), std::string::npos);
  }
}

TEST(LocomotionOverrides, RejectsCommandLimitBeyondStepLimit) {
  LocomotionConfig c = DeriveLocomotionConfig(Robot("tm1"));
  try {
    ApplyOverrides(Yaml("max_vx_mps: 5\n"), &c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 1);
    EXPECT_EQ(e.field(), "max_vx_mps");
  }
}

TEST(LocomotionOverrides, RejectsOutOfRangeValueAndWrongType) {
  LocomotionConfig c;
  EXPECT_THROW(ApplyOverrides(Yaml("double_support_fraction: 0.9\n"), &c), InputError);
  EXPECT_THROW(ApplyOverrides(Yaml("step_duration_s: fast\n"), &c), InputError);
  EXPECT_THROW(ApplyOverrides(Yaml("preview_steps: 7\n"), &c), InputError);
  EXPECT_THROW(ApplyOverrides(Yaml("step_adjustment: maybe\n"), &c), InputError);
}

}  // namespace
}  // namespace tianmu::control::locomotion
