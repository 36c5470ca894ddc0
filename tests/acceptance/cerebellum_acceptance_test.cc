// The cerebellum's acceptance rows, shortened for CI: what the robot did, from ground truth.
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu {
namespace {

struct Run {
  std::string robot = "tm1";
  std::string scene = "flat";
  double duration_s = 8;
  control::locomotion::VelocityCommand command;
  std::vector<std::string> pushes;
  int seed = 5;
};

const model::RobotSpec& Robot(const std::string& name) {
  static const model::RobotSpec tm1 = model::LoadRobotByNameOrPath("tm1");
  static const model::RobotSpec tm1s = model::LoadRobotByNameOrPath("tm1s");
  return name == "tm1" ? tm1 : tm1s;
}

runtime::SimRunSummary Simulate(const Run& run) {
  const model::RobotSpec& spec = Robot(run.robot);
  runtime::SimRunOptions options;
  options.scene_name = run.scene;
  options.scene = sim::ResolveScene(run.scene);
  options.duration_s = run.duration_s;
  options.world.seed = run.seed;
  options.stop_after_fall_s = 0.2;
  for (const std::string& p : run.pushes) options.pushes.push_back(sim::ParsePerturbation(p));
  control::HumanoidController controller(spec);
  if (!run.command.IsZero()) controller.SetCommandSchedule({{0.0, run.command}});
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
  std::cout << "[ figures  ] " << run.robot << " " << run.scene << " cmd (" << run.command.vx_mps
            << ", " << run.command.vy_mps << ", " << run.command.wz_radps << ") " << s.duration_s
            << " s: fell " << s.fell << ", distance " << s.distance_m << " m, lateral drift "
            << s.lateral_drift_m << " m, heading error " << s.heading_error_deg
            << " deg, estimator velocity RMSE " << s.est_vel_rmse_mps.value_or(-1) << " m/s\n";
  return s;
}

TEST(Walking, Tm1WalksNineMetresInTwentySecondsAtHalfAMetrePerSecond) {
  // The acceptance row at full length (start-up included): >= 9 m, straight and on heading.
  const auto s = Simulate({"tm1", "flat", 20, {0.5, 0, 0}, {}});
  EXPECT_FALSE(s.fell);
  EXPECT_GE(s.distance_m, 9.0);
  EXPECT_LE(s.lateral_drift_m, 0.3);
  EXPECT_LE(s.heading_error_deg, 10);
  EXPECT_EQ(s.controller_status.qp_failures, 0u);
}

// Mean forward speed over the trace from `from_s` to the end, from the base's ground truth.
double SustainedSpeed(const runtime::SimRunSummary& s, double from_s) {
  const runtime::TraceSample* from = nullptr;
  for (const runtime::TraceSample& t : s.trace) {
    if (t.time_s + 1e-9 >= from_s) {
      from = &t;
      break;
    }
  }
  if (from == nullptr || s.trace.back().time_s <= from->time_s) return 0;
  return (s.trace.back().base_x_m - from->base_x_m) / (s.trace.back().time_s - from->time_s);
}

TEST(Walking, Tm1SustainsAMetrePerSecondOverSeeds) {
  // The acceptance row "fastest sustained forward walk >= 1.0 m/s", shortened: 1.1 m/s (the
  // derived command limit) for 8 s, speed measured after a 2 s start. With the standing CoM
  // height gains while walking the DCM lagged the plan and the steps were shortened: 0.97 m/s.
  for (int seed : {1, 2}) {
    const auto s = Simulate({"tm1", "flat", 8, {1.1, 0, 0}, {}, seed});
    EXPECT_FALSE(s.fell) << "seed " << seed;
    const double speed = SustainedSpeed(s, 2.0);
    std::cout << "[ figures  ] seed " << seed << ": sustained " << speed << " m/s\n";
    EXPECT_GE(speed, 1.0) << "seed " << seed;
  }
}

TEST(Walking, Tm1WalksBackwardAndSideways) {
  const auto back = Simulate({"tm1", "flat", 6, {-0.3, 0, 0}, {}});
  EXPECT_FALSE(back.fell);
  EXPECT_GE(back.distance_m, 0.2 * 6);
  EXPECT_LT(back.final_base_pos[0], -1.0);  // it went backwards
  const auto side = Simulate({"tm1", "flat", 6, {0, 0.2, 0}, {}});
  EXPECT_FALSE(side.fell);
  EXPECT_GE(side.distance_m, 0.1 * 6);
  EXPECT_GT(side.final_base_pos[1], 0.5);  // to the left, as commanded
}

TEST(Walking, Tm1AndTm1sTurnInPlaceAtHalfARadianPerSecond) {
  for (const char* robot : {"tm1", "tm1s"}) {
    const auto s = Simulate({robot, "flat", 6, {0, 0, 0.5}, {}});
    EXPECT_FALSE(s.fell) << robot;
    // Not clamped: the heading reference integrates the full 0.5 rad/s.
    EXPECT_EQ(s.controller_status.commands_clamped, 0u) << robot;
    // Heading is steered back each step; the residual is the start-up lag plus one step's
    // landing loss (a few degrees), far inside the acceptance bar of 30 degrees.
    EXPECT_LE(s.heading_error_deg, 15) << robot;
    EXPECT_LT(s.distance_m, 0.2) << robot;  // in place
  }
}

TEST(Walking, Tm1WalksBlindOverTheSlopeAndRoughGround) {
  for (const char* scene : {"slope", "rough"}) {
    const auto s = Simulate({"tm1", scene, 8, {0.3, 0, 0}, {}});
    EXPECT_FALSE(s.fell) << scene;
    EXPECT_GE(s.distance_m, 0.22 * 8) << scene;
  }
}

TEST(Walking, EstimatorTracksTheBaseVelocityWhileWalking) {
  const auto s = Simulate({"tm1", "flat", 8, {0.3, 0, 0}, {}});
  ASSERT_FALSE(s.fell);
  ASSERT_TRUE(s.est_vel_rmse_mps.has_value());
  EXPECT_LE(*s.est_vel_rmse_mps, 0.05);
  ASSERT_TRUE(s.est_pos_drift_pct.has_value());
  EXPECT_LE(*s.est_pos_drift_pct, 3.0);
}

TEST(PushRecovery, Tm1SurvivesTwentyFiveNewtonSecondsStandingInEachDirection) {
  for (const char* impulse : {"25,0,0", "-25,0,0", "0,25,0", "0,-25,0"}) {
    const auto s = Simulate(
        {"tm1", "flat", 4, {}, {std::string("t=1,body=base,impulse=") + impulse + ",dur=0.1"}});
    EXPECT_FALSE(s.fell) << impulse;
  }
}

TEST(PushRecovery, Tm1SurvivesThirtyFiveNewtonSecondsStandingInEachDirectionOverSeeds) {
  // Beyond what the ankles hold (~25 N·s sideways): one or more recovery steps, sideways as wide
  // as the legs reach with the CoM lowered. bench cerebellum runs ten seeds; CI runs two.
  int survived = 0, runs = 0;
  for (const char* impulse : {"35,0,0", "-35,0,0", "0,35,0", "0,-35,0"}) {
    for (int seed : {1, 2}) {
      tianmu::Run run{
          "tm1", "flat", 5, {}, {std::string("t=1,body=base,impulse=") + impulse + ",dur=0.1"}};
      run.seed = seed;
      const auto s = Simulate(run);
      EXPECT_FALSE(s.fell) << impulse << " seed " << seed;
      EXPECT_EQ(s.controller_status.qp_failures, 0u) << impulse << " seed " << seed;
      survived += s.fell ? 0 : 1;
      ++runs;
    }
  }
  std::cout << "[ figures  ] 35 N·s standing pushes survived " << survived << "/" << runs << "\n";
}

TEST(PushRecovery, Tm1SurvivesTwentyNewtonSecondSidePushesWhileWalkingOverSeeds) {
  // Sideways at 0.5 m/s, the seeds spreading the push over a gait cycle: towards the stance foot
  // the swing foot may not cross, so it lands sooner (step timing) and the other foot steps out.
  // bench cerebellum runs ten seeds; CI runs three each way.
  int survived = 0, runs = 0;
  for (const char* impulse : {"0,20,0", "0,-20,0"}) {
    for (int seed : {1, 2, 3}) {
      char push[96];
      std::snprintf(push, sizeof(push), "t=%.2f,body=base,impulse=%s,dur=0.1",
                    4 + 0.06 * (seed - 1), impulse);
      tianmu::Run run{"tm1", "flat", 7, {0.5, 0, 0}, {push}};
      run.seed = seed;
      const auto s = Simulate(run);
      EXPECT_FALSE(s.fell) << impulse << " seed " << seed;
      survived += s.fell ? 0 : 1;
      ++runs;
    }
  }
  std::cout << "[ figures  ] 20 N·s side pushes while walking survived " << survived << "/" << runs
            << "\n";
}

TEST(Generality, Tm1sStandsWalksAndTakesAMassScaledPushWithTheSameCode) {
  const auto walk = Simulate({"tm1s", "flat", 8, {0.3, 0, 0}, {}});
  EXPECT_FALSE(walk.fell);
  EXPECT_GE(walk.distance_m, 0.25 * 8);
  // 25 N·s scaled by mass (29.6 kg / 54.7 kg), forward.
  const double impulse = 25 * Robot("tm1s").total_mass_kg / Robot("tm1").total_mass_kg;
  const auto push =
      Simulate({"tm1s",
                "flat",
                4,
                {},
                {"t=1,body=base,impulse=" + std::to_string(impulse) + ",0,0,dur=0.1"}});
  EXPECT_FALSE(push.fell);
}

}  // namespace
}  // namespace tianmu
