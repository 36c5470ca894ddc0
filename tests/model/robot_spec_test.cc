// LoadRobot on the valid `mini` fixture: every robot.yaml field lands in RobotSpec, and what the
// MJCF and datasheets define (limits, actuators, torque and speed limits, mass, standing height)
// is filled in.
#include "tianmu/model/robot_spec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "mini_fixture.h"

namespace tianmu::model {
namespace {

using testing::FixtureComponents;
using testing::MiniCopy;
using testing::MiniDir;
using testing::ReplaceOnce;

RobotSpec LoadMini() { return LoadRobot(MiniDir() / "robot.yaml", FixtureComponents()); }

TEST(RobotSpec, KnownGroupNamesAreTheEightLimbGroupsInListingOrder) {
  EXPECT_EQ(KnownGroupNames(),
            (std::vector<std::string>{"left_leg", "right_leg", "waist", "left_arm", "right_arm",
                                      "head", "left_hand", "right_hand"}));
}

TEST(RobotSpec, RobotNamesAreLowercaseDigitsUnderscoreAndDash) {
  EXPECT_TRUE(IsValidRobotName("tm1"));
  EXPECT_TRUE(IsValidRobotName("tm-1_s"));
  EXPECT_FALSE(IsValidRobotName(""));
  EXPECT_FALSE(IsValidRobotName("TM1"));
  EXPECT_FALSE(IsValidRobotName("tm 1"));
  EXPECT_FALSE(IsValidRobotName("robots/tm1"));
}

TEST(RobotSpec, MiniLoadsWithItsIdentityAndModel) {
  const RobotSpec spec = LoadMini();
  EXPECT_EQ(spec.name, "mini");
  EXPECT_EQ(spec.description, "Mini test biped");
  EXPECT_EQ(spec.yaml_path, MiniDir() / "robot.yaml");
  EXPECT_TRUE(spec.model_path.is_absolute());
  EXPECT_EQ(spec.model_path.filename(), "mini.xml");
  EXPECT_EQ(spec.base_body, "pelvis");
  ASSERT_NE(spec.model, nullptr);
  EXPECT_EQ(spec.model->njnt, 11);  // root + 10 hinges
  EXPECT_EQ(spec.model->nu, 9);
}

TEST(RobotSpec, JointsFollowGroupOrderThenListOrder) {
  const RobotSpec spec = LoadMini();
  std::vector<std::string> names;
  for (const JointSpec& j : spec.joints) names.push_back(j.name);
  EXPECT_EQ(names, (std::vector<std::string>{"left_hip_pitch", "left_knee", "left_ankle_pitch",
                                             "right_hip_pitch", "right_knee", "right_ankle_pitch",
                                             "head_yaw", "left_shoulder_pitch", "left_finger"}));
  std::vector<std::string> groups;
  for (const GroupSpec& g : spec.groups) groups.push_back(g.name);
  EXPECT_EQ(groups,
            (std::vector<std::string>{"left_leg", "right_leg", "head", "left_arm", "left_hand"}));
  EXPECT_EQ(spec.Group("right_leg")->joints, (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(spec.Group("waist"), nullptr);
  EXPECT_EQ(spec.JointIndex("head_yaw"), 6);
  EXPECT_EQ(spec.JointIndex("left_finger_distal"), -1);  // passive, not actuated
  EXPECT_EQ(spec.num_joints(), 9);
}

TEST(RobotSpec, JointTakesGroupDefaultsAndPerJointOverrides) {
  const RobotSpec spec = LoadMini();
  const JointSpec& knee = spec.joints[spec.JointIndex("left_knee")];
  EXPECT_EQ(knee.group, "left_leg");
  EXPECT_EQ(knee.component, "mini-j20");     // override
  EXPECT_DOUBLE_EQ(knee.kp_Nm_per_rad, 80);  // override
  EXPECT_DOUBLE_EQ(knee.kd_Nms_per_rad, 2);  // group default
  const JointSpec& right_knee = spec.joints[spec.JointIndex("right_knee")];
  EXPECT_EQ(right_knee.component, "mini-j20");
  EXPECT_DOUBLE_EQ(right_knee.kp_Nm_per_rad, 60);
  EXPECT_DOUBLE_EQ(right_knee.kd_Nms_per_rad, 3);
  const JointSpec& head = spec.joints[spec.JointIndex("head_yaw")];
  EXPECT_EQ(head.component, "mini-j10");
  EXPECT_DOUBLE_EQ(head.kp_Nm_per_rad, 5);
  EXPECT_DOUBLE_EQ(head.kd_Nms_per_rad, 0.1);
}

TEST(RobotSpec, JointLimitsActuatorAndGearComeFromTheMjcf) {
  const RobotSpec spec = LoadMini();
  const JointSpec& knee = spec.joints[spec.JointIndex("left_knee")];
  EXPECT_EQ(knee.actuator, "left_knee_motor");
  EXPECT_DOUBLE_EQ(knee.gear, 2);
  EXPECT_TRUE(knee.limited);
  EXPECT_DOUBLE_EQ(knee.lower_rad, 0);
  EXPECT_DOUBLE_EQ(knee.upper_rad, 2.4);
  EXPECT_DOUBLE_EQ(knee.nominal_rad, 0.6);
  const JointSpec& head = spec.joints[spec.JointIndex("head_yaw")];
  EXPECT_EQ(head.actuator, "head_yaw_motor");
  EXPECT_DOUBLE_EQ(head.gear, 1);
  EXPECT_DOUBLE_EQ(head.lower_rad, -1);
  EXPECT_DOUBLE_EQ(head.upper_rad, 1);
  EXPECT_DOUBLE_EQ(head.nominal_rad, 0);  // unlisted joints stand at 0
}

TEST(RobotSpec, TorqueAndSpeedLimitsComeFromTheComponentDatasheet) {
  const RobotSpec spec = LoadMini();
  // mini-j10: 2.0 Nm motor peak x ratio 10 x efficiency 0.9; 300 rad/s / 10.
  const JointSpec& hip = spec.joints[spec.JointIndex("left_hip_pitch")];
  EXPECT_NEAR(hip.peak_torque_Nm, 18.0, 1e-12);
  EXPECT_NEAR(hip.max_velocity_radps, 30.0, 1e-12);
  EXPECT_EQ(hip.sheet.id, "mini-j10");
  // mini-j20: 2.0 x 20 x 0.8; 300 / 20.
  const JointSpec& knee = spec.joints[spec.JointIndex("left_knee")];
  EXPECT_NEAR(knee.peak_torque_Nm, 32.0, 1e-12);
  EXPECT_NEAR(knee.max_velocity_radps, 15.0, 1e-12);
  EXPECT_EQ(knee.sheet.reducer.id, "mini-harmonic20");
}

TEST(RobotSpec, SensorsHandsCamerasNoiseAndBatteryAreRead) {
  const RobotSpec spec = LoadMini();
  EXPECT_EQ(spec.imu.site, "imu");
  EXPECT_EQ(spec.imu.orientation_sensor, "imu_quat");
  EXPECT_EQ(spec.imu.gyro_sensor, "imu_gyro");
  EXPECT_EQ(spec.imu.accelerometer_sensor, "imu_acc");
  EXPECT_EQ(spec.feet[0].body, "left_foot");
  EXPECT_EQ(spec.feet[0].sole_site, "left_sole");
  EXPECT_DOUBLE_EQ(spec.feet[0].sole_length_m, 0.18);
  EXPECT_DOUBLE_EQ(spec.feet[0].sole_width_m, 0.08);
  EXPECT_EQ(spec.feet[0].force_sensor, "left_foot_force");
  EXPECT_EQ(spec.feet[1].torque_sensor, "right_foot_torque");
  EXPECT_TRUE(spec.feet[0].has_force_torque());
  EXPECT_TRUE(spec.feet[1].has_force_torque());
  ASSERT_EQ(spec.hands.size(), 1u);
  EXPECT_EQ(spec.hands[0].side, "left");
  EXPECT_EQ(spec.hands[0].body, "left_hand");
  EXPECT_EQ(spec.hands[0].palm_site, "left_palm");
  EXPECT_EQ(spec.head_camera, "head_rgbd");
  EXPECT_EQ(spec.passive_joints, (std::vector<std::string>{"left_finger_distal"}));
  EXPECT_EQ(spec.touch_sensors, (std::vector<std::string>{"left_palm_touch"}));
  ASSERT_EQ(spec.cameras.size(), 1u);
  EXPECT_EQ(spec.cameras[0].name, "head_rgbd");
  EXPECT_EQ(spec.cameras[0].width_px, 64);
  EXPECT_EQ(spec.cameras[0].height_px, 48);
  EXPECT_TRUE(spec.cameras[0].depth);
  // Fields left out take their documented defaults (docs/robot-yaml.md).
  EXPECT_DOUBLE_EQ(spec.cameras[0].rate_hz, 30);
  EXPECT_DOUBLE_EQ(spec.cameras[0].fovy_deg, 0);
  EXPECT_FALSE(spec.cameras[0].has_pinhole());
  EXPECT_DOUBLE_EQ(spec.cameras[0].depth_min_m, 0.1);
  EXPECT_DOUBLE_EQ(spec.cameras[0].depth_max_m, 10);
  EXPECT_DOUBLE_EQ(spec.cameras[0].latency_s, 0);
  EXPECT_DOUBLE_EQ(spec.noise.orientation_std_rad, 0.002);
  EXPECT_DOUBLE_EQ(spec.noise.gyro_std_radps, 0.005);
  EXPECT_DOUBLE_EQ(spec.noise.touch_std_N, 0.1);
  // Unlisted IMU noise comes from the IMU datasheet (default imu-mems-ahrs): density × √rate.
  EXPECT_EQ(spec.imu.component, kDefaultImuComponent);
  EXPECT_TRUE(spec.imu.has_orientation());
  EXPECT_NEAR(spec.noise.accelerometer_std_mps2, 1.7e-3 * std::sqrt(1000.0), 1e-12);
  EXPECT_DOUBLE_EQ(spec.battery.capacity_Wh, 100);
  EXPECT_DOUBLE_EQ(spec.battery.voltage_V, 24);
}

TEST(RobotSpec, TotalMassIsTheSumOfTheBodyMasses) {
  // 6 + 1 + 0.8 + 0.2 + 0.02 + 0.01 + 2 x (2 + 1.5 + 0.6), as written in mini.xml.
  EXPECT_NEAR(LoadMini().total_mass_kg, 16.23, 1e-9);
}

TEST(RobotSpec, StandingBaseHeightFollowsTheNominalPosture) {
  // Hip -0.3, knee +0.6, ankle -0.3 keep the foot level: pelvis-to-hip 0.06, two 0.24 links
  // each tilted by 0.3 rad, sole 0.045 below the ankle. Exact kinematics, so 1e-9.
  const RobotSpec spec = LoadMini();
  EXPECT_NEAR(spec.standing_base_height_m, 0.06 + 2 * 0.24 * std::cos(0.3) + 0.045, 1e-9);
  EXPECT_EQ(spec.NominalPosture(),
            (std::vector<double>{-0.3, 0.6, -0.3, -0.3, 0.6, -0.3, 0, 0, 0}));
}

TEST(RobotSpec, OptionalSectionsMayBeLeftOut) {
  MiniCopy mini;
  std::string& y = mini.yaml;
  ReplaceOnce(&y, "description: \"Mini test biped\"\n", "");
  ReplaceOnce(&y, "hands:\n  left: {body: left_hand, palm_site: left_palm}\n", "");
  ReplaceOnce(&y, "head_camera: head_rgbd\n", "");
  ReplaceOnce(&y,
              "joints:\n  left_knee: {component: mini-j20, kp: 80}\n"
              "  right_knee: {component: mini-j20, kd: 3}\n",
              "");
  const std::size_t posture = y.find("nominal_posture:");
  ASSERT_NE(posture, std::string::npos);
  y.erase(posture);  // nominal_posture and everything after it
  ReplaceOnce(&y, "    force_sensor: left_foot_force\n    torque_sensor: left_foot_torque\n", "");
  const RobotSpec spec = LoadRobot(mini.Write(), FixtureComponents());
  EXPECT_EQ(spec.description, "");
  EXPECT_TRUE(spec.hands.empty());
  EXPECT_EQ(spec.head_camera, "");
  EXPECT_TRUE(spec.touch_sensors.empty());
  EXPECT_TRUE(spec.cameras.empty());
  EXPECT_FALSE(spec.feet[0].has_force_torque());
  EXPECT_TRUE(spec.feet[1].has_force_torque());
  EXPECT_DOUBLE_EQ(spec.battery.capacity_Wh, 0);
  EXPECT_EQ(spec.joints[spec.JointIndex("left_knee")].component, "mini-j10");
  // All joints at 0: straight legs, 0.06 + 0.24 + 0.24 + 0.045 below the base.
  EXPECT_NEAR(spec.standing_base_height_m, 0.585, 1e-9);
}

TEST(RobotSpec, UnlimitedJointHasNoRangeAndAnyNominalPosition) {
  MiniCopy mini;
  ReplaceOnce(&mini.xml, "<joint name=\"head_yaw\" type=\"hinge\" axis=\"0 0 1\" range=\"-1 1\"/>",
              "<joint name=\"head_yaw\" type=\"hinge\" axis=\"0 0 1\"/>");
  ReplaceOnce(&mini.yaml, "  left_hip_pitch: -0.3\n", "  left_hip_pitch: -0.3\n  head_yaw: 5\n");
  const RobotSpec spec = LoadRobot(mini.Write(), FixtureComponents());
  const JointSpec& head = spec.joints[spec.JointIndex("head_yaw")];
  EXPECT_FALSE(head.limited);
  EXPECT_DOUBLE_EQ(head.nominal_rad, 5);
}

TEST(RobotSpec, RecordsTheLineOfEveryFieldNamingAnMjcfElement) {
  const RobotSpec spec = LoadMini();
  const std::string yaml = testing::ReadText(MiniDir() / "robot.yaml");
  EXPECT_EQ(spec.yaml_lines.at("base_body"), testing::LineOf(yaml, "base_body: pelvis"));
  EXPECT_EQ(spec.yaml_lines.at("feet.left.sole_site"), testing::LineOf(yaml, "sole_site: left"));
  EXPECT_EQ(spec.yaml_lines.at("groups.right_leg.joints[1]"),
            testing::LineOf(yaml, "- right_knee"));
  EXPECT_EQ(spec.yaml_lines.at("groups"), testing::LineOf(yaml, "groups:"));
}

}  // namespace
}  // namespace tianmu::model
