#include "tianmu/sim/world.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "tianmu/control/posture_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/sim/scene.h"

namespace tianmu::sim {
namespace {

using ::testing::HasSubstr;

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

// Runs the posture controller for `ticks` control ticks through a SimPort.
void Stand(World* world, int ticks) {
  hal::SimPort port(world, {});
  control::PostureController controller(world->spec());
  hal::LowState state;
  hal::LowCmd cmd;
  for (int i = 0; i < ticks; ++i) {
    port.ReadState(&state);
    controller.Compute(state, &cmd);
    port.WriteCommand(cmd);
    port.Advance();
  }
}

// Mass of `body` and everything below it.
double SubtreeMass(const mjModel* m, int body) {
  double mass = 0;
  for (int b = 1; b < m->nbody; ++b) {
    for (int a = b; a > 0; a = m->body_parentid[a]) {
      if (a == body) {
        mass += m->body_mass[b];
        break;
      }
    }
  }
  return mass;
}

TEST(World, SameSeedGivesBitIdenticalTrajectories) {
  WorldOptions options;
  options.seed = 42;
  World a(Tm1(), ResolveScene("flat"), options);
  World b(Tm1(), ResolveScene("flat"), options);
  a.AddPerturbation(ParsePerturbation("t=0.5,body=base,f=60,30,0,dur=0.1"));
  b.AddPerturbation(ParsePerturbation("t=0.5,body=base,f=60,30,0,dur=0.1"));
  Stand(&a, 1500);
  Stand(&b, 1500);
  const int nq = a.model()->nq;
  EXPECT_EQ(std::memcmp(a.data()->qpos, b.data()->qpos, sizeof(mjtNum) * nq), 0);
  EXPECT_EQ(std::memcmp(a.data()->qvel, b.data()->qvel, sizeof(mjtNum) * a.model()->nv), 0);
  hal::LowState sa, sb;
  a.Sense(&sa);
  b.Sense(&sb);
  EXPECT_EQ(sa.imu.angular_velocity_radps, sb.imu.angular_velocity_radps);
  EXPECT_EQ(sa.dq_radps, sb.dq_radps);
}

TEST(World, DifferentSeedsGiveDifferentSensorNoise) {
  WorldOptions one, two;
  one.seed = 1;
  two.seed = 2;
  World a(Tm1(), ResolveScene("flat"), one);
  World b(Tm1(), ResolveScene("flat"), two);
  hal::LowState sa, sb;
  a.Sense(&sa);
  b.Sense(&sb);
  EXPECT_NE(sa.imu.angular_velocity_radps, sb.imu.angular_velocity_radps);
}

TEST(World, FootSensorsCarryTheWeightAboveThem) {
  WorldOptions options;
  options.sensor_noise = false;
  World world(Tm1(), ResolveScene("flat"), options);
  Stand(&world, 1500);
  hal::LowState state;
  world.Sense(&state);
  const mjModel* m = world.model();
  const double feet_mass =
      SubtreeMass(m, world.binding().feet[0].body) + SubtreeMass(m, world.binding().feet[1].body);
  const double expected_N = (Tm1().total_mass_kg - feet_mass) * 9.81;
  const double measured_N = state.feet[0].force_N[2] + state.feet[1].force_N[2];
  // Standing still after 1.5 s: only small residual accelerations remain (2 %).
  EXPECT_NEAR(measured_N, expected_N, 0.02 * expected_N);
  EXPECT_GT(state.feet[0].force_N[2], 0.25 * expected_N);
  EXPECT_GT(state.feet[1].force_N[2], 0.25 * expected_N);
  // The ground truth contact forces carry the whole robot.
  const GroundTruth truth = world.Truth();
  const double contact_N = truth.foot_contact_force_N[0][2] + truth.foot_contact_force_N[1][2];
  EXPECT_NEAR(contact_N, Tm1().total_mass_kg * 9.81, 0.02 * Tm1().total_mass_kg * 9.81);
  // Standing on both feet with the weight inside them: the centre of pressure is under the sole.
  for (int f = 0; f < 2; ++f) {
    const double fz = state.feet[f].force_N[2];
    const double cop_x = -state.feet[f].torque_Nm[1] / fz;
    const double cop_y = state.feet[f].torque_Nm[0] / fz;
    EXPECT_LT(std::abs(cop_x), Tm1().feet[f].sole_length_m / 2) << "foot " << f;
    EXPECT_LT(std::abs(cop_y), Tm1().feet[f].sole_width_m / 2) << "foot " << f;
  }
}

TEST(World, AccelerometerReadsGravityAtRest) {
  WorldOptions options;
  options.sensor_noise = false;
  World world(Tm1(), ResolveScene("flat"), options);
  Stand(&world, 1000);
  hal::LowState state;
  world.Sense(&state);
  const auto& a = state.imu.linear_acceleration_mps2;
  EXPECT_NEAR(std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]), 9.81, 0.1);
}

TEST(World, ComponentModelsSetArmatureAndFrictionFromDatasheets) {
  WorldOptions with, ideal;
  ideal.component_models = false;
  World a(Tm1(), ResolveScene("flat"), with);
  World b(Tm1(), ResolveScene("flat"), ideal);
  for (int j = 0; j < Tm1().num_joints(); ++j) {
    const int dof = a.binding().joint_dof_adr[j];
    const auto& sheet = Tm1().joints[j].sheet;
    EXPECT_NEAR(a.model()->dof_armature[dof] - b.model()->dof_armature[dof],
                sheet.ReflectedInertiaKgm2(), 1e-12);
    EXPECT_NEAR(a.model()->dof_frictionloss[dof] - b.model()->dof_frictionloss[dof],
                sheet.reducer.coulomb_friction_Nm, 1e-12);
  }
}

TEST(World, PushOnUnknownBodyIsAnInputError) {
  World world(Tm1(), ResolveScene("flat"), {});
  try {
    world.AddPerturbation(ParsePerturbation("t=1,body=tail,f=1,0,0"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'tail'"));
  }
  EXPECT_NO_THROW(world.AddPerturbation(ParsePerturbation("t=1,body=base,f=1,0,0")));
}

TEST(World, FrictionImpedanceRatioIsAppliedAndValidated) {
  const double model_default = World(Tm1(), ResolveScene("flat"), {}).model()->opt.impratio;
  WorldOptions stiff;
  stiff.friction_impedance_ratio = 10;
  EXPECT_EQ(World(Tm1(), ResolveScene("flat"), stiff).model()->opt.impratio, 10);
  EXPECT_NE(model_default, 10);
  for (double bad : {-1.0, 1e4, std::nan("")}) {
    WorldOptions options;
    options.friction_impedance_ratio = bad;
    try {
      World world(Tm1(), ResolveScene("flat"), options);
      FAIL() << bad;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("friction_impedance_ratio"));
    }
  }
}

TEST(World, StandsWithoutPushAndFallsUnderAHugePush) {
  World calm(Tm1(), ResolveScene("flat"), {});
  Stand(&calm, 2000);
  EXPECT_FALSE(calm.Fallen());
  World pushed(Tm1(), ResolveScene("flat"), {});
  pushed.AddPerturbation(ParsePerturbation("t=0.2,body=base,impulse=150,0,0,dur=0.1"));
  Stand(&pushed, 2000);
  EXPECT_TRUE(pushed.Fallen());
  EXPECT_GT(pushed.Truth().base_position_m[0], 0.1);  // it fell forwards, the way it was pushed
}

}  // namespace
}  // namespace tianmu::sim
