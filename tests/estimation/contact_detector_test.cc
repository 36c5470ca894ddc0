// Contact hysteresis on synthetic force sequences, alone and through the StateEstimator.
#include "tianmu/estimation/contact_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tianmu/estimation/state_estimator.h"

namespace tianmu::estimation {
namespace {

TEST(ContactDetector, TurnsOnAboveTheOnThresholdAndOffBelowTheOffThreshold) {
  ContactDetector detector(80.0, 27.0);
  // Ramp up 0 → 300 N in 1 N steps: off until the force exceeds 80 N, then on.
  for (int f = 0; f <= 300; ++f) {
    EXPECT_EQ(detector.Update(f), f > 80) << "at " << f << " N rising";
  }
  // Ramp down 300 → 0 N: on until the force drops below 27 N.
  for (int f = 300; f >= 0; --f) {
    EXPECT_EQ(detector.Update(f), f >= 27) << "at " << f << " N falling";
  }
}

TEST(ContactDetector, ChatteringAroundEitherThresholdDoesNotToggle) {
  ContactDetector detector(80.0, 27.0);
  // Off, with the force chattering ±20 N around the off threshold: stays off.
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(detector.Update(27.0 + ((i % 2) ? 20.0 : -20.0)));
  }
  // Switched on, then chattering ±20 N around the on threshold: stays on.
  EXPECT_TRUE(detector.Update(100.0));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(detector.Update(80.0 + ((i % 2) ? 20.0 : -20.0)));
  }
  // A single excursion below the off threshold does turn it off (hysteresis, not debouncing).
  EXPECT_FALSE(detector.Update(10.0));
}

TEST(ContactDetector, NonFiniteReadingsKeepTheState) {
  ContactDetector detector(80.0, 27.0);
  EXPECT_TRUE(detector.Update(200.0));
  EXPECT_TRUE(detector.Update(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(detector.Update(0.0));
  EXPECT_FALSE(detector.Update(std::numeric_limits<double>::quiet_NaN()));
}

// A TM-1 standing still at its nominal posture, as a LowState would report it.
hal::LowState StandingReading(const model::RobotSpec& spec, double left_fz_N, double right_fz_N,
                              double time_s) {
  hal::LowState state;
  state.Resize(spec.num_joints(), static_cast<int>(spec.touch_sensors.size()));
  state.q_rad = spec.NominalPosture();
  state.time_s = time_s;
  state.imu.linear_acceleration_mps2 = {0, 0, 9.81};
  state.feet[0].valid = state.feet[1].valid = true;
  state.feet[0].force_N = {0, 0, left_fz_N};
  state.feet[1].force_N = {0, 0, right_fz_N};
  return state;
}

TEST(ContactDetector, EstimatorThresholdsAreFractionsOfHalfTheWeight) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  StateEstimator estimator(spec);
  const double half_weight_N = 0.5 * spec.total_mass_kg * 9.81;
  const double on_N = estimator.config().contact_on_fraction * half_weight_N;
  const double off_N = estimator.config().contact_off_fraction * half_weight_N;
  std::cout << "TM-1 contact thresholds: on above " << on_N << " N, off below " << off_N
            << " N (half weight " << half_weight_N << " N)" << std::endl;

  estimator.Reset(StandingReading(spec, 0, 0, 0));
  EXPECT_FALSE(estimator.state().contact[0]);
  int tick = 1;
  // Left foot: ramp up to half the weight; right foot stays unloaded.
  for (double f = 0; f <= half_weight_N; f += 1.0, ++tick) {
    const control::RobotState& s = estimator.Update(StandingReading(spec, f, 0, tick * 1e-3));
    EXPECT_EQ(s.contact[0], f > on_N) << "at " << f << " N";
    EXPECT_FALSE(s.contact[1]);
  }
  // Chatter ±(gap/3) around the midpoint of the band: no toggling.
  const double mid_N = 0.5 * (on_N + off_N), swing_N = (on_N - off_N) / 3;
  for (int i = 0; i < 200; ++i, ++tick) {
    const double f = mid_N + ((i % 2) ? swing_N : -swing_N);
    EXPECT_TRUE(estimator.Update(StandingReading(spec, f, f, tick * 1e-3)).contact[0]);
    EXPECT_FALSE(estimator.state().contact[1]);
  }
  // Ramp down: off only below the off threshold. The normal force is reported per foot.
  for (double f = half_weight_N; f >= 0; f -= 1.0, ++tick) {
    const control::RobotState& s = estimator.Update(StandingReading(spec, f, 0, tick * 1e-3));
    EXPECT_EQ(s.contact[0], f >= off_N) << "at " << f << " N";
    EXPECT_DOUBLE_EQ(estimator.foot(0).normal_force_N, f);
  }
}

}  // namespace
}  // namespace tianmu::estimation
