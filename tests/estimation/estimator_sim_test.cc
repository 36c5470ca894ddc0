// The estimator in closed loop: a robot under joint-PD posture hold in the simulator, the
// estimator fed from SimPort readings only (sensor noise on, fixed seeds), its output compared
// with simulator ground truth. Every test prints its figures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim_harness.h"
#include "tianmu/core/assets.h"

namespace tianmu::estimation::testing {
namespace {

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

const model::RobotSpec& Tm1s() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s");
  return spec;
}

// A lateral sway forced through the posture target: both hip rolls +a and both ankle rolls −a
// keep the soles flat and the pelvis level (a parallelogram in the frontal plane), so the base
// moves sideways while the feet stay put. The amplitude ramps in over 0.5 s.
std::function<void(double, std::vector<double>*)> LateralSway(const model::RobotSpec& spec,
                                                              double amplitude_rad,
                                                              double frequency_hz) {
  const std::vector<int> left = spec.Group("left_leg")->joints;
  const std::vector<int> right = spec.Group("right_leg")->joints;
  const std::vector<double> nominal = spec.NominalPosture();
  return [=](double t, std::vector<double>* target) {
    const double a = amplitude_rad * std::sin(2 * M_PI * frequency_hz * t) * std::min(1.0, t / 0.5);
    *target = nominal;
    for (const std::vector<int>* leg : {&left, &right}) {
      (*target)[(*leg)[1]] += a;  // hip roll
      (*target)[(*leg)[5]] -= a;  // ankle roll
    }
  };
}

void ExpectStoodStill(const SimRunMetrics& m) {
  EXPECT_FALSE(m.fell);
  EXPECT_TRUE(m.all_finite);
  // Requirement: velocity RMSE ≤ 0.02 m/s and orientation within 1°.
  EXPECT_LE(m.velocity_rmse_mps, 0.02);
  EXPECT_LE(m.max_orientation_error_deg, 1.0);
  // Standing still the feet do not move, so the base may only drift as far as the foot estimates
  // random-walk: 1 cm over 10 s leaves a wide margin over the ~1 mm measured.
  EXPECT_LE(m.max_horizontal_drift_m, 0.01);
  EXPECT_LE(m.max_height_error_m, 0.01);
  // Both feet bear about half the weight throughout: contact every tick after the soles settle.
  EXPECT_EQ(m.contact_ticks[0], m.ticks_after_settle);
  EXPECT_EQ(m.contact_ticks[1], m.ticks_after_settle);
}

TEST(EstimatorInSimulation, Tm1StandingTenSecondsTracksTheBaseWithinMillimetres) {
  SimRun run;
  run.spec = &Tm1();
  run.duration_s = 10;
  run.seed = 7;
  const SimRunMetrics m = Simulate(run);
  Print("tm1 standing", m);
  RecordProperty("velocity_rmse_mps", std::to_string(m.velocity_rmse_mps));
  RecordProperty("max_horizontal_drift_m", std::to_string(m.max_horizontal_drift_m));
  RecordProperty("mean_update_us", std::to_string(m.mean_update_us));
  ExpectStoodStill(m);
}

TEST(EstimatorInSimulation, Tm1sStandingTenSecondsTracksTheBaseWithinMillimetres) {
  SimRun run;
  run.spec = &Tm1s();
  run.duration_s = 10;
  run.seed = 7;
  const SimRunMetrics m = Simulate(run);
  Print("tm1s standing", m);
  RecordProperty("velocity_rmse_mps", std::to_string(m.velocity_rmse_mps));
  RecordProperty("max_horizontal_drift_m", std::to_string(m.max_horizontal_drift_m));
  ExpectStoodStill(m);
}

void ExpectTrackedThroughPush(const SimRunMetrics& m, double min_lateral_range_m) {
  ASSERT_FALSE(m.fell) << "the push is meant to be survivable under posture hold";
  EXPECT_TRUE(m.all_finite);
  EXPECT_GE(m.true_lateral_range_m, min_lateral_range_m) << "the push should move the base";
  // Requirement: velocity RMSE ≤ 0.05 m/s over the run.
  EXPECT_LE(m.velocity_rmse_mps, 0.05);
  EXPECT_LE(m.max_orientation_error_deg, 1.0);
  // Lateral position within 1 cm of truth while it sways.
  EXPECT_LE(m.max_lateral_displacement_error_m, 0.01);
}

TEST(EstimatorInSimulation, Tm1SidePushUnloadingAFootIsTrackedAndDetected) {
  // 170 N for 0.1 s at the pelvis (17 N·s): the robot rocks onto its left foot, the right foot
  // carries next to nothing for about half a second (it rests on the ground with little more
  // than its own weight), and the robot settles back. About the largest side push posture hold
  // survives (~175 N).
  SimRun run;
  run.spec = &Tm1();
  run.duration_s = 4;
  run.seed = 11;
  run.pushes = {"t=1,body=base,f=0,170,0,dur=0.1"};
  const SimRunMetrics m = Simulate(run);
  Print("tm1 side push", m);
  RecordProperty("velocity_rmse_mps", std::to_string(m.velocity_rmse_mps));
  ExpectTrackedThroughPush(m, 0.1);
  // The right leg really unloaded, and the estimator saw it: outside the hysteresis band its
  // contact flag agrees with the true leg load on every tick but a handful (F/T noise; 10 ticks =
  // 10 ms).
  EXPECT_GT(m.true_unloaded_ticks[1], 300);
  EXPECT_LE(m.contact_mismatch_ticks[0] + m.contact_mismatch_ticks[1], 10);
}

TEST(EstimatorInSimulation, Tm1ForwardPushIsTracked) {
  // 120 N for 0.1 s forward: the robot pitches onto its toes and back (130 N topples it).
  SimRun run;
  run.spec = &Tm1();
  run.duration_s = 3;
  run.seed = 12;
  run.pushes = {"t=1,body=base,f=120,0,0,dur=0.1"};
  const SimRunMetrics m = Simulate(run);
  Print("tm1 forward push", m);
  ASSERT_FALSE(m.fell);
  EXPECT_LE(m.velocity_rmse_mps, 0.05);
  EXPECT_LE(m.max_orientation_error_deg, 1.0);
  EXPECT_LE(m.max_horizontal_drift_m, 0.01);
}

TEST(EstimatorInSimulation, Tm1sSidePushUnloadingAFootIsTracked) {
  // 99 N for 0.1 s: the right leg unloads for about a third of a second (105 N topples it).
  SimRun run;
  run.spec = &Tm1s();
  run.duration_s = 3;
  run.seed = 13;
  run.pushes = {"t=1,body=base,f=0,99,0,dur=0.1"};
  const SimRunMetrics m = Simulate(run);
  Print("tm1s side push", m);
  ExpectTrackedThroughPush(m, 0.08);
  EXPECT_GT(m.true_unloaded_ticks[1], 200);
  EXPECT_LE(m.contact_mismatch_ticks[0] + m.contact_mismatch_ticks[1], 10);
}

TEST(EstimatorInSimulation, Tm1ForcedSwayLateralDisplacementWithinOneCentimetre) {
  // 0.02 rad at 0.5 Hz excites the robot's lateral rocking: the base swings over ~13 cm and the
  // soles roll on their edges (pelvis tilt ~4°).
  SimRun run;
  run.spec = &Tm1();
  run.duration_s = 4;
  run.seed = 14;
  run.posture = LateralSway(Tm1(), 0.02, 0.5);
  const SimRunMetrics m = Simulate(run);
  Print("tm1 sway", m);
  RecordProperty("max_lateral_displacement_error_m",
                 std::to_string(m.max_lateral_displacement_error_m));
  ExpectTrackedThroughPush(m, 0.05);
}

TEST(EstimatorInSimulation, Tm1sForcedSwayLateralDisplacementWithinOneCentimetre) {
  SimRun run;
  run.spec = &Tm1s();
  run.duration_s = 4;
  run.seed = 15;
  run.posture = LateralSway(Tm1s(), 0.02, 1.0);
  const SimRunMetrics m = Simulate(run);
  Print("tm1s sway", m);
  ExpectTrackedThroughPush(m, 0.03);
}

TEST(EstimatorInSimulation, NonFiniteImuReadingsForATickDoNotPoisonTheEstimate) {
  // Mid-sway, one tick with NaN orientation, gyro and accelerometer, and later one tick with an
  // infinite accelerometer and a NaN knee encoder.
  SimRun run;
  run.spec = &Tm1();
  run.duration_s = 3;
  run.seed = 16;
  run.posture = LateralSway(Tm1(), 0.02, 0.5);
  const int knee = Tm1().Group("left_leg")->joints[3];
  run.corrupt = [knee](int tick, hal::LowState* state) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (tick == 1000) {
      state->imu.orientation_wxyz = {nan, nan, nan, nan};
      state->imu.angular_velocity_radps = {nan, 0, 0};
      state->imu.linear_acceleration_mps2 = {0, nan, 0};
    }
    if (tick == 2000) {
      state->imu.linear_acceleration_mps2[2] = std::numeric_limits<double>::infinity();
      state->q_rad[knee] = nan;
      state->feet[0].force_N[2] = nan;
    }
  };
  const SimRunMetrics m = Simulate(run);
  Print("tm1 sway with NaN ticks", m);
  EXPECT_TRUE(m.all_finite);
  EXPECT_EQ(m.stats.bad_orientation, 1u);
  EXPECT_EQ(m.stats.bad_gyro, 1u);
  EXPECT_EQ(m.stats.bad_accelerometer, 2u);
  EXPECT_EQ(m.stats.bad_joints, 1u);
  EXPECT_EQ(m.stats.bad_foot_wrench, 1u);
  EXPECT_EQ(m.stats.filter_restores, 0u);
  // The held readings cost nothing measurable.
  EXPECT_LE(m.velocity_rmse_mps, 0.02);
  EXPECT_LE(m.max_orientation_error_deg, 1.0);
  EXPECT_LE(m.max_lateral_displacement_error_m, 0.01);
}

TEST(EstimatorInSimulation, WithoutForceTorqueSensorsContactComesFromTheHint) {
  // A robot without foot F/T (readings marked invalid) takes contact from the caller, e.g. the
  // gait phase. The hint declares the right foot in swing from 1 s to 2 s while it is in fact
  // on the ground: the filter then simply stops trusting that foot.
  SimRun run;
  run.spec = &Tm1s();
  run.duration_s = 4;
  run.seed = 17;
  run.posture = LateralSway(Tm1s(), 0.02, 1.0);
  run.corrupt = [](int, hal::LowState* state) {
    for (hal::FootWrench& foot : state->feet) {
      foot.valid = false;
      foot.force_N = {0, 0, 0};
      foot.torque_Nm = {0, 0, 0};
    }
  };
  run.contact_hint = [](double t) { return std::array<bool, 2>{true, t < 1.0 || t >= 2.0}; };
  int hint_mismatch = 0;
  run.observe = [&](const sim::GroundTruth& truth, const StateEstimator& estimator) {
    const bool right_hint = truth.time_s < 1.0 || truth.time_s >= 2.0;
    if (!estimator.state().contact[0] || estimator.state().contact[1] != right_hint) {
      ++hint_mismatch;
    }
    if (estimator.foot(0).force_valid || estimator.foot(1).force_valid) ++hint_mismatch;
  };
  const SimRunMetrics m = Simulate(run);
  Print("tm1s sway without F/T", m);
  EXPECT_EQ(hint_mismatch, 0);
  ExpectTrackedThroughPush(m, 0.03);
}

// TM-1S with its IMU moved 12 cm off the base origin and turned 120° about (1, 1, 1): the
// estimator must convert orientation, gyro and specific force through the site pose it reads
// from the model. Written to a temporary copy of the robot's folder.
std::filesystem::path WriteOffsetImuRobot() {
  const std::filesystem::path source = AssetsDir() / "robots" / "tm1s";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("tianmu-estimation-offset-imu-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(source / "robot.yaml", dir / "robot.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  std::ifstream in(source / "tm1s.xml");
  std::stringstream text;
  text << in.rdbuf();
  std::string xml = text.str();
  const std::string original = R"(<site name="base_imu_site" pos="0 0 0" size="0.01"/>)";
  const std::size_t at = xml.find(original);
  if (at == std::string::npos) return {};
  xml.replace(at, original.size(),
              R"(<site name="base_imu_site" pos="0.05 -0.04 0.10" quat="0.5 0.5 0.5 0.5" )"
              R"(size="0.01"/>)");
  std::ofstream(dir / "tm1s.xml") << xml;
  return dir;
}

TEST(EstimatorInSimulation, OffsetAndRotatedImuIsConvertedToTheBaseFrame) {
  const std::filesystem::path dir = WriteOffsetImuRobot();
  ASSERT_FALSE(dir.empty()) << "tm1s.xml no longer has the expected IMU site line";
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(dir.string());
  SimRun run;
  run.spec = &spec;
  run.duration_s = 4;
  run.seed = 18;
  run.posture = LateralSway(spec, 0.02, 1.0);
  const SimRunMetrics m = Simulate(run);
  Print("tm1s offset IMU sway", m);
  ExpectTrackedThroughPush(m, 0.03);
  EXPECT_LE(m.velocity_rmse_mps, 0.02);
  // The gyro is rotated into the base frame: its error is the sensor noise (0.005 rad/s std).
  EXPECT_LE(m.max_angular_velocity_error_radps, 0.05);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tianmu::estimation::testing
