#include "tianmu/hal/sim_port.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tianmu/control/posture_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/sim/scene.h"

namespace tianmu::hal {
namespace {

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

sim::WorldOptions Quiet() {
  sim::WorldOptions o;
  o.sensor_noise = false;
  return o;
}

TEST(SimPort, RejectedCommandsAreCountedAndNeverApplied) {
  sim::World world(Tm1(), sim::ResolveScene("flat"), Quiet());
  SimPort port(&world, {});
  control::PostureController controller(Tm1());
  LowState state;
  LowCmd cmd;
  for (int i = 0; i < 300; ++i) {
    port.ReadState(&state);
    controller.Compute(state, &cmd);
    // Every other tick a poisoned copy: a NaN target and a huge torque on a hip.
    LowCmd bad = cmd;
    bad.q_des_rad[2] = std::nan("");
    EXPECT_EQ(port.WriteCommand(bad), CommandStatus::kNotFinite);
    bad = cmd;
    bad.tau_ff_Nm[2] = 1e5;
    EXPECT_EQ(port.WriteCommand(bad), CommandStatus::kOutOfRange);
    EXPECT_EQ(port.WriteCommand(cmd), CommandStatus::kAccepted);
    port.Advance();
  }
  EXPECT_EQ(port.stats().rejected_commands, 600u);
  EXPECT_EQ(port.stats().accepted_commands, 300u);
  EXPECT_FALSE(port.stats().watchdog_tripped);
  // Nothing of the bad commands reached the robot: it still stands, the hip near nominal.
  EXPECT_FALSE(world.Fallen());
  port.ReadState(&state);
  EXPECT_NEAR(state.q_rad[2], Tm1().joints[2].nominal_rad, 0.05);
}

TEST(SimPort, WatchdogSwitchesToDampingAfterTheTimeout) {
  sim::World world(Tm1(), sim::ResolveScene("flat"), Quiet());
  SimPortOptions options;
  options.command_timeout_s = 0.02;
  SimPort port(&world, options);
  control::PostureController controller(Tm1());
  LowState state;
  LowCmd cmd;
  for (int i = 0; i < 100; ++i) {
    port.ReadState(&state);
    controller.Compute(state, &cmd);
    port.WriteCommand(cmd);
    port.Advance();
  }
  EXPECT_EQ(port.stats().watchdog_trips, 0u);
  const double silent_from = port.time_s();
  double tripped_at = -1;
  for (int i = 0; i < 100 && tripped_at < 0; ++i) {
    port.Advance();
    if (port.stats().watchdog_tripped) tripped_at = port.time_s();
  }
  ASSERT_GT(tripped_at, 0);
  // Tripped within one control tick after the 20 ms timeout.
  EXPECT_GE(tripped_at - silent_from, 0.020 - 1e-9);
  EXPECT_LE(tripped_at - silent_from, 0.022 + 1e-9);
  EXPECT_EQ(port.stats().watchdog_trips, 1u);
  // Damping: commands are ignored until the watchdog is cleared; the joints only resist speed.
  port.ReadState(&state);
  controller.Compute(state, &cmd);
  cmd.tau_ff_Nm[3] = 50;
  EXPECT_EQ(port.WriteCommand(cmd), CommandStatus::kAccepted);
  port.Advance();
  EXPECT_TRUE(port.stats().watchdog_tripped);
  for (int i = 0; i < 3; ++i) port.Advance();
  port.ReadState(&state);
  // In damping the delivered torque opposes the joint's velocity, whatever was commanded.
  EXPECT_LE(state.tau_measured_Nm[3] * state.dq_radps[3], 1e-9);
  port.ClearWatchdog();
  EXPECT_FALSE(port.stats().watchdog_tripped);
}

TEST(SimPort, ControlPeriodMustBeAMultipleOfThePhysicsStep) {
  sim::World world(Tm1(), sim::ResolveScene("flat"), Quiet());
  SimPortOptions options;
  options.control_period_s = 0.0015;
  EXPECT_THROW(SimPort(&world, options), InputError);
  options.control_period_s = 0.002;
  SimPort port(&world, options);
  port.Advance();
  EXPECT_NEAR(port.time_s(), 0.002, 1e-12);
}

}  // namespace
}  // namespace tianmu::hal
