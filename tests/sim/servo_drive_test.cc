// Position-servo joints driven through the HAL: the simulator realises each LowCmd's impedance law
// through the servo's setpoint (docs/actuators.md). Physical outcomes from the simulator: a servo
// joint tracks its target, applies the commanded torque while the setpoint stays inside the
// servo's ctrlrange, and can only push as hard as the range allows near it; a servo-driven TM-1S
// moves like the motor-driven one and stands under the whole-body controller.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "tianmu/hal/sim_port.h"
#include "tianmu/runtime/controller_factory.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

namespace tianmu::sim {
namespace {

const model::RobotSpec& Robot(const std::string& name) {
  static const model::RobotSpec tm1s = model::LoadRobotByNameOrPath("tm1s");
  static const model::RobotSpec servo = model::LoadRobotByNameOrPath("tm1s-servo");
  return name == "tm1s" ? tm1s : servo;
}

// Ideal drives and no sensor noise: the torque law is exactly kp e + kd de + tau_ff, so the
// servo's output can be checked against it to rounding.
WorldOptions Exact() {
  WorldOptions options;
  options.seed = 5;
  options.component_models = false;
  options.sensor_noise = false;
  return options;
}

// Every joint held at its nominal posture with robot.yaml gains; `joint` gets its own target.
hal::LowCmd HoldCommand(const model::RobotSpec& spec, int joint, double q_des_rad,
                        double tau_ff_Nm) {
  hal::LowCmd cmd;
  cmd.Resize(spec.num_joints());
  for (int j = 0; j < spec.num_joints(); ++j) {
    cmd.q_des_rad[j] = spec.joints[j].nominal_rad;
    cmd.kp_Nm_per_rad[j] = spec.joints[j].kp_Nm_per_rad;
    cmd.kd_Nms_per_rad[j] = spec.joints[j].kd_Nms_per_rad;
  }
  cmd.q_des_rad[joint] = q_des_rad;
  cmd.tau_ff_Nm[joint] = tau_ff_Nm;
  return cmd;
}

TEST(ServoDrive, ServoJointTracksItsTargetAndAppliesTheCommandedTorque) {
  const model::RobotSpec& spec = Robot("tm1s-servo");
  World world(spec, ResolveScene("flat"), Exact());
  hal::SimPort port(&world, {});
  const int elbow = spec.JointIndex("l_elbow_joint");
  const model::JointSpec& joint = spec.joints[elbow];
  ASSERT_EQ(joint.actuator_style, model::ActuatorStyle::kPositionServo);
  const int actuator = world.binding().actuator_id[elbow];
  const double target_rad = -1.2;
  const hal::LowCmd cmd = HoldCommand(spec, elbow, target_rad, 0.0);
  hal::LowState state;
  double worst_torque_error_Nm = 0;
  double largest_torque_Nm = 0;
  for (int tick = 0; tick < 1500; ++tick) {
    port.ReadState(&state);
    const double q = state.q_rad[elbow];
    const double dq = state.dq_radps[elbow];
    const double commanded =
        std::clamp(joint.kp_Nm_per_rad * (target_rad - q) - joint.kd_Nms_per_rad * dq,
                   -joint.peak_torque_Nm, joint.peak_torque_Nm);
    ASSERT_EQ(port.WriteCommand(cmd), hal::CommandStatus::kAccepted);
    port.Advance();
    // The servo's own spring-damper force, from MuJoCo, is the torque the HAL asked for.
    const double applied = world.data()->actuator_force[actuator] * joint.gear;
    worst_torque_error_Nm = std::max(worst_torque_error_Nm, std::abs(applied - commanded));
    largest_torque_Nm = std::max(largest_torque_Nm, std::abs(commanded));
  }
  port.ReadState(&state);
  // The move needed real torque (it saturates at first), and the servo delivered it to rounding.
  EXPECT_GT(largest_torque_Nm, 0.5 * joint.peak_torque_Nm);
  EXPECT_LT(worst_torque_error_Nm, 1e-9);
  // Settled within the forearm's gravity sag at kp (< 0.02 rad for a 0.3 kg forearm at 40 Nm/rad).
  EXPECT_NEAR(state.q_rad[elbow], target_rad, 0.02);
  EXPECT_NEAR(state.dq_radps[elbow], 0.0, 0.01);
}

TEST(ServoDrive, NearItsRangeLimitAServoCanOnlyPushAsHardAsTheRemainingRangeAllows) {
  const model::RobotSpec& spec = Robot("tm1s-servo");
  World world(spec, ResolveScene("flat"), Exact());
  hal::SimPort port(&world, {});
  const int elbow = spec.JointIndex("l_elbow_joint");
  const model::JointSpec& joint = spec.joints[elbow];
  ASSERT_TRUE(joint.ctrl_limited);
  const int actuator = world.binding().actuator_id[elbow];
  // Pure feed-forward towards the upper end of the range, at the joint's peak torque.
  hal::LowCmd cmd = HoldCommand(spec, elbow, 0.0, joint.peak_torque_Nm);
  cmd.kp_Nm_per_rad[elbow] = 0;
  cmd.kd_Nms_per_rad[elbow] = 0;
  hal::LowState state;
  int limited_ticks = 0;
  for (int tick = 0; tick < 1000; ++tick) {
    port.ReadState(&state);
    const double q = world.data()->qpos[world.binding().joint_qpos_adr[elbow]];
    const double dq = world.data()->qvel[world.binding().joint_dof_adr[elbow]];
    ASSERT_EQ(port.WriteCommand(cmd), hal::CommandStatus::kAccepted);
    port.Advance();
    // The most the servo can push: its setpoint at the top of its ctrlrange.
    const double reachable_Nm = joint.gear * (joint.servo_kp * (joint.ctrl_upper - joint.gear * q) -
                                              joint.servo_kv * joint.gear * dq);
    const double applied = world.data()->actuator_force[actuator] * joint.gear;
    EXPECT_NEAR(applied, std::min(joint.peak_torque_Nm, reachable_Nm), 1e-9) << "tick " << tick;
    if (reachable_Nm < 0.5 * joint.peak_torque_Nm) ++limited_ticks;
  }
  // The elbow ended up against the top of the servo's range, where it had little torque left.
  port.ReadState(&state);
  EXPECT_GT(limited_ticks, 100);
  EXPECT_NEAR(state.q_rad[elbow], joint.ctrl_upper, 0.05);
  EXPECT_LT(state.tau_measured_Nm[elbow], 0.5 * joint.peak_torque_Nm);
}

// Final elbow angle after 1 s of full feed-forward torque towards flexion (negative), with the
// elbow's range narrowed to [-0.6, -0.2] as robot.yaml range_rad would when `narrowed`.
double ElbowAfterPushingItDown(bool narrowed) {
  // As LoadRobot leaves a spec whose robot.yaml gave range_rad for an unlimited MJCF joint.
  model::RobotSpec spec = Robot("tm1s-servo");
  const int elbow = spec.JointIndex("l_elbow_joint");
  if (narrowed) {
    spec.joints[elbow].range_from_yaml = true;
    spec.joints[elbow].lower_rad = -0.6;
    spec.joints[elbow].upper_rad = -0.2;
  }
  World world(spec, ResolveScene("flat"), Exact());
  hal::SimPort port(&world, {});
  hal::LowCmd cmd = HoldCommand(spec, elbow, -0.6, -spec.joints[elbow].peak_torque_Nm);
  cmd.kp_Nm_per_rad[elbow] = 0;
  hal::LowState state;
  for (int tick = 0; tick < 1000; ++tick) {
    port.ReadState(&state);
    port.WriteCommand(cmd);
    port.Advance();
  }
  port.ReadState(&state);
  return state.q_rad[elbow];
}

TEST(ServoDrive, RobotYamlRangeStopsAJointInTheSimulationToo) {
  // Free, the elbow folds to its MJCF stop at -2.4 rad; with the narrower range it stops near
  // -0.6 rad (MuJoCo's soft limit gives ~0.1-0.2 rad under peak torque on the light forearm).
  const double free_rad = ElbowAfterPushingItDown(false);
  const double narrowed_rad = ElbowAfterPushingItDown(true);
  EXPECT_LT(free_rad, -2.0);
  EXPECT_GT(narrowed_rad, -0.85);
  EXPECT_LT(narrowed_rad, -0.55);
}

TEST(ServoDrive, ServoTm1sMovesLikeMotorTm1sUnderTheSameCommands) {
  World motors(Robot("tm1s"), ResolveScene("flat"), Exact());
  World servos(Robot("tm1s-servo"), ResolveScene("flat"), Exact());
  hal::SimPort motor_port(&motors, {});
  hal::SimPort servo_port(&servos, {});
  const model::RobotSpec& spec = Robot("tm1s");
  const int hip = spec.JointIndex("l_hip_roll_joint");
  hal::LowState motor_state, servo_state;
  double worst_rad = 0;
  for (int tick = 0; tick < 2000; ++tick) {
    // A lateral sway of the hips: 2 cm-scale motion with real torques in every leg joint.
    const double sway = 0.05 * std::sin(2 * M_PI * 0.5 * tick * 1e-3);
    hal::LowCmd cmd = HoldCommand(spec, hip, sway, 0.0);
    cmd.q_des_rad[spec.JointIndex("r_hip_roll_joint")] = sway;
    cmd.q_des_rad[spec.JointIndex("l_ankle_roll_joint")] = -sway;
    cmd.q_des_rad[spec.JointIndex("r_ankle_roll_joint")] = -sway;
    motor_port.ReadState(&motor_state);
    servo_port.ReadState(&servo_state);
    for (int j = 0; j < spec.num_joints(); ++j) {
      worst_rad = std::max(worst_rad, std::abs(motor_state.q_rad[j] - servo_state.q_rad[j]));
    }
    motor_port.WriteCommand(cmd);
    servo_port.WriteCommand(cmd);
    motor_port.Advance();
    servo_port.Advance();
  }
  // Same body, same torques: the joint paths agree far below encoder resolution (~1e-4 rad).
  EXPECT_LT(worst_rad, 1e-6);
  EXPECT_FALSE(servos.Fallen());
}

TEST(ServoDrive, Tm1sServoStandsTenSecondsUnderTheWholeBodyController) {
  const model::RobotSpec& spec = Robot("tm1s-servo");
  runtime::SimRunOptions options;
  options.scene = ResolveScene("flat");
  options.scene_name = "flat";
  options.duration_s = 10;
  options.world.seed = 11;
  auto controller = runtime::MakeController("wbc", spec);
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, controller.get());
  EXPECT_FALSE(s.fell);
  EXPECT_NEAR(s.duration_s, 10.0, 1e-6);
  // Upright and in place: the bars of the foundation's standing test (tests/runtime).
  EXPECT_LT(s.max_tilt_deg, 3.0);
  EXPECT_LT(s.max_com_drift_m, 0.02);
  EXPECT_EQ(s.rejected_commands, 0u);
  EXPECT_EQ(s.watchdog_trips, 0u);
}

}  // namespace
}  // namespace tianmu::sim
