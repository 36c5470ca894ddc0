// The foundation's baseline: each reference robot stands 10 s under joint PD posture hold.
#include <gtest/gtest.h>

#include "tianmu/control/posture_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::runtime {
namespace {

SimRunSummary StandTenSeconds(const std::string& robot, std::uint64_t seed) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(robot);
  SimRunOptions options;
  options.scene = sim::ResolveScene("flat");
  options.scene_name = "flat";
  options.duration_s = 10;
  options.world.seed = seed;
  control::PostureController controller(spec);
  return RunSimulation(spec, options, &controller);
}

void ExpectStood(const SimRunSummary& s, const model::RobotSpec& spec) {
  EXPECT_FALSE(s.fell);
  EXPECT_NEAR(s.duration_s, 10.0, 1e-6);
  // Upright: tilt stays small and the base does not sink more than 3 cm from its start.
  EXPECT_LT(s.max_tilt_deg, 3.0);
  for (const TraceSample& t : s.trace) {
    ASSERT_GT(t.base_height_m, spec.standing_base_height_m - 0.03) << "at " << t.time_s << " s";
  }
  EXPECT_LT(s.max_com_drift_m, 0.02);
  EXPECT_EQ(s.rejected_commands, 0u);
  EXPECT_EQ(s.watchdog_trips, 0u);
  EXPECT_GT(s.energy_J, 0.0);  // holding a bent-knee posture costs copper loss
}

TEST(Standing, Tm1StandsTenSecondsUnderPostureHold) {
  ExpectStood(StandTenSeconds("tm1", 3), model::LoadRobotByNameOrPath("tm1"));
}

TEST(Standing, Tm1sStandsTenSecondsUnderPostureHold) {
  ExpectStood(StandTenSeconds("tm1s", 3), model::LoadRobotByNameOrPath("tm1s"));
}

}  // namespace
}  // namespace tianmu::runtime
