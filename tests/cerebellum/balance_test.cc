// The whole-body balance controller on the simulated robots: standing still, and pushes at the
// pelvis, judged from simulator ground truth.
#include <gtest/gtest.h>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::control {
namespace {

runtime::SimRunSummary RunBalance(const model::RobotSpec& spec, double duration_s,
                                  const std::vector<std::string>& pushes) {
  runtime::SimRunOptions options;
  options.scene = sim::ResolveScene("flat");
  options.duration_s = duration_s;
  options.world.seed = 11;
  options.stop_after_fall_s = 0.5;
  for (const std::string& p : pushes) options.pushes.push_back(sim::ParsePerturbation(p));
  HumanoidController controller(spec);
  return runtime::RunSimulation(spec, options, &controller);
}

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

TEST(Balance, Tm1StandsStillWithTheWholeBodyController) {
  const auto s = RunBalance(Tm1(), 8, {});
  EXPECT_FALSE(s.fell);
  EXPECT_EQ(s.controller_status.qp_failures, 0u);
  EXPECT_LT(s.max_com_drift_m, 0.02);  // the acceptance bar for standing
  EXPECT_LT(s.max_tilt_deg, 2.0);
  EXPECT_EQ(s.rejected_commands, 0u);
  std::cout << "[ figures  ] standing 8 s: CoM drift " << s.max_com_drift_m * 100
            << " cm, max tilt " << s.max_tilt_deg << " deg, tick p50 " << s.controller_tick_p50_ms
            << " ms\n";
}

TEST(Balance, Tm1SurvivesPushesFromEveryDirectionWhileStanding) {
  // 15 N·s in 0.1 s at the pelvis, each direction separately.
  for (const char* dir : {"150,0,0", "-150,0,0", "0,150,0", "0,-150,0"}) {
    const auto s = RunBalance(Tm1(), 4, {std::string("t=1,body=base,f=") + dir + ",dur=0.1"});
    EXPECT_FALSE(s.fell) << "push " << dir;
    std::cout << "[ figures  ] push " << dir << " N for 0.1 s: max tilt " << s.max_tilt_deg
              << " deg\n";
  }
}

TEST(Balance, FallIsDetectedAndDampingEngagedOnAnUnsurvivablePush) {
  const auto s = RunBalance(Tm1(), 4, {"t=1,body=base,impulse=200,0,0,dur=0.1"});
  ASSERT_TRUE(s.fell);
  EXPECT_STREQ(s.controller_status.mode, "fallen");
  ASSERT_TRUE(s.fall_detect_latency_s.has_value());
  // Detected from the estimate no later than 100 ms after the simulator says the robot fell.
  EXPECT_LE(*s.fall_detect_latency_s, 0.1);
}

}  // namespace
}  // namespace tianmu::control
