// The actuator variants of TM-1S in assets/robots (TIANMU_ASSETS, set by ctest to the source
// assets): tm1s-servo (every joint a position servo, nominal posture from an MJCF keyframe) and
// tm1s-mixed (leg motors, waist and arm servos). Their MJCF includes a copy of TM-1S's body
// (tm1s-servo/tm1s_body.xml); these tests hold the copy to tm1s.xml so the two cannot drift.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tianmu/model/robot_binding.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

// Every compiled array that describes TM-1S's bodies, joints, geoms, sites and sensors is equal.
void ExpectSameBody(const mjModel* a, const mjModel* b) {
  ASSERT_EQ(a->nbody, b->nbody);
  ASSERT_EQ(a->njnt, b->njnt);
  ASSERT_EQ(a->ngeom, b->ngeom);
  ASSERT_EQ(a->nsite, b->nsite);
  ASSERT_EQ(a->nsensor, b->nsensor);
  ASSERT_EQ(a->nq, b->nq);
  ASSERT_EQ(a->nu, b->nu);
  for (int i = 0; i < a->nbody; ++i) {
    EXPECT_EQ(a->body_mass[i], b->body_mass[i]) << "body " << i;
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(a->body_pos[3 * i + k], b->body_pos[3 * i + k]) << "body " << i;
      EXPECT_EQ(a->body_inertia[3 * i + k], b->body_inertia[3 * i + k]) << "body " << i;
      EXPECT_EQ(a->body_ipos[3 * i + k], b->body_ipos[3 * i + k]) << "body " << i;
    }
  }
  for (int j = 0; j < a->njnt; ++j) {
    EXPECT_STREQ(mj_id2name(a, mjOBJ_JOINT, j), mj_id2name(b, mjOBJ_JOINT, j));
    EXPECT_EQ(a->jnt_range[2 * j], b->jnt_range[2 * j]) << "joint " << j;
    EXPECT_EQ(a->jnt_range[2 * j + 1], b->jnt_range[2 * j + 1]) << "joint " << j;
    EXPECT_EQ(a->dof_damping[a->jnt_dofadr[j]], b->dof_damping[b->jnt_dofadr[j]]) << "joint " << j;
  }
  for (int g = 0; g < a->ngeom; ++g) {
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(a->geom_size[3 * g + k], b->geom_size[3 * g + k]) << "geom " << g;
      EXPECT_EQ(a->geom_pos[3 * g + k], b->geom_pos[3 * g + k]) << "geom " << g;
      EXPECT_EQ(a->geom_friction[3 * g + k], b->geom_friction[3 * g + k]) << "geom " << g;
    }
  }
  for (int s = 0; s < a->nsite; ++s) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(a->site_pos[3 * s + k], b->site_pos[3 * s + k]);
  }
  EXPECT_EQ(a->opt.timestep, b->opt.timestep);
  EXPECT_EQ(a->opt.integrator, b->opt.integrator);
}

TEST(ActuatorVariants, BothAreListed) {
  const std::vector<std::string> robots = ListRobots();
  EXPECT_NE(std::find(robots.begin(), robots.end(), "tm1s-servo"), robots.end());
  EXPECT_NE(std::find(robots.begin(), robots.end(), "tm1s-mixed"), robots.end());
}

TEST(ActuatorVariants, Tm1sServoIsTm1sWithServosAndTheSameStandingPostureFromItsKeyframe) {
  const RobotSpec tm1s = LoadRobotByNameOrPath("tm1s");
  const RobotSpec servo = LoadRobotByNameOrPath("tm1s-servo");
  ExpectSameBody(tm1s.model.get(), servo.model.get());
  EXPECT_DOUBLE_EQ(servo.total_mass_kg, tm1s.total_mass_kg);
  EXPECT_EQ(servo.nominal_keyframe, "stand");
  ASSERT_EQ(servo.num_joints(), tm1s.num_joints());
  for (int j = 0; j < tm1s.num_joints(); ++j) {
    const JointSpec& a = tm1s.joints[j];
    const JointSpec& b = servo.joints[j];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(b.actuator_style, ActuatorStyle::kPositionServo) << b.name;
    EXPECT_GT(b.servo_kp, 0) << b.name;
    // The servo's setpoint range is the joint's range.
    EXPECT_TRUE(b.ctrl_limited) << b.name;
    EXPECT_DOUBLE_EQ(b.ctrl_lower, a.lower_rad) << b.name;
    EXPECT_DOUBLE_EQ(b.ctrl_upper, a.upper_rad) << b.name;
    EXPECT_DOUBLE_EQ(b.nominal_rad, a.nominal_rad) << b.name;
    EXPECT_DOUBLE_EQ(b.peak_torque_Nm, a.peak_torque_Nm) << b.name;
  }
  EXPECT_DOUBLE_EQ(servo.standing_base_height_m, tm1s.standing_base_height_m);
}

TEST(ActuatorVariants, Tm1sMixedHasLegMotorsAndWaistAndArmServos) {
  const RobotSpec tm1s = LoadRobotByNameOrPath("tm1s");
  const RobotSpec mixed = LoadRobotByNameOrPath("tm1s-mixed");
  ExpectSameBody(tm1s.model.get(), mixed.model.get());
  for (const JointSpec& joint : mixed.joints) {
    const bool leg = joint.group == "left_leg" || joint.group == "right_leg";
    EXPECT_EQ(joint.actuator_style, leg ? ActuatorStyle::kMotor : ActuatorStyle::kPositionServo)
        << joint.name;
    if (!leg) {
      EXPECT_GT(joint.servo_kv, 0) << joint.name;
    }
  }
  EXPECT_EQ(mixed.NominalPosture(), tm1s.NominalPosture());
  EXPECT_DOUBLE_EQ(mixed.standing_base_height_m, tm1s.standing_base_height_m);
}

}  // namespace
}  // namespace tianmu::model
