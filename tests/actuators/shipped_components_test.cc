// The datasheets shipped in assets/components: they load, and every integrated joint a robot can
// name delivers the output figures it was designed for.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "tianmu/actuators/datasheet.h"
#include "tianmu/actuators/joint_actuator.h"
#include "tianmu/core/assets.h"

namespace tianmu::actuators {
namespace {

struct Target {
  const char* id;
  double peak_torque_Nm;
  double no_load_speed_radps;
};

// The design targets of the shipped integrated joints (docs/components.md).
constexpr Target kTargets[] = {
    {"tm-j200", 200, 14}, {"tm-j200c", 200, 12}, {"tm-j130", 130, 16}, {"tm-j90", 90, 18},
    {"tm-j60", 60, 18},   {"tm-j30", 30, 20},    {"tm-j12", 12, 20},   {"tm-finger", 2, 10},
};

const ComponentLibrary& Shipped() {
  static const ComponentLibrary lib = LoadComponentLibrary(AssetsDir() / "components");
  return lib;
}

TEST(ShippedComponents, TheAssetsDirectoryLoads) {
  const ComponentLibrary& lib = Shipped();
  EXPECT_EQ(lib.joints.size(), std::size(kTargets));
  for (const auto& [id, sheet] : lib.joints) {
    EXPECT_FALSE(sheet.source.empty()) << id;
    EXPECT_FALSE(sheet.motor.source.empty()) << id;
  }
}

TEST(ShippedComponents, ImuDatasheetsGiveSampleNoiseFromDensityAndRate) {
  const ComponentLibrary& lib = Shipped();
  ASSERT_EQ(lib.imus.count("imu-mems-ahrs"), 1u);
  ASSERT_EQ(lib.imus.count("imu-mems-6axis"), 1u);
  const ImuSheet& ahrs = lib.imus.at("imu-mems-ahrs");
  EXPECT_TRUE(ahrs.ahrs.present);
  EXPECT_FALSE(lib.imus.at("imu-mems-6axis").ahrs.present);
  // 2.4e-4 rad/s/√Hz at 1 kHz: 7.6e-3 rad/s per sample; 1.7e-3 m/s²/√Hz: 0.054 m/s².
  EXPECT_NEAR(ahrs.GyroSampleStdRadPerS(), 2.4e-4 * std::sqrt(1000.0), 1e-12);
  EXPECT_NEAR(ahrs.AccelSampleStdMps2(), 1.7e-3 * std::sqrt(1000.0), 1e-12);
}

TEST(ShippedComponents, EveryIntegratedJointMeetsItsTargetsWithinFivePercent) {
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.id);
    const IntegratedJointSheet& j = Shipped().Joint(t.id);
    // ±5 %: the design tolerance the targets were given with.
    EXPECT_NEAR(j.PeakTorqueNm(), t.peak_torque_Nm, 0.05 * t.peak_torque_Nm);
    EXPECT_NEAR(j.NoLoadSpeedRadps(), t.no_load_speed_radps, 0.05 * t.no_load_speed_radps);
    // Continuous torque is about a third of peak (±5 % of that third).
    EXPECT_NEAR(j.ContinuousTorqueNm(), t.peak_torque_Nm / 3, 0.05 * t.peak_torque_Nm / 3);
    // The driver's current limit does not cut into the motor's peak.
    EXPECT_DOUBLE_EQ(j.MotorPeakTorqueNm(), j.motor.peak_torque_Nm);
  }
}

TEST(ShippedComponents, ContinuousTorqueIsThermallySustainableAtTwentyFiveDegrees) {
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.id);
    const IntegratedJointSheet& j = Shipped().Joint(t.id);
    // Holding the rated continuous torque settles below the derating start, so the simulator
    // can deliver it indefinitely; and the rating is not more than 15 % below what the thermal
    // figures would allow (the datasheet is self-consistent, not arbitrarily conservative).
    EXPECT_LE(SteadyStateTemperatureC(j, j.ContinuousTorqueNm(), 25), j.motor.derating_start_C);
    EXPECT_LE(ThermalContinuousTorqueNm(j, 25), 1.15 * j.ContinuousTorqueNm());
  }
}

TEST(ShippedComponents, NoLoadSpeedMatchesTheBusVoltage) {
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.id);
    const IntegratedJointSheet& j = Shipped().Joint(t.id);
    // Sinusoidal drive with space-vector modulation: line-to-line back-EMF amplitude
    // sqrt(2/3) × k_t × ω reaches the bus voltage at no load, so ω0 ≈ 1.2247 × V / k_t.
    const double expected =
        std::sqrt(1.5) * j.driver.bus_voltage_V / j.motor.torque_constant_Nm_per_A;
    EXPECT_NEAR(j.motor.no_load_speed_radps, expected, 0.03 * expected);
  }
}

TEST(ShippedComponents, DriversAndEncodersAreInTheHumanoidRange) {
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.id);
    const IntegratedJointSheet& j = Shipped().Joint(t.id);
    EXPECT_GE(j.driver.control_rate_hz, 1000);
    EXPECT_LE(j.driver.control_rate_hz, 10000);
    EXPECT_GE(j.driver.latency_s, 0.0002);
    EXPECT_LE(j.driver.latency_s, 0.001);
    EXPECT_TRUE(j.encoder.on_output);
    EXPECT_GE(j.encoder.bits, 14);
    EXPECT_LE(j.encoder.bits, 19);
    EXPECT_NEAR(j.EncoderResolutionRad(), 2 * std::numbers::pi / std::ldexp(1.0, j.encoder.bits),
                1e-15);
  }
}

TEST(ShippedComponents, ReducerTypesMatchTheirRoles) {
  const ComponentLibrary& lib = Shipped();
  EXPECT_EQ(lib.Joint("tm-j200").reducer.type, ReducerType::kPlanetary);
  EXPECT_EQ(lib.Joint("tm-j200c").reducer.type, ReducerType::kCycloidal);
  EXPECT_EQ(lib.Joint("tm-j130").reducer.type, ReducerType::kPlanetary);
  EXPECT_EQ(lib.Joint("tm-j90").reducer.type, ReducerType::kPlanetary);
  EXPECT_EQ(lib.Joint("tm-j30").reducer.type, ReducerType::kHarmonic);
  EXPECT_EQ(lib.Joint("tm-j12").reducer.type, ReducerType::kHarmonic);
  // The cycloidal alternative shares no part with tm-j200: a second supplier.
  const IntegratedJointSheet& a = lib.Joint("tm-j200");
  const IntegratedJointSheet& b = lib.Joint("tm-j200c");
  EXPECT_NE(a.motor.id, b.motor.id);
  EXPECT_NE(a.reducer.id, b.reducer.id);
  EXPECT_NE(a.encoder.id, b.encoder.id);
  EXPECT_NE(a.driver.id, b.driver.id);
}

TEST(ShippedComponents, LegJointHoldsPeakTorqueForSecondsNotMinutes) {
  // A check on the thermal figures: from 25 C, 200 Nm at standstill reaches the derating start
  // in tens of seconds (copper ~770 W), while the continuous torque never does.
  JointActuator a(Shipped().Joint("tm-j200"), 25);
  double t = 0;
  while (a.state().winding_temperature_C < a.sheet().motor.derating_start_C && t < 600) {
    a.Step(200, 0, 0.001);
    t += 0.001;
  }
  EXPECT_GT(t, 5);
  EXPECT_LT(t, 60);
}

}  // namespace
}  // namespace tianmu::actuators
