// Skills on the simulated TM-1 over seeds, with the oracle perception port's noise, latency and
// dropouts on; every figure asserted here is ground truth (a noise-free oracle at the end of the
// trial), never the skill's own belief.
#include "tianmu/skills/skill_trials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>

#include "tianmu/sim/scene.h"

namespace tianmu::skills {
namespace {

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

// Oracle noise on: 5 mm position, 0.5° orientation, 30 ms latency (the head camera's), 5 %
// dropouts.
SkillTrialsSummary RunTrials(const std::string& skill, const std::vector<std::string>& params,
                             int trials, std::uint64_t seed = 1) {
  SkillTrialOptions options;
  options.skill = skill;
  options.params = SkillParams::Parse(params);
  options.scene = sim::ResolveScene("flat");
  options.scene_name = "flat";
  options.trials = trials;
  options.seed = seed;
  options.oracle = skills::RealisticOracleOptions();  // the CLI's defaults
  SkillTrialsSummary s = RunSkillTrials(Tm1(), options);
  for (const SkillTrial& t : s.trials) {
    std::cout << "[ figures  ] " << skill << " seed " << t.seed << ": "
              << (t.success ? "success" : FailureReasonName(t.reason)) << " in " << t.duration_s
              << " s, " << s.metric_name << " " << t.metric << (t.metric_is_truth ? " (truth)" : "")
              << (t.detail.empty() ? "" : ", " + t.detail) << "\n";
  }
  return s;
}

TEST(SkillTrials, Tm1ReachesAPointInFrontWithTheRightHandOnEverySeed) {
  const SkillTrialsSummary s = RunTrials("reach", {"hand=right", "target=0.35,-0.25,1.1"}, 5);
  EXPECT_EQ(s.perception, "oracle");
  EXPECT_EQ(s.successes, 5);
  for (const SkillTrial& t : s.trials) {
    ASSERT_TRUE(t.metric_is_truth);
    // Success means the perceived palm held within 3 cm; the true palm is within that plus
    // 3 σ of the 5 mm noise per axis (2.6 cm in 3-D): 5.6 cm would be a wrong success.
    EXPECT_LT(t.metric, 0.03 + 0.026) << "seed " << t.seed;
  }
}

TEST(SkillTrials, UnreachableTargetIsRefusedBeforeExecutionWithTheLimit) {
  const SkillTrialsSummary s = RunTrials("reach", {"hand=left", "target=1.5,0.3,1.0"}, 1);
  ASSERT_EQ(s.trials.size(), 1u);
  EXPECT_FALSE(s.trials[0].success);
  EXPECT_EQ(s.trials[0].reason, FailureReason::kUnreachable);
  EXPECT_EQ(s.trials[0].duration_s, 0.0);  // refused, nothing moved
  EXPECT_THAT(s.trials[0].detail, ::testing::HasSubstr("beyond the left arm's reach of"));
  EXPECT_EQ(s.failures.at("unreachable"), 1);
}

TEST(SkillTrials, Tm1LooksAtAPointWithinThreeDegrees) {
  const SkillTrialsSummary s = RunTrials("look_at", {"target=2.0,0.8,0.6"}, 3);
  EXPECT_EQ(s.successes, 3);
  for (const SkillTrial& t : s.trials) {
    ASSERT_TRUE(t.metric_is_truth);
    // The perceived axis held within 3°; the camera's orientation noise is 0.5° per axis.
    EXPECT_LT(t.metric, 3.0 + 1.5) << "seed " << t.seed;
  }
}

TEST(SkillTrials, Tm1WalksToAPointAndStopsWithinTenCentimetres) {
  const SkillTrialsSummary s = RunTrials("walk_to", {"target=1.2,0.4"}, 3);
  EXPECT_EQ(s.successes, 3);
  for (const SkillTrial& t : s.trials) {
    ASSERT_TRUE(t.metric_is_truth);
    // Stopped when the perceived base was within 10 cm and stood still; 5 mm noise adds < 2 cm.
    EXPECT_LT(t.metric, 0.12) << "seed " << t.seed;
  }
}

TEST(SkillTrials, Tm1TurnsToAHeadingWithinFiveDegrees) {
  const SkillTrialsSummary s = RunTrials("turn_to", {"heading_deg=90"}, 2);
  EXPECT_EQ(s.successes, 2);
  for (const SkillTrial& t : s.trials) {
    ASSERT_TRUE(t.metric_is_truth);
    EXPECT_LT(t.metric, 5.0 + 1.5) << "seed " << t.seed;  // 0.5° orientation noise per axis
  }
}

TEST(SkillTrials, Tm1WavesWithTheRightHand) {
  const SkillTrialsSummary s = RunTrials("wave", {"hand=right", "cycles=2"}, 2);
  EXPECT_EQ(s.successes, 2);
  EXPECT_FALSE(s.metric_is_truth);  // the swing is accumulated by the skill over time
}

}  // namespace
}  // namespace tianmu::skills
