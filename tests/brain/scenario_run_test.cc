// The shipped scenarios run on the simulated TM-1 (flat scene, the oracle with the noise `tianmu
// scenario run` uses by default) and are judged from simulator ground truth; a time limit too
// short for the task is a timeout.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "tianmu/brain/scenario_runner.h"

namespace tianmu::brain {
namespace {

const std::string kScenarios = TIANMU_TEST_DATA_DIR "/../../../assets/scenarios";

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

// The CLI's default oracle: 5 mm and 0.5 degree noise, 30 ms latency, 5 % dropouts.
ScenarioRunOptions Options(int trials) {
  ScenarioRunOptions o;
  o.trials = trials;
  o.seed = 1;
  o.oracle = skills::RealisticOracleOptions();  // the CLI's defaults
  return o;
}

std::string Failures(const ScenarioSummary& s) {
  std::string out;
  for (const ScenarioTrial& t : s.trials) {
    if (!t.success) out += "seed " + std::to_string(t.seed) + ": " + t.reason + ": " + t.detail;
  }
  return out;
}

TEST(ScenarioRun, Tm1PatrolsThreeWaypointsAndLooksAtEachGaugeOnTwoSeeds) {
  const ScenarioSpec s = LoadScenario(kScenarios + "/inspection_patrol.yaml");
  const ScenarioRunOptions o = Options(2);
  const ScenarioSummary r = RunScenario(s, Tm1(), o);
  EXPECT_EQ(r.successes, 2) << Failures(r);
  for (const ScenarioTrial& t : r.trials) {
    EXPECT_EQ(t.plan.size(), 6u);
    ASSERT_EQ(t.gaze_error_deg.size(), 3u);
    for (const auto& [gauge, error_deg] : t.gaze_error_deg) EXPECT_LT(error_deg, 5) << gauge;
    EXPECT_GT(t.cycle_time_s, 10);
    EXPECT_LT(t.cycle_time_s, s.time_limit_s);
  }
  EXPECT_NE(r.trials[0].start_offset, r.trials[1].start_offset);  // a new layout per seed
  EXPECT_DOUBLE_EQ(r.success_rate, 1.0);
  EXPECT_LT(r.ci_low, 1.0);  // two trials prove little: Wilson's lower bound is about 0.34
  EXPECT_DOUBLE_EQ(r.ci_high, 1.0);
}

TEST(ScenarioRun, Tm1GreetsTheVisitorAndWalksToTheDeskOnTwoSeeds) {
  const ScenarioSpec s = LoadScenario(kScenarios + "/reception.yaml");
  const ScenarioRunOptions o = Options(2);
  const ScenarioSummary r = RunScenario(s, Tm1(), o);
  EXPECT_EQ(r.successes, 2) << Failures(r);
  for (const ScenarioTrial& t : r.trials) {
    ASSERT_EQ(t.faced_error_deg.count("visitor"), 1u);
    EXPECT_LT(t.faced_error_deg.at("visitor"), 15);
  }
  EXPECT_GT(r.mean_cycle_time_s, 5);
}

TEST(ScenarioRun, ATimeLimitTooShortIsATimeoutAndCountedAsSuch) {
  ScenarioSpec s = LoadScenario(kScenarios + "/inspection_patrol.yaml");
  s.time_limit_s = 3;  // the first walk alone takes several seconds
  const ScenarioRunOptions o = Options(1);
  const ScenarioSummary r = RunScenario(s, Tm1(), o);
  EXPECT_EQ(r.successes, 0);
  ASSERT_EQ(r.trials.size(), 1u);
  EXPECT_EQ(r.trials[0].reason, "timeout");
  EXPECT_NEAR(r.trials[0].cycle_time_s, 3, 0.05);
  EXPECT_EQ(r.failures.at("timeout"), 1);
  EXPECT_DOUBLE_EQ(r.ci_low, 0.0);
}

TEST(ScenarioRun, ATreeFileTaskReadsTheRandomisedPositionsFromTheBlackboard) {
  const ScenarioSpec s = LoadScenario(TIANMU_TEST_DATA_DIR "/look_at_gauge.yaml");
  const ScenarioSummary r = RunScenario(s, Tm1(), Options(1));
  EXPECT_EQ(r.successes, 1) << Failures(r);
  EXPECT_TRUE(r.trials.at(0).plan.empty());  // no planner involved
  ASSERT_EQ(r.trials[0].gaze_error_deg.count("gauge_1"), 1u);
  EXPECT_LT(r.trials[0].gaze_error_deg.at("gauge_1"), 5);
}

TEST(ScenarioRun, SkillsThatSucceedButMissAGroundTruthCheckFailOnTheCriteria) {
  ScenarioSpec s = LoadScenario(TIANMU_TEST_DATA_DIR "/look_at_gauge.yaml");
  // look_at is satisfied within 3 degrees of its perceived gaze; 0.1 degree of ground truth is
  // stricter than it ever aims for.
  s.success.gaze_max_error_deg = 0.1;
  const ScenarioSummary r = RunScenario(s, Tm1(), Options(1));
  ASSERT_EQ(r.trials.size(), 1u);
  EXPECT_EQ(r.trials[0].reason, "criteria");
  EXPECT_NE(r.trials[0].detail.find("gaze error at gauge_1"), std::string::npos)
      << r.trials[0].detail;
  EXPECT_EQ(r.failures.at("criteria"), 1);
}

TEST(ScenarioRun, AnAmbiguousInstructionIsReportedWithoutSimulating) {
  ScenarioSpec s = LoadScenario(kScenarios + "/inspection_patrol.yaml");
  s.instruction = "look at the gauge";  // three gauges: a question back, not a guess
  const ScenarioRunOptions o = Options(1);
  const ScenarioSummary r = RunScenario(s, Tm1(), o);
  EXPECT_EQ(r.trials.at(0).reason, "ambiguous_instruction");
  EXPECT_EQ(r.failures.at("ambiguous_instruction"), 1);
  EXPECT_DOUBLE_EQ(r.trials[0].cycle_time_s, 0);
}

// The rates in docs/brain.md: TIANMU_SCENARIO_TRIALS trials (default 20) of each shipped scenario
// (or only TIANMU_SCENARIO) from seed 1, printed as JSON, then the failed trials. Disabled: minutes
// of simulation; run with
// --gtest_also_run_disabled_tests --gtest_filter=ScenarioRun.DISABLED_Measure*.
TEST(ScenarioRun, DISABLED_MeasureTheShippedScenarios) {
  const char* env = std::getenv("TIANMU_SCENARIO_TRIALS");
  const int trials = env != nullptr ? std::atoi(env) : 20;
  const char* only = std::getenv("TIANMU_SCENARIO");
  for (const char* name : {"inspection_patrol", "reception"}) {
    if (only != nullptr && std::string(only) != name) continue;
    const ScenarioSpec s = LoadScenario(kScenarios + "/" + name + ".yaml");
    const ScenarioSummary summary = RunScenario(s, Tm1(), Options(trials));
    nlohmann::json j = ScenarioSummaryToJson(summary);
    j.erase("trial_results");
    std::printf("%s\n", j.dump().c_str());
    for (const ScenarioTrial& t : summary.trials) {
      if (!t.success)
        std::printf("  seed %d: %s: %s\n", int(t.seed), t.reason.c_str(), t.detail.c_str());
    }
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace tianmu::brain
