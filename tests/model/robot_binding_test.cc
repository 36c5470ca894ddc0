// BindRobot: a RobotSpec's names resolved in the robot's own model and in a larger model (robot
// inside a scene with other bodies, joints and sensors), and errors when the model lacks a name.
#include "tianmu/model/robot_binding.h"

#include <gtest/gtest.h>

#include <string>

#include "mini_fixture.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

using testing::FixtureComponents;
using testing::MiniDir;
using testing::ReplaceOnce;

RobotSpec LoadMini() { return LoadRobot(MiniDir() / "robot.yaml", FixtureComponents()); }

// Every index of `b` refers to the element `spec` names in `m`.
void ExpectBindingMatchesNames(const RobotSpec& spec, const RobotBinding& b, const mjModel* m) {
  EXPECT_STREQ(mj_id2name(m, mjOBJ_BODY, b.base_body), "pelvis");
  const int root = m->body_jntadr[b.base_body];
  EXPECT_EQ(b.base_qpos_adr, m->jnt_qposadr[root]);
  EXPECT_EQ(b.base_dof_adr, m->jnt_dofadr[root]);
  ASSERT_EQ(static_cast<int>(b.joint_id.size()), spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) {
    EXPECT_STREQ(mj_id2name(m, mjOBJ_JOINT, b.joint_id[j]), spec.joints[j].name.c_str());
    EXPECT_EQ(b.joint_qpos_adr[j], m->jnt_qposadr[b.joint_id[j]]);
    EXPECT_EQ(b.joint_dof_adr[j], m->jnt_dofadr[b.joint_id[j]]);
    EXPECT_STREQ(mj_id2name(m, mjOBJ_ACTUATOR, b.actuator_id[j]), spec.joints[j].actuator.c_str());
  }
  auto sensor_adr = [m](const std::string& name) {
    return m->sensor_adr[mj_name2id(m, mjOBJ_SENSOR, name.c_str())];
  };
  EXPECT_STREQ(mj_id2name(m, mjOBJ_SITE, b.imu_site), "imu");
  EXPECT_EQ(b.imu_orientation_adr, sensor_adr("imu_quat"));
  EXPECT_EQ(b.imu_gyro_adr, sensor_adr("imu_gyro"));
  EXPECT_EQ(b.imu_accelerometer_adr, sensor_adr("imu_acc"));
  EXPECT_STREQ(mj_id2name(m, mjOBJ_BODY, b.feet[0].body), "left_foot");
  EXPECT_STREQ(mj_id2name(m, mjOBJ_SITE, b.feet[1].sole_site), "right_sole");
  EXPECT_EQ(b.feet[0].force_adr, sensor_adr("left_foot_force"));
  EXPECT_EQ(b.feet[1].torque_adr, sensor_adr("right_foot_torque"));
  ASSERT_EQ(b.touch_adr.size(), 1u);
  EXPECT_EQ(b.touch_adr[0], sensor_adr("left_palm_touch"));
  ASSERT_EQ(b.hand_palm_site.size(), 1u);
  EXPECT_STREQ(mj_id2name(m, mjOBJ_SITE, b.hand_palm_site[0]), "left_palm");
}

TEST(RobotBinding, BindsToTheRobotsOwnModel) {
  const RobotSpec spec = LoadMini();
  const RobotBinding b = BindRobot(spec, spec.model.get());
  ExpectBindingMatchesNames(spec, b, spec.model.get());
  EXPECT_EQ(b.base_qpos_adr, 0);  // the robot's free joint is the model's first joint
  EXPECT_EQ(b.joint_qpos_adr[spec.JointIndex("head_yaw")], 7);  // first hinge in mini.xml
}

TEST(RobotBinding, BindsInsideASceneWhereEveryIndexShifts) {
  const RobotSpec spec = LoadMini();
  // A scene: a floor, a free crate and a hinged door before the robot, one sensor before the
  // robot's sensors and one actuator before its motors, so nothing keeps its index.
  std::string xml = testing::ReadText(MiniDir() / "mini.xml");
  ReplaceOnce(&xml, "<worldbody>\n",
              "<worldbody>\n"
              "    <geom name=\"floor\" type=\"plane\" size=\"5 5 0.1\"/>\n"
              "    <body name=\"crate\" pos=\"1 0 0.2\"><freejoint/>\n"
              "      <geom type=\"box\" size=\"0.1 0.1 0.1\" mass=\"1\"/>\n"
              "      <site name=\"crate_site\"/></body>\n"
              "    <body name=\"door\" pos=\"2 0 1\"><joint name=\"door_hinge\" axis=\"0 0 1\"/>\n"
              "      <geom type=\"box\" size=\"0.5 0.02 1\" mass=\"10\"/></body>\n");
  ReplaceOnce(&xml, "<actuator>\n",
              "<actuator>\n    <motor name=\"door_motor\" joint=\"door_hinge\"/>\n");
  ReplaceOnce(
      &xml, "<sensor>\n",
      "<sensor>\n    <framepos name=\"crate_pos\" objtype=\"site\" objname=\"crate_site\"/>\n");
  testing::TempDir dir;
  testing::WriteText(dir.path() / "scene.xml", xml);
  const MjModelPtr scene = LoadMjcf(dir.path() / "scene.xml");

  const RobotBinding own = BindRobot(spec, spec.model.get());
  const RobotBinding b = BindRobot(spec, scene.get(), "scene.xml");
  ExpectBindingMatchesNames(spec, b, scene.get());
  EXPECT_EQ(b.base_qpos_adr, 8);  // after the crate's free joint and the door's hinge
  EXPECT_EQ(b.imu_orientation_adr, own.imu_orientation_adr + 3);
  EXPECT_EQ(b.actuator_id[0], own.actuator_id[0] + 1);
}

TEST(RobotBinding, MissingNameInTheBoundModelNamesFieldLineAndModel) {
  const RobotSpec spec = LoadMini();
  std::string xml = testing::ReadText(MiniDir() / "mini.xml");
  ReplaceOnce(&xml, "<site name=\"right_sole\" pos=\"0.02 0 -0.045\"/>", "");
  testing::TempDir dir;
  testing::WriteText(dir.path() / "scene.xml", xml);
  const MjModelPtr scene = LoadMjcf(dir.path() / "scene.xml");
  const std::string yaml = testing::ReadText(MiniDir() / "robot.yaml");
  const std::string expected = (MiniDir() / "robot.yaml").string() + ":" +
                               std::to_string(testing::LineOf(yaml, "right: {body: right_foot")) +
                               ": feet.right.sole_site: no site 'right_sole' in ";
  try {
    BindRobot(spec, scene.get(), "scene.xml");
    FAIL() << "bound a model without right_sole";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), expected + "scene.xml");
  }
  try {
    BindRobot(spec, scene.get());
    FAIL() << "bound a model without right_sole";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), expected + "the model");
  }
}

TEST(RobotBinding, FeetWithoutForceTorqueHaveNoSensorAddresses) {
  testing::MiniCopy mini;
  ReplaceOnce(&mini.yaml,
              "    force_sensor: left_foot_force\n    torque_sensor: left_foot_torque\n", "");
  const RobotSpec spec = LoadRobot(mini.Write(), FixtureComponents());
  const RobotBinding b = BindRobot(spec, spec.model.get());
  EXPECT_EQ(b.feet[0].force_adr, -1);
  EXPECT_EQ(b.feet[0].torque_adr, -1);
  EXPECT_GE(b.feet[1].force_adr, 0);
}

}  // namespace
}  // namespace tianmu::model
