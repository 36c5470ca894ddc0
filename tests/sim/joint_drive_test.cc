#include "tianmu/sim/joint_drive.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tianmu::sim {
namespace {

// A joint with round numbers: motor peak 2 N·m, ratio 50, efficiency 1, no-load speed 500 rad/s
// at the motor, so the output peak is 100 N·m and the output no-load speed 10 rad/s.
model::JointSpec TestJoint(double latency_s, double rate_hz, int bits) {
  model::JointSpec j;
  j.name = "test_joint";
  actuators::IntegratedJointSheet& s = j.sheet;
  s.motor.torque_constant_Nm_per_A = 0.1;
  s.motor.peak_torque_Nm = 2;
  s.motor.continuous_torque_Nm = 1;
  s.motor.no_load_speed_radps = 500;
  s.motor.winding_resistance_ohm = 0.1;
  s.motor.thermal_resistance_K_per_W = 1;
  s.motor.thermal_time_constant_s = 100;
  s.motor.max_winding_temperature_C = 150;
  s.motor.derating_start_C = 120;
  s.reducer.ratio = 50;
  s.reducer.efficiency = 1;
  s.encoder.bits = bits;
  s.encoder.on_output = true;
  s.driver.control_rate_hz = rate_hz;
  s.driver.latency_s = latency_s;
  j.peak_torque_Nm = s.PeakTorqueNm();
  j.max_velocity_radps = s.NoLoadSpeedRadps();
  j.kd_Nms_per_rad = 3;
  return j;
}

DriveTarget Feedforward(double tau_Nm) {
  DriveTarget t;
  t.mode = hal::CommandMode::kActive;
  t.tau_ff_Nm = tau_Nm;
  return t;
}

TEST(JointDrive, TargetTakesEffectAfterTheDriverLatency) {
  JointDrive drive(TestJoint(0.002, 1000, 16), true, 25);
  drive.Receive(Feedforward(10), 0.0);
  EXPECT_DOUBLE_EQ(drive.Step(0.000, 0, 0, 0.001), 0.0);  // still damping, at rest
  EXPECT_DOUBLE_EQ(drive.Step(0.001, 0, 0, 0.001), 0.0);
  EXPECT_NEAR(drive.Step(0.002, 0, 0, 0.001), 10.0, 1e-9);
}

TEST(JointDrive, PdRequestIsHeldBetweenDriverUpdates) {
  model::JointSpec joint = TestJoint(0.0, 250, 16);  // PD every 4 ms
  JointDrive drive(joint, true, 25);
  DriveTarget t;
  t.mode = hal::CommandMode::kActive;
  t.kp_Nm_per_rad = 100;
  t.q_des_rad = 0.1;
  drive.Receive(t, 0.0);
  const double first = drive.Step(0.000, 0.0, 0, 0.001);
  EXPECT_NEAR(first, 10.0, 0.01);  // 100 * (0.1 - 0), up to encoder quantisation
  // The joint has moved, but the driver has not updated yet: the same torque is held.
  EXPECT_DOUBLE_EQ(drive.Step(0.001, 0.05, 0, 0.001), first);
  EXPECT_DOUBLE_EQ(drive.Step(0.003, 0.05, 0, 0.001), first);
  EXPECT_NEAR(drive.Step(0.004, 0.05, 0, 0.001), 5.0, 0.01);
}

TEST(JointDrive, EncoderQuantisesToItsResolution) {
  JointDrive drive(TestJoint(0, 1000, 10), true, 25);
  const double step = 2 * M_PI / 1024;
  EXPECT_DOUBLE_EQ(drive.Encoder(0.4 * step), 0.0);
  EXPECT_DOUBLE_EQ(drive.Encoder(0.6 * step), step);
  EXPECT_DOUBLE_EQ(drive.Encoder(-3.4 * step), -3 * step);
}

TEST(JointDrive, TorqueIsClampedByTheSpeedEnvelope) {
  JointDrive drive(TestJoint(0, 1000, 16), true, 25);
  drive.Receive(Feedforward(1000), 0.0);
  // Motoring at half the no-load speed leaves half the peak: 50 N·m.
  EXPECT_NEAR(drive.Step(0.0, 0, 5.0, 0.001), 50.0, 1e-6);
}

TEST(JointDrive, IdealDriveHasNoLatencyAndClampsAtPeak) {
  JointDrive drive(TestJoint(0.005, 100, 8), false, 25);
  drive.Receive(Feedforward(1000), 0.0);
  EXPECT_DOUBLE_EQ(drive.Step(0.0, 0, 5.0, 0.001), 100.0);
  EXPECT_DOUBLE_EQ(drive.Encoder(0.001234), 0.001234);
}

TEST(JointDrive, DampingAndOffModes) {
  JointDrive drive(TestJoint(0, 1000, 16), false, 25);
  DriveTarget damping;
  damping.mode = hal::CommandMode::kDamping;
  drive.Receive(damping, 0.0);
  EXPECT_DOUBLE_EQ(drive.Step(0.0, 0.3, 2.0, 0.001), -6.0);  // -kd * dq = -3 * 2
  DriveTarget off;
  off.mode = hal::CommandMode::kOff;
  drive.Receive(off, 0.001);
  EXPECT_DOUBLE_EQ(drive.Step(0.001, 0.3, 2.0, 0.001), 0.0);
}

TEST(JointDrive, DampingModeWithComponentModelsIsTheDatasheetsDynamicBraking) {
  // k_t² / R × N² × η = 0.01 / 0.1 × 2500 × 1 = 250 N·m·s/rad, far above robot.yaml's kd of 3.
  const model::JointSpec joint = TestJoint(0, 1000, 16);
  EXPECT_DOUBLE_EQ(joint.sheet.ShortCircuitDampingNmsPerRad(), 250.0);
  JointDrive drive(joint, true, 25);
  DriveTarget damping;
  damping.mode = hal::CommandMode::kDamping;
  drive.Receive(damping, 0.0);
  EXPECT_NEAR(drive.Step(0.0, 0.3, 0.01, 0.001), -2.5, 1e-9);
}

TEST(JointDrive, HoldingBrakeGripsOnlyWhileTheDriveIsNotPowered) {
  model::JointSpec joint = TestJoint(0, 1000, 16);
  joint.sheet.brake_holding_torque_Nm = 40;
  JointDrive drive(joint, true, 25);
  drive.Step(0.0, 0, 0, 0.001);
  EXPECT_EQ(drive.BrakeTorqueNm(), 0.0);  // being enabled at start-up: released
  drive.Receive(Feedforward(1), 0.0);
  drive.Step(0.0, 0, 0, 0.001);
  EXPECT_EQ(drive.BrakeTorqueNm(), 0.0);  // powered: released
  DriveTarget damping;
  damping.mode = hal::CommandMode::kDamping;
  drive.Receive(damping, 0.001);
  drive.Step(0.001, 0, 0, 0.001);
  EXPECT_EQ(drive.BrakeTorqueNm(), 40.0);
  DriveTarget off;
  off.mode = hal::CommandMode::kOff;
  drive.Receive(off, 0.002);
  drive.Step(0.002, 0, 0, 0.001);
  EXPECT_EQ(drive.BrakeTorqueNm(), 40.0);
  JointDrive ideal(joint, false, 25);  // no component models: no brake either
  ideal.Receive(Feedforward(1), 0.0);
  ideal.Step(0.0, 0, 0, 0.001);
  ideal.Receive(damping, 0.0);
  ideal.Step(0.0, 0, 0, 0.001);
  EXPECT_EQ(ideal.BrakeTorqueNm(), 0.0);
}

TEST(JointDrive, WeakenedActuatorDeliversItsFractionOfTheAvailableTorque) {
  JointDrive drive(TestJoint(0, 1000, 16), true, 25);
  drive.set_strength(0.7);
  drive.Receive(Feedforward(1000), 0.0);
  EXPECT_NEAR(drive.Step(0.0, 0, 0, 0.001), 70.0, 1e-6);
}

TEST(JointDrive, RobotYamlTorqueLimitCapsTheDatasheetPeak) {
  model::JointSpec joint = TestJoint(0.0, 1000, 16);
  joint.torque_limit_Nm = 30;  // below the 100 N·m output peak
  JointDrive drive(joint, true, 25);
  drive.Receive(Feedforward(80), 0.0);
  EXPECT_NEAR(drive.Step(0.0, 0, 0, 0.001), 30.0, 1e-9);
  drive.Receive(Feedforward(-80), 0.001);
  EXPECT_NEAR(drive.Step(0.001, 0, 0, 0.001), -30.0, 1e-9);
}

TEST(ActuatorCtrl, MotorGetsTorqueOverGearAndServoTheSetpointOfThatForce) {
  model::JointSpec joint = TestJoint(0.0, 1000, 16);
  joint.gear = 2;
  EXPECT_DOUBLE_EQ(ActuatorCtrl(joint, 10, 0.4, 1.0), 5.0);
  joint.actuator_style = model::ActuatorStyle::kPositionServo;
  joint.servo_kp = 50;
  joint.servo_kv = 2;
  // force = kp (ctrl - length) - kv velocity = 5 at length 0.4, velocity 1.0.
  const double ctrl = ActuatorCtrl(joint, 10, 0.4, 1.0);
  EXPECT_NEAR(50 * (ctrl - 0.4) - 2 * 1.0, 5.0, 1e-12);
  joint.ctrl_limited = true;
  joint.ctrl_lower = -0.5;
  joint.ctrl_upper = 0.45;
  EXPECT_DOUBLE_EQ(ActuatorCtrl(joint, 10, 0.4, 1.0), 0.45);
}

}  // namespace
}  // namespace tianmu::sim
