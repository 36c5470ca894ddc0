// Actuator styles and model conventions on edited copies of the `mini` fixture: which MJCF
// actuators a joint may have (motor, position servo, damped <general> servo) and the errors for
// the others; robot.yaml range_rad and torque_limit_Nm where the MJCF is silent; the nominal
// posture from an MJCF keyframe (docs/robot-yaml.md, docs/actuators.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "mini_fixture.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_binding.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

using testing::FixtureComponents;
using testing::LineOf;
using testing::MiniCopy;
using testing::ReplaceOnce;

const char kHeadMotor[] = R"(<motor name="head_yaw_motor" joint="head_yaw"/>)";
// The mini model's qpos: free joint (7), head_yaw, left_shoulder_pitch, left_finger,
// left_finger_distal, left leg (hip, knee, ankle), right leg (hip, knee, ankle).
const char kCrouchKey[] =
    R"(<key name="crouch" qpos="0 0 0.6 1 0 0 0  0.2 0.1 0 0  -0.5 1.0 -0.5  -0.4 0.9 -0.45"/>)";
const char kNominalPosture[] =
    "nominal_posture:\n"
    "  left_hip_pitch: -0.3\n"
    "  left_knee: 0.6\n"
    "  left_ankle_pitch: -0.3\n"
    "  right_hip_pitch: -0.3\n"
    "  right_knee: 0.6\n"
    "  right_ankle_pitch: -0.3\n";

class ActuatorStyles : public ::testing::Test {
 protected:
  void EditYaml(const std::string& from, const std::string& to) {
    ReplaceOnce(&mini_.yaml, from, to);
  }
  void EditXml(const std::string& from, const std::string& to) {
    ReplaceOnce(&mini_.xml, from, to);
  }
  void AddKeyframes(const std::string& keys) {
    EditXml("  <sensor>", "  <keyframe>\n    " + keys + "\n  </keyframe>\n  <sensor>");
  }
  RobotSpec Load() { return LoadRobot(mini_.Write(), FixtureComponents()); }
  const JointSpec& Joint(const RobotSpec& spec, const std::string& name) {
    return spec.joints.at(spec.JointIndex(name));
  }

  /// Expects InputError at `field`, on the line of the edited yaml holding `line_marker`, with
  /// `message` in the text.
  void ExpectError(const std::string& field, const std::string& line_marker,
                   const std::string& message) {
    if (HasFatalFailure()) return;
    const int line = LineOf(mini_.yaml, line_marker);
    ASSERT_GT(line, 0) << "no line holds '" << line_marker << "'";
    try {
      Load();
      ADD_FAILURE() << "loaded without error; expected " << field << ": " << message;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_EQ(e.line(), line) << what;
      EXPECT_EQ(e.field(), field) << what;
      EXPECT_NE(what.find(message), std::string::npos) << what;
    }
  }

  MiniCopy mini_;
};

// ---- actuator styles ----

TEST_F(ActuatorStyles, MotorsAreRecordedAsMotors) {
  const RobotSpec spec = Load();
  for (const JointSpec& joint : spec.joints) {
    EXPECT_EQ(joint.actuator_style, ActuatorStyle::kMotor) << joint.name;
    EXPECT_FALSE(joint.ctrl_limited) << joint.name;
  }
}

TEST_F(ActuatorStyles, PositionServoIsAcceptedWithItsGainAndRange) {
  EditXml(kHeadMotor,
          R"(<position name="head_yaw_servo" joint="head_yaw" kp="12" ctrlrange="-0.8 0.9"/>)");
  const RobotSpec spec = Load();
  const JointSpec& head = Joint(spec, "head_yaw");
  EXPECT_EQ(head.actuator, "head_yaw_servo");
  EXPECT_EQ(head.actuator_style, ActuatorStyle::kPositionServo);
  EXPECT_DOUBLE_EQ(head.servo_kp, 12);
  EXPECT_DOUBLE_EQ(head.servo_kv, 0);
  EXPECT_TRUE(head.ctrl_limited);
  EXPECT_DOUBLE_EQ(head.ctrl_lower, -0.8);
  EXPECT_DOUBLE_EQ(head.ctrl_upper, 0.9);
  EXPECT_EQ(Joint(spec, "left_knee").actuator_style, ActuatorStyle::kMotor);
}

TEST_F(ActuatorStyles, DampedGeneralServoIsAcceptedWithItsDamping) {
  EditXml(kHeadMotor, R"(<general name="head_yaw_servo" joint="head_yaw" gainprm="12" )"
                      R"(biastype="affine" biasprm="0 -12 -0.5"/>)");
  const JointSpec& head = Joint(Load(), "head_yaw");
  EXPECT_EQ(head.actuator_style, ActuatorStyle::kPositionServo);
  EXPECT_DOUBLE_EQ(head.servo_kp, 12);
  EXPECT_DOUBLE_EQ(head.servo_kv, 0.5);
  EXPECT_FALSE(head.ctrl_limited);
}

TEST_F(ActuatorStyles, VelocityServoIsRejectedNamingWhatIsSupported) {
  EditXml(kHeadMotor, R"(<velocity name="head_yaw_vel" joint="head_yaw" kv="3"/>)");
  ExpectError("groups.head.joints[0]", "joints: [head_yaw]",
              "actuator 'head_yaw_vel' driving joint 'head_yaw' in mini.xml is a <velocity> "
              "servo (kv 3) (supported: <motor> with gear and gain 1; <position kp>; <general>");
}

TEST_F(ActuatorStyles, CylinderIsRejected) {
  // MuJoCo wants actuators with state (activation) after the stateless ones.
  EditXml(kHeadMotor, "");
  EditXml("  </actuator>", R"(  <cylinder name="head_yaw_cyl" joint="head_yaw"/>)"
                           "\n  </actuator>");
  ExpectError("groups.head.joints[0]", "joints: [head_yaw]",
              "actuator 'head_yaw_cyl' driving joint 'head_yaw' in mini.xml is a <cylinder> or "
              "another actuator with filter (activation) dynamics");
}

TEST_F(ActuatorStyles, GeneralWithABiasThatIsNoServoIsRejected) {
  EditXml(kHeadMotor, R"(<general name="head_yaw_odd" joint="head_yaw" gainprm="12" )"
                      R"(biastype="affine" biasprm="0 -6 0"/>)");
  ExpectError("groups.head.joints[0]", "joints: [head_yaw]",
              "is a <general> actuator with gain 12 and bias [0, -6, 0], not of the servo form");
}

TEST_F(ActuatorStyles, MotorWithAGainOtherThanOneIsRejected) {
  EditXml(kHeadMotor, R"(<general name="head_yaw_motor" joint="head_yaw" gainprm="2"/>)");
  ExpectError("groups.head.joints[0]", "joints: [head_yaw]",
              "is a <general> motor with gain 2 (expected gain 1)");
}

TEST_F(ActuatorStyles, MjcfForceRangeCapsThePeakTorqueThroughTheGear) {
  // left_knee has gear 2: a forcerange of +-1.5 is +-3 Nm at the joint.
  EditXml(R"(<motor name="left_knee_motor" joint="left_knee" gear="2"/>)",
          R"(<motor name="left_knee_motor" joint="left_knee" gear="2" forcerange="-1.5 1.5"/>)");
  const RobotSpec spec = Load();
  const JointSpec& knee = Joint(spec, "left_knee");
  ASSERT_GT(knee.sheet.PeakTorqueNm(), 3.0);
  EXPECT_TRUE(knee.force_limited);
  EXPECT_DOUBLE_EQ(knee.peak_torque_Nm, 3.0);
  EXPECT_DOUBLE_EQ(Joint(spec, "right_knee").peak_torque_Nm,
                   Joint(spec, "right_knee").sheet.PeakTorqueNm());
}

// ---- robot.yaml limits where the MJCF is silent ----

TEST_F(ActuatorStyles, RangeForAnUnlimitedMjcfJointLimitsSpecAndModel) {
  EditXml(R"(axis="0 0 1" range="-1 1"/>)", R"(axis="0 0 1"/>)");
  EditYaml("head:\n    joints: [head_yaw]\n",
           "head:\n    joints: [head_yaw]\n    range_rad: [-0.6, 0.7]\n");
  const RobotSpec spec = Load();
  const JointSpec& head = Joint(spec, "head_yaw");
  EXPECT_TRUE(head.limited);
  EXPECT_TRUE(head.range_from_yaml);
  EXPECT_DOUBLE_EQ(head.lower_rad, -0.6);
  EXPECT_DOUBLE_EQ(head.upper_rad, 0.7);
  // The robot-alone model carries the range too, so physics and controllers agree.
  const int id = mj_name2id(spec.model.get(), mjOBJ_JOINT, "head_yaw");
  EXPECT_EQ(spec.model->jnt_limited[id], 1);
  EXPECT_DOUBLE_EQ(spec.model->jnt_range[2 * id], -0.6);
  EXPECT_DOUBLE_EQ(spec.model->jnt_range[2 * id + 1], 0.7);
}

TEST_F(ActuatorStyles, JointRangeOverridesTheGroupRangeAndGroupRangeSkipsLimitedJoints) {
  EditXml(R"(axis="0 0 1" range="-1 1"/>)", R"(axis="0 0 1"/>)");
  EditYaml("head:\n    joints: [head_yaw]\n",
           "head:\n    joints: [head_yaw]\n    range_rad: [-0.6, 0.7]\n");
  EditYaml("\njoints:\n", "\njoints:\n  head_yaw: {range_rad: [-0.2, 0.3]}\n");
  EditYaml("    joints: [left_hip_pitch, left_knee, left_ankle_pitch]\n",
           "    joints: [left_hip_pitch, left_knee, left_ankle_pitch]\n    range_rad: [-3, 3]\n");
  const RobotSpec spec = Load();
  EXPECT_DOUBLE_EQ(Joint(spec, "head_yaw").lower_rad, -0.2);
  EXPECT_DOUBLE_EQ(Joint(spec, "head_yaw").upper_rad, 0.3);
  // The MJCF limits the leg joints: their ranges stay the MJCF's.
  EXPECT_FALSE(Joint(spec, "left_knee").range_from_yaml);
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").lower_rad, 0);
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").upper_rad, 2.4);
}

TEST_F(ActuatorStyles, JointRangeContradictingTheMjcfIsRejected) {
  EditYaml("\njoints:\n", "\njoints:\n  head_yaw: {range_rad: [-0.2, 0.3]}\n");
  ExpectError("joints.head_yaw.range_rad", "head_yaw: {range_rad",
              "joint 'head_yaw' already has the range [-1, 1] rad in mini.xml (expected "
              "range_rad only for joints the MJCF leaves unlimited)");
}

TEST_F(ActuatorStyles, RangeWithLowerNotBelowUpperIsRejected) {
  EditYaml("\njoints:\n", "\njoints:\n  head_yaw: {range_rad: [0.3, 0.3]}\n");
  ExpectError("joints.head_yaw.range_rad", "head_yaw: {range_rad",
              "expected [lower, upper] with lower < upper");
}

TEST_F(ActuatorStyles, RangeThatIsNotTwoNumbersIsRejected) {
  EditYaml("\njoints:\n", "\njoints:\n  head_yaw: {range_rad: [-0.3, 0, 0.3]}\n");
  ExpectError("joints.head_yaw.range_rad", "head_yaw: {range_rad", "expected a list of 2 numbers");
}

TEST_F(ActuatorStyles, TorqueLimitCapsTheDatasheetPeak) {
  EditYaml("\njoints:\n", "\njoints:\n  head_yaw: {torque_limit_Nm: 0.5}\n");
  const JointSpec& head = Joint(Load(), "head_yaw");
  ASSERT_GT(head.sheet.PeakTorqueNm(), 0.5);
  EXPECT_DOUBLE_EQ(head.torque_limit_Nm, 0.5);
  EXPECT_DOUBLE_EQ(head.peak_torque_Nm, 0.5);
}

TEST_F(ActuatorStyles, NonPositiveTorqueLimitIsRejected) {
  EditYaml("    component: mini-j10\n    kp: 5\n",
           "    component: mini-j10\n    kp: 5\n"
           "    torque_limit_Nm: 0\n");
  ExpectError("groups.head.torque_limit_Nm", "torque_limit_Nm: 0", "expected a number > 0");
}

// ---- nominal posture from keyframes ----

TEST_F(ActuatorStyles, NamedKeyframeGivesThePostureAndNominalPostureEntriesOverrideIt) {
  AddKeyframes(kCrouchKey);
  EditYaml("touch_sensors:", "nominal_keyframe: crouch\ntouch_sensors:");
  const RobotSpec spec = Load();
  EXPECT_DOUBLE_EQ(Joint(spec, "head_yaw").nominal_rad, 0.2);
  EXPECT_DOUBLE_EQ(Joint(spec, "left_shoulder_pitch").nominal_rad, 0.1);
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").nominal_rad, 0.6);  // robot.yaml wins
  EXPECT_EQ(spec.nominal_keyframe, "crouch");
  EXPECT_NE(spec.nominal_source.find("keyframe 'crouch' (nominal_keyframe), 6 joints from "
                                     "nominal_posture"),
            std::string::npos)
      << spec.nominal_source;
}

TEST_F(ActuatorStyles, OnlyKeyframeIsTheNominalPostureWhenRobotYamlGivesNone) {
  AddKeyframes(kCrouchKey);
  EditYaml(kNominalPosture, "");
  const RobotSpec spec = Load();
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").nominal_rad, 1.0);
  EXPECT_DOUBLE_EQ(Joint(spec, "right_ankle_pitch").nominal_rad, -0.45);
  EXPECT_EQ(spec.nominal_keyframe, "crouch");
  EXPECT_NE(spec.nominal_source.find("the only keyframe in mini.xml"), std::string::npos)
      << spec.nominal_source;
  // The standing height follows the deeper crouch: lower than with robot.yaml's posture.
  MiniCopy plain;
  const RobotSpec reference = LoadRobot(plain.Write(), FixtureComponents());
  EXPECT_LT(spec.standing_base_height_m, reference.standing_base_height_m - 0.01);
}

TEST_F(ActuatorStyles, KeyframeNamedHomeIsChosenAmongSeveral) {
  AddKeyframes(
      std::string(R"(<key name="sit" qpos="0 0 0.6 1 0 0 0  0 0 0 0  -1 2 -1  -1 2 -1"/>)") +
      "\n    " + R"(<key name="home" qpos="0 0 0.6 1 0 0 0  0 0 0 0  -0.2 0.4 -0.2 )" +
      R"(-0.2 0.4 -0.2"/>)");
  EditYaml(kNominalPosture, "");
  const RobotSpec spec = Load();
  EXPECT_EQ(spec.nominal_keyframe, "home");
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").nominal_rad, 0.4);
}

TEST_F(ActuatorStyles, SeveralKeyframesWithoutStandOrHomeLeaveTheZeroPosture) {
  AddKeyframes(std::string(R"(<key name="a" qpos="0 0 0.6 1 0 0 0  0 0 0 0  -1 2 -1  -1 2 -1"/>)") +
               "\n    " + R"(<key name="b" qpos="0 0 0.6 1 0 0 0  0 0 0 0  -1 2 -1  -1 2 -1"/>)");
  EditYaml(kNominalPosture, "");
  const RobotSpec spec = Load();
  EXPECT_TRUE(spec.nominal_keyframe.empty());
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").nominal_rad, 0);
  EXPECT_NE(spec.nominal_source.find("all joints at 0"), std::string::npos);
}

TEST_F(ActuatorStyles, NominalPostureInRobotYamlWinsOverTheOnlyKeyframe) {
  AddKeyframes(kCrouchKey);
  const RobotSpec spec = Load();
  EXPECT_DOUBLE_EQ(Joint(spec, "left_knee").nominal_rad, 0.6);
  EXPECT_DOUBLE_EQ(Joint(spec, "head_yaw").nominal_rad, 0);
  EXPECT_TRUE(spec.nominal_keyframe.empty());
  EXPECT_NE(spec.nominal_source.find("robot.yaml nominal_posture"), std::string::npos);
}

TEST_F(ActuatorStyles, UnknownKeyframeIsRejectedListingTheKnownOnes) {
  AddKeyframes(kCrouchKey);
  EditYaml("touch_sensors:", "nominal_keyframe: stand\ntouch_sensors:");
  ExpectError("nominal_keyframe", "nominal_keyframe: stand",
              "no keyframe 'stand' in mini.xml (its keyframes: crouch)");
}

TEST_F(ActuatorStyles, KeyframeOutsideAJointRangeIsRejected) {
  AddKeyframes(
      R"(<key name="bad" qpos="0 0 0.6 1 0 0 0  0 0 0 0  -0.3 -0.5 -0.3  -0.3 0.6 -0.3"/>)");
  EditYaml(kNominalPosture, "nominal_keyframe: bad\n");
  ExpectError("nominal_keyframe", "nominal_keyframe: bad",
              "puts joint 'left_knee' at -0.5, outside its range [0, 2.4] rad");
}

}  // namespace
}  // namespace tianmu::model
