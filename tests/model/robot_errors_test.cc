// LoadRobot on broken variants of the `mini` fixture: each edit makes one thing wrong, and the
// error must name the robot.yaml file, the line of the offending field and the field itself, and
// say what was wrong (so a user can fix it without reading the loader).
#include <gtest/gtest.h>

#include <string>

#include "mini_fixture.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

using testing::FixtureComponents;
using testing::LineOf;
using testing::MiniCopy;
using testing::ReplaceOnce;

class BrokenRobot : public ::testing::Test {
 protected:
  void EditYaml(const std::string& from, const std::string& to) {
    ReplaceOnce(&mini_.yaml, from, to);
  }
  void EditXml(const std::string& from, const std::string& to) {
    ReplaceOnce(&mini_.xml, from, to);
  }

  /// Loads the edited robot and expects InputError at `field`, on the line of the edited yaml
  /// holding `line_marker`, with `message` in the text.
  void ExpectError(const std::string& field, const std::string& line_marker,
                   const std::string& message) {
    if (HasFatalFailure()) return;
    const int line = LineOf(mini_.yaml, line_marker);
    ASSERT_GT(line, 0) << "no line holds '" << line_marker << "'";
    const std::filesystem::path yaml = mini_.Write();
    try {
      LoadRobot(yaml, FixtureComponents());
      ADD_FAILURE() << "loaded without error; expected " << field << ": " << message;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_EQ(e.file(), yaml.string()) << what;
      EXPECT_EQ(e.line(), line) << what;
      EXPECT_EQ(e.field(), field) << what;
      const std::string prefix = yaml.string() + ":" + std::to_string(line) + ": " + field + ": ";
      EXPECT_EQ(what.rfind(prefix, 0), 0u) << what;
      EXPECT_NE(what.find(message), std::string::npos) << what;
    }
  }

  MiniCopy mini_;
};

// ---- YAML structure and types ----

TEST_F(BrokenRobot, MissingTopLevelFieldIsReportedAtTheTopLevelMap) {
  EditYaml("base_body: pelvis\n", "");
  ExpectError("base_body", "name: mini", "missing required field");
}

TEST_F(BrokenRobot, MissingNestedFieldIsReportedAtItsMap) {
  EditYaml("    sole_width_m: 0.08\n", "");
  ExpectError("feet.left.sole_width_m", "body: left_foot", "missing required field");
}

TEST_F(BrokenRobot, UnknownTopLevelKeyIsRejected) {
  EditYaml("base_body: pelvis\n", "base_body: pelvis\nbase_bdy: pelvis\n");
  ExpectError("base_bdy", "base_bdy", "unknown field");
}

TEST_F(BrokenRobot, UnknownKeyInsideAGroupIsRejected) {
  EditYaml("    kp: 5\n", "    kp: 5\n    gain: 3\n");
  ExpectError("groups.head.gain", "gain: 3", "unknown field");
}

TEST_F(BrokenRobot, UnknownKeyInAFlowMapIsRejected) {
  EditYaml("{capacity_Wh: 100, voltage_V: 24}", "{capacity_Wh: 100, volts: 24}");
  ExpectError("battery.volts", "battery:", "unknown field");
}

TEST_F(BrokenRobot, TextWhereANumberBelongsIsAWrongType) {
  EditYaml("    sole_length_m: 0.18\n", "    sole_length_m: long\n");
  ExpectError("feet.left.sole_length_m", "sole_length_m: long", "expected a");
}

TEST_F(BrokenRobot, ListWhereANumberBelongsIsAWrongType) {
  EditYaml("    kp: 5\n", "    kp: [1, 2]\n");
  ExpectError("groups.head.kp", "kp: [1, 2]", "expected a number");
}

TEST_F(BrokenRobot, NonIntegerCameraWidthIsAWrongType) {
  EditYaml("width_px: 64", "width_px: 64.5");
  ExpectError("cameras[0].width_px", "width_px: 64.5", "expected an integer");
}

TEST_F(BrokenRobot, ZeroCameraHeightIsRejected) {
  EditYaml("height_px: 48", "height_px: 0");
  ExpectError("cameras[0].height_px", "height_px: 0", "expected an integer > 0");
}

TEST_F(BrokenRobot, CameraFocalLengthWithoutThePrincipalPointIsIncomplete) {
  EditYaml("depth: true}", "depth: true, fx_px: 50, fy_px: 50}");
  ExpectError("cameras[0]", "fx_px: 50", "fx_px, fy_px, cx_px and cy_px go together");
}

TEST_F(BrokenRobot, CameraWithBothFovyAndPinholeIntrinsicsIsAmbiguous) {
  EditYaml("depth: true}",
           "depth: true, fovy_deg: 60, fx_px: 50, fy_px: 50, cx_px: 32, cy_px: 24}");
  ExpectError("cameras[0].fovy_deg", "fovy_deg: 60", "either fovy_deg or fx_px");
}

TEST_F(BrokenRobot, CameraWithNonSquarePixelsCannotBeRendered) {
  EditYaml("depth: true}", "depth: true, fx_px: 50, fy_px: 55, cx_px: 32, cy_px: 24}");
  ExpectError("cameras[0].fy_px", "fy_px: 55", "fy_px equal to fx_px");
}

TEST_F(BrokenRobot, CameraDepthRangeMustBeIncreasing) {
  EditYaml("depth: true}", "depth: true, depth_range_m: [2, 1]}");
  ExpectError("cameras[0].depth_range_m", "depth_range_m", "[near, far] with 0 < near < far");
}

TEST_F(BrokenRobot, CameraRateOutsideItsRangeIsRejected) {
  EditYaml("depth: true}", "depth: true, rate_hz: 0}");
  ExpectError("cameras[0].rate_hz", "rate_hz: 0", "expected");
}

TEST_F(BrokenRobot, NegativeNoiseIsRejected) {
  EditYaml("gyro_std_radps: 0.005", "gyro_std_radps: -0.005");
  ExpectError("sensor_noise.gyro_std_radps", "gyro_std_radps", "expected a number >= 0");
}

TEST_F(BrokenRobot, ZeroBatteryCapacityIsRejected) {
  EditYaml("capacity_Wh: 100", "capacity_Wh: 0");
  ExpectError("battery.capacity_Wh", "battery:", "expected a number > 0");
}

TEST_F(BrokenRobot, NegativeGainIsRejected) {
  EditYaml("    kd: 0.1\n", "    kd: -0.1\n");
  ExpectError("groups.head.kd", "kd: -0.1", "expected a number >= 0");
}

TEST_F(BrokenRobot, NameOutsideThePatternIsRejected) {
  EditYaml("name: mini\n", "name: Mini Robot\n");
  ExpectError("name", "name: Mini", "a robot name made of [a-z0-9_-]");
}

TEST_F(BrokenRobot, UnknownGroupNameIsRejected) {
  EditYaml("  head:\n", "  neck:\n");
  ExpectError("groups.neck", "neck:", "unknown group (expected one of: left_leg");
}

TEST_F(BrokenRobot, BothLegGroupsAreRequired) {
  EditYaml("  right_leg:\n", "  right_arm:\n");
  ExpectError("groups.right_leg", "groups:", "missing required group");
}

TEST_F(BrokenRobot, EmptyJointListIsRejected) {
  EditYaml("joints: [head_yaw]", "joints: []");
  ExpectError("groups.head.joints", "joints: []", "expected a non-empty list");
}

TEST_F(BrokenRobot, ForceSensorWithoutTorqueSensorIsRejected) {
  EditYaml(",\n          force_sensor: right_foot_force, torque_sensor: right_foot_torque}",
           ",\n          force_sensor: right_foot_force}");
  ExpectError("feet.right.force_sensor", "force_sensor: right_foot_force}",
              "given without feet.right.torque_sensor");
}

TEST_F(BrokenRobot, TorqueSensorWithoutForceSensorIsRejected) {
  EditYaml("    force_sensor: left_foot_force\n", "");
  ExpectError("feet.left.torque_sensor", "torque_sensor: left_foot_torque",
              "given without feet.left.force_sensor");
}

TEST_F(BrokenRobot, MalformedYamlIsASyntaxErrorWithItsLine) {
  EditYaml("  site: imu\n", "  site: [imu\n");
  const std::filesystem::path yaml = mini_.Write();
  try {
    LoadRobot(yaml, FixtureComponents());
    FAIL() << "loaded a malformed file";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), yaml.string());
    // yaml-cpp reports where it gave up on the unclosed list: at or after the '[' line.
    EXPECT_GE(e.line(), LineOf(mini_.yaml, "site: [imu"));
    EXPECT_NE(std::string(e.what()).find("YAML syntax error"), std::string::npos) << e.what();
  }
}

TEST_F(BrokenRobot, MissingRobotYamlIsReported) {
  try {
    LoadRobot(mini_.dir.path() / "nothing.yaml", FixtureComponents());
    FAIL() << "loaded a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (mini_.dir.path() / "nothing.yaml").string());
    EXPECT_NE(std::string(e.what()).find("cannot open file"), std::string::npos) << e.what();
  }
}

// ---- groups, overrides, passive joints, posture (checked before the MJCF) ----

TEST_F(BrokenRobot, JointInTwoGroupsIsRejected) {
  EditYaml("      - right_ankle_pitch\n", "      - right_ankle_pitch\n      - left_knee\n");
  ExpectError("groups.right_leg.joints[3]", "- left_knee", "already in group 'left_leg'");
}

TEST_F(BrokenRobot, UnknownComponentNamesTheFieldAndKnownIds) {
  EditYaml("    component: mini-j10\n    kp: 5\n", "    component: mini-j99\n    kp: 5\n");
  ExpectError("groups.head.component", "mini-j99",
              "unknown integrated joint 'mini-j99' (expected an integrated_joint id; known: "
              "mini-j10, mini-j20)");
}

TEST_F(BrokenRobot, MotorIdIsNotAnIntegratedJoint) {
  EditYaml("{component: mini-j20, kp: 80}", "{component: mini-motor, kp: 80}");
  ExpectError("joints.left_knee.component", "mini-motor", "'mini-motor' is a motor");
}

TEST_F(BrokenRobot, OverrideOfAJointOutsideTheGroupsIsRejected) {
  EditYaml("  left_knee: {component", "  left_kne: {component");
  ExpectError("joints.left_kne", "left_kne:", "unknown joint 'left_kne'");
}

TEST_F(BrokenRobot, UnknownKeyInAnOverrideIsRejected) {
  EditYaml("{component: mini-j20, kd: 3}", "{component: mini-j20, damping: 3}");
  ExpectError("joints.right_knee.damping", "damping: 3", "unknown field");
}

TEST_F(BrokenRobot, PassiveJointAlsoInAGroupIsRejected) {
  EditYaml("passive_joints: [left_finger_distal]",
           "passive_joints: [left_finger_distal, head_yaw]");
  ExpectError("passive_joints[1]", "passive_joints:", "also in group 'head'");
}

TEST_F(BrokenRobot, NominalPostureOfAnUnknownJointIsRejected) {
  EditYaml("  left_knee: 0.6\n", "  left_knee: 0.6\n  neck_pitch: 0.1\n");
  ExpectError("nominal_posture.neck_pitch", "neck_pitch: 0.1", "unknown joint 'neck_pitch'");
}

// ---- the MJCF file ----

TEST_F(BrokenRobot, MissingMjcfIsReportedAtTheModelField) {
  EditYaml("model: mini.xml\n", "model: nothing.xml\n");
  ExpectError("model", "model: nothing.xml", "no file '");
}

TEST_F(BrokenRobot, MjcfThatFailsToCompileIsReportedWithMujocosMessage) {
  EditXml("<geom type=\"sphere\" size=\"0.06\" mass=\"1\"/>",
          "<geom type=\"sphere\" size=\"0.06\" mass=\"1\" bogus=\"1\"/>");
  ExpectError("model", "model: mini.xml", "MuJoCo could not load the model");
}

TEST_F(BrokenRobot, MjcfThatIsNotXmlIsReported) {
  mini_.xml = "this is not xml\n";
  ExpectError("model", "model: mini.xml", "mini.xml: MuJoCo could not load the model");
}

// ---- names looked up in the MJCF ----

TEST_F(BrokenRobot, UnknownBaseBody) {
  EditYaml("base_body: pelvis\n", "base_body: torso\n");
  ExpectError("base_body", "base_body: torso", "no body 'torso' in mini.xml");
}

TEST_F(BrokenRobot, BaseBodyWithoutFreeJoint) {
  EditYaml("base_body: pelvis\n", "base_body: head\n");
  ExpectError("base_body", "base_body: head", "body 'head' in mini.xml has no free joint");
}

TEST_F(BrokenRobot, UnknownSoleSiteNamesSiteAndModel) {
  EditYaml("sole_site: left_sole", "sole_site: lft_sole");
  ExpectError("feet.left.sole_site", "lft_sole", "no site 'lft_sole' in mini.xml");
}

TEST_F(BrokenRobot, UnknownFootBodyInAFlowMap) {
  EditYaml("{body: right_foot,", "{body: right_foott,");
  ExpectError("feet.right.body", "right_foott", "no body 'right_foott' in mini.xml");
}

TEST_F(BrokenRobot, UnknownImuSite) {
  EditYaml("  site: imu\n", "  site: imu_frame\n");
  ExpectError("imu.site", "site: imu_frame", "no site 'imu_frame' in mini.xml");
}

TEST_F(BrokenRobot, UnknownImuSensor) {
  EditYaml("accelerometer_sensor: imu_acc", "accelerometer_sensor: imu_accel");
  ExpectError("imu.accelerometer_sensor", "imu_accel", "no sensor 'imu_accel' in mini.xml");
}

TEST_F(BrokenRobot, GyroOfTheWrongSensorType) {
  EditYaml("gyro_sensor: imu_gyro", "gyro_sensor: imu_vel");
  ExpectError("imu.gyro_sensor", "imu_vel",
              "sensor 'imu_vel' in mini.xml is a <velocimeter> sensor (expected <gyro>)");
}

TEST_F(BrokenRobot, OrientationSensorOfTheWrongType) {
  EditYaml("orientation_sensor: imu_quat", "orientation_sensor: imu_gyro");
  ExpectError("imu.orientation_sensor", "orientation_sensor", "(expected <framequat>)");
}

TEST_F(BrokenRobot, UnknownImuComponentIsRejectedWithTheKnownOnes) {
  EditYaml("accelerometer_sensor: imu_acc\n",
           "accelerometer_sensor: imu_acc\n  component: imu-bmi999\n");
  ExpectError("imu.component", "imu-bmi999", "unknown IMU 'imu-bmi999'");
}

TEST_F(BrokenRobot, OrientationSensorNeedsAnImuWithAnAhrsOutput) {
  // A datasheet without `ahrs:` (written beside the fixture's components) has no orientation.
  EditYaml("accelerometer_sensor: imu_acc\n",
           "accelerometer_sensor: imu_acc\n  component: mini-imu-6axis\n");
  ExpectError("imu.orientation_sensor", "orientation_sensor", "has no orientation output");
}

TEST_F(BrokenRobot, ImuWithoutOrientationSensorLoads) {
  EditYaml("  orientation_sensor: imu_quat\n", "");
  const RobotSpec spec = LoadRobot(mini_.Write(), FixtureComponents());
  EXPECT_FALSE(spec.imu.has_orientation());
}

TEST_F(BrokenRobot, ImuSensorOnAnotherSite) {
  EditYaml("gyro_sensor: imu_gyro", "gyro_sensor: aux_gyro");
  ExpectError("imu.gyro_sensor", "aux_gyro",
              "sensor 'aux_gyro' in mini.xml is attached to site 'pelvis_aux' (expected site "
              "'imu')");
}

TEST_F(BrokenRobot, FootForceSensorOfTheWrongType) {
  EditYaml("    force_sensor: left_foot_force\n", "    force_sensor: left_foot_torque\n");
  ExpectError("feet.left.force_sensor", "force_sensor: left_foot_torque", "(expected <force>)");
}

TEST_F(BrokenRobot, FootForceAndTorqueOnDifferentSites) {
  EditXml("<torque name=\"left_foot_torque\" site=\"left_ft\"/>",
          "<torque name=\"left_foot_torque\" site=\"left_sole\"/>");
  ExpectError("feet.left.torque_sensor", "torque_sensor: left_foot_torque",
              "is not on the site of 'left_foot_force'");
}

TEST_F(BrokenRobot, UnknownPalmSite) {
  EditYaml("palm_site: left_palm}", "palm_site: left_palmm}");
  ExpectError("hands.left.palm_site", "left_palmm", "no site 'left_palmm' in mini.xml");
}

TEST_F(BrokenRobot, UnknownHandBody) {
  EditYaml("{body: left_hand,", "{body: left_hnd,");
  ExpectError("hands.left.body", "left_hnd", "no body 'left_hnd' in mini.xml");
}

TEST_F(BrokenRobot, UnknownHeadCamera) {
  EditYaml("head_camera: head_rgbd\n", "head_camera: head_cam\n");
  ExpectError("head_camera", "head_cam", "no camera 'head_cam' in mini.xml");
}

TEST_F(BrokenRobot, UnknownCarriedCamera) {
  EditYaml("{name: head_rgbd,", "{name: chest_rgbd,");
  ExpectError("cameras[0].name", "chest_rgbd", "no camera 'chest_rgbd' in mini.xml");
}

TEST_F(BrokenRobot, UnknownGroupJoint) {
  EditYaml("joints: [head_yaw]", "joints: [head_yw]");
  ExpectError("groups.head.joints[0]", "head_yw", "no joint 'head_yw' in mini.xml");
}

TEST_F(BrokenRobot, RenamingAGroupJointLeavesItsOverrideDangling) {
  EditYaml("[left_hip_pitch, left_knee, left_ankle_pitch]",
           "[left_hip_pitch, left_kne, left_ankle_pitch]");
  ExpectError("joints.left_knee", "left_knee: {component", "unknown joint 'left_knee'");
}

TEST_F(BrokenRobot, FreeJointInAGroup) {
  EditYaml("joints: [head_yaw]", "joints: [root]");
  ExpectError("groups.head.joints[0]", "joints: [root]",
              "joint 'root' in mini.xml is a free joint (expected a hinge or slide joint)");
}

TEST_F(BrokenRobot, UnknownPassiveJoint) {
  EditYaml("[left_finger_distal]", "[left_finger_tip]");
  ExpectError("passive_joints[0]", "left_finger_tip", "no joint 'left_finger_tip' in mini.xml");
}

TEST_F(BrokenRobot, UnknownTouchSensor) {
  EditYaml("touch_sensors: [left_palm_touch]", "touch_sensors: [right_palm_touch]");
  ExpectError("touch_sensors[0]", "right_palm_touch", "no sensor 'right_palm_touch' in mini.xml");
}

TEST_F(BrokenRobot, TouchSensorOfTheWrongType) {
  EditYaml("touch_sensors: [left_palm_touch]", "touch_sensors: [left_palm_touch, imu_acc]");
  ExpectError("touch_sensors[1]",
              "touch_sensors:", "is a <accelerometer> sensor (expected <touch>)");
}

// ---- actuators ----

TEST_F(BrokenRobot, JointWithoutActuator) {
  EditXml("    <motor name=\"head_yaw_motor\" joint=\"head_yaw\"/>\n", "");
  ExpectError(
      "groups.head.joints[0]", "joints: [head_yaw]",
      "joint 'head_yaw' has no actuator in mini.xml (expected one <motor joint=\"head_yaw\"/> or "
      "<position joint=\"head_yaw\" kp=\"...\"/>)");
}

TEST_F(BrokenRobot, VelocityActuatorInsteadOfMotorOrServo) {
  EditXml("<motor name=\"head_yaw_motor\" joint=\"head_yaw\"/>",
          "<velocity name=\"head_yaw_motor\" joint=\"head_yaw\" kv=\"10\"/>");
  ExpectError("groups.head.joints[0]", "joints: [head_yaw]",
              "actuator 'head_yaw_motor' driving joint 'head_yaw' in mini.xml is a <velocity> "
              "servo");
}

TEST_F(BrokenRobot, TwoActuatorsOnOneJoint) {
  EditXml("<motor name=\"head_yaw_motor\" joint=\"head_yaw\"/>",
          "<motor name=\"head_yaw_motor\" joint=\"head_yaw\"/>\n"
          "    <motor name=\"head_yaw_boost\" joint=\"head_yaw\"/>");
  ExpectError("groups.head.joints[0]", "joints: [head_yaw]",
              "driven by 2 actuators in mini.xml ('head_yaw_motor', 'head_yaw_boost'");
}

TEST_F(BrokenRobot, PassiveJointWithAnActuator) {
  EditXml("<motor name=\"left_finger_motor\" joint=\"left_finger\"/>",
          "<motor name=\"left_finger_motor\" joint=\"left_finger\"/>\n"
          "    <motor name=\"left_distal_motor\" joint=\"left_finger_distal\"/>");
  ExpectError("passive_joints[0]", "passive_joints:",
              "passive joint 'left_finger_distal' is driven by actuator 'left_distal_motor'");
}

// ---- whole-model checks ----

TEST_F(BrokenRobot, JointInNeitherGroupNorPassiveListIsUnaccounted) {
  EditYaml("passive_joints: [left_finger_distal]\n", "");
  ExpectError("groups", "groups:",
              "joints of mini.xml in no group and not in passive_joints: left_finger_distal");
}

TEST_F(BrokenRobot, NewMjcfJointMissingFromRobotYamlIsUnaccounted) {
  EditXml("<joint name=\"left_ankle_pitch\" axis=\"0 1 0\" range=\"-1 1\"/>",
          "<joint name=\"left_ankle_pitch\" axis=\"0 1 0\" range=\"-1 1\"/>\n"
          "            <joint name=\"left_ankle_roll\" axis=\"1 0 0\" range=\"-0.5 0.5\"/>");
  ExpectError("passive_joints", "passive_joints:", "left_ankle_roll");
}

TEST_F(BrokenRobot, NominalPostureOutsideTheJointRange) {
  EditYaml("  left_knee: 0.6\n", "  left_knee: -0.5\n");
  ExpectError("nominal_posture.left_knee", "left_knee: -0.5",
              "expected a position inside the range of joint 'left_knee' [0");
}

TEST_F(BrokenRobot, RestPostureOutsideTheJointRange) {
  EditYaml("battery: {capacity_Wh: 100, voltage_V: 24}\n",
           "battery: {capacity_Wh: 100, voltage_V: 24}\nrest_posture:\n  left_knee: -0.5\n");
  ExpectError("rest_posture.left_knee", "left_knee: -0.5",
              "expected a position inside the range of joint 'left_knee' [0");
}

TEST_F(BrokenRobot, RestPostureOfAnUnknownJointIsRejected) {
  EditYaml("battery: {capacity_Wh: 100, voltage_V: 24}\n",
           "battery: {capacity_Wh: 100, voltage_V: 24}\nrest_posture:\n  tail: 0.2\n");
  ExpectError("rest_posture.tail", "tail: 0.2", "unknown joint 'tail'");
}

TEST_F(BrokenRobot, EstopCategoryMustBeOneOrTwo) {
  EditYaml("battery: {capacity_Wh: 100, voltage_V: 24}\n",
           "battery: {capacity_Wh: 100, voltage_V: 24}\nestop: {category: 0}\n");
  ExpectError("estop.category", "estop:", "expected 1 (stop, lower to the rest posture");
}

TEST_F(BrokenRobot, SolesAboveTheBaseCannotStand) {
  EditXml("<site name=\"left_sole\" pos=\"0.02 0 -0.045\"/>",
          "<site name=\"left_sole\" pos=\"0.02 0 1.5\"/>");
  EditXml("<site name=\"right_sole\" pos=\"0.02 0 -0.045\"/>",
          "<site name=\"right_sole\" pos=\"0.02 0 1.5\"/>");
  ExpectError("feet", "feet:", "sole sites are not below base body 'pelvis'");
}

}  // namespace
}  // namespace tianmu::model
