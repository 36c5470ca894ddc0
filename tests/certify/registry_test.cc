// The battery holds at least the 18 items the issue lists, each fully described.
#include "tianmu/certify/registry.h"

#include <gtest/gtest.h>

#include <set>

#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

TEST(CertifyRegistry, HoldsAtLeastEighteenItemsWithAllMetadata) {
  const Registry& r = Registry::Default();
  ASSERT_GE(r.items().size(), 18u);
  std::set<std::string> ids;
  std::set<Domain> domains;
  for (const auto& item : r.items()) {
    const ItemInfo& i = item->info();
    EXPECT_TRUE(ids.insert(i.id).second) << "duplicate " << i.id;
    domains.insert(i.domain);
    EXPECT_FALSE(i.title.empty()) << i.id;
    EXPECT_GT(i.protocol.size(), 60u) << i.id << ": protocol too short to be followed";
    EXPECT_FALSE(i.standard.empty()) << i.id;
    EXPECT_FALSE(i.metric.empty()) << i.id;
    EXPECT_FALSE(i.unit.empty()) << i.id;
    EXPECT_TRUE(i.comparison == ">=" || i.comparison == "<=") << i.id;
    EXPECT_GE(i.trials_quick, 1) << i.id;
    EXPECT_GE(i.trials_full, i.trials_quick) << i.id;
  }
  EXPECT_EQ(domains.size(), 3u);
}

TEST(CertifyRegistry, CoversTheIssuesItems) {
  for (const char* id : {"perf.max_walk_speed",    "perf.turn_rate",
                         "perf.max_slope",         "perf.max_step",
                         "perf.standing_push",     "perf.walking_lateral_push",
                         "perf.payload",           "perf.cost_of_transport",
                         "perf.endurance",         "perf.walk_to_target",
                         "safety.estop_stop_time", "safety.contact_force",
                         "safety.joint_limits",    "safety.fall_detection_latency",
                         "safety.watchdog",        "safety.invalid_commands",
                         "rel.fault_imu",          "rel.fault_stale_encoders",
                         "rel.fault_weak_knee",    "rel.fault_command_latency",
                         "rel.long_run",           "rel.repeatability"}) {
    EXPECT_NE(Registry::Default().Find(id), nullptr) << id;
  }
}

TEST(CertifyRegistry, SelectKeepsReportOrderAndRejectsUnknownIds) {
  const auto selected = Registry::Default().Select({"safety.watchdog", "perf.turn_rate"});
  ASSERT_EQ(selected.size(), 2u);
  EXPECT_EQ(selected[0]->info().id, "perf.turn_rate");
  EXPECT_THROW(Registry::Default().Select({"perf.fly"}), InputError);
}

TEST(CertifyRegistry, TrialSeedsDependOnSuiteSeedItemAndTrialOnly) {
  EXPECT_EQ(TrialSeed(1, "perf.turn_rate", 2), TrialSeed(1, "perf.turn_rate", 2));
  EXPECT_NE(TrialSeed(1, "perf.turn_rate", 2), TrialSeed(1, "perf.turn_rate", 3));
  EXPECT_NE(TrialSeed(1, "perf.turn_rate", 2), TrialSeed(2, "perf.turn_rate", 2));
  EXPECT_NE(TrialSeed(1, "perf.turn_rate", 2), TrialSeed(1, "perf.max_step", 2));
}

TEST(CertifyAggregation, PassRateUsesWilsonAndAnErrorTrialMakesTheItemAnError) {
  ItemInfo info;
  info.id = "x";
  info.aggregation = Aggregation::kPassRate;
  std::vector<TrialResult> trials(4);
  trials[3].success = false;
  // 3 of 4 is 75 % against a 70 % bar: the Wilson interval [30, 95] % decides nothing.
  ItemResult r = AggregateTrials(info, trials, 70);
  EXPECT_DOUBLE_EQ(*r.value, 75);
  EXPECT_EQ(r.verdict, "inconclusive");
  EXPECT_LT(*r.ci_low, 70);
  // Against a 25 % bar the interval's low bound clears it.
  EXPECT_EQ(AggregateTrials(info, trials, 25).verdict, "pass");
  trials[2].status = "error";
  trials[2].reason = "worker killed";
  r = AggregateTrials(info, trials, 70);
  EXPECT_EQ(r.verdict, "error");
  EXPECT_NE(r.reason.find("worker killed"), std::string::npos);
}

TEST(CertifyAggregation, OneSuccessfulTrialDoesNotPassANinetyPercentBar) {
  // The issue's case: one trial, Wilson [20.7 %, 100 %], used to "pass" a 90 % bar.
  ItemInfo info;
  info.id = "rel.x";
  info.aggregation = Aggregation::kPassRate;
  const ItemResult r = AggregateTrials(info, std::vector<TrialResult>(1), 90);
  EXPECT_EQ(r.verdict, "inconclusive");
  EXPECT_TRUE(r.provisional);
  EXPECT_EQ(r.min_trials_to_pass, 35);
  ASSERT_TRUE(r.trials_to_decide.has_value());
  EXPECT_EQ(*r.trials_to_decide, 35);
  EXPECT_NE(r.reason.find("35 trials"), std::string::npos) << r.reason;
  // 35 successes of 35 pass, and are no longer provisional.
  const ItemResult full = AggregateTrials(info, std::vector<TrialResult>(35), 90);
  EXPECT_EQ(full.verdict, "pass");
  EXPECT_FALSE(full.provisional);
}

TEST(CertifyAggregation, WideMeanIntervalIsInconclusiveAndANarrowOneDecides) {
  // The issue's head-acceleration case: 2 trials around 37 g, interval [−78, 153] g, bar ≤ 100 g.
  ItemInfo info;
  info.id = "safety.y";
  info.comparison = "<=";
  std::vector<TrialResult> trials(2);
  trials[0].value = 28;
  trials[1].value = 46;
  ItemResult r = AggregateTrials(info, trials, 100);
  EXPECT_EQ(r.verdict, "inconclusive");
  ASSERT_TRUE(r.trials_to_decide.has_value());
  EXPECT_GT(*r.trials_to_decide, 2);
  // Three tight trials far below the bar pass; three tight trials far above it fail.
  trials = std::vector<TrialResult>(3);
  for (int i = 0; i < 3; ++i) trials[i].value = 30 + i;
  EXPECT_EQ(AggregateTrials(info, trials, 100).verdict, "pass");
  for (int i = 0; i < 3; ++i) trials[i].value = 130 + i;
  EXPECT_EQ(AggregateTrials(info, trials, 100).verdict, "fail");
  // A single trial says nothing of the spread: never decisive.
  trials.resize(1);
  trials[0].value = 5;
  r = AggregateTrials(info, trials, 100);
  EXPECT_EQ(r.verdict, "inconclusive");
  EXPECT_FALSE(r.trials_to_decide.has_value());
}

TEST(CertifyAggregation, FullSuiteRunsEnoughTrialsForAPassToBePossible) {
  const TestItem* fault = Registry::Default().Find("rel.fault_imu");
  ASSERT_NE(fault, nullptr);
  EXPECT_EQ(TrialsToRun(*fault, Suite::kQuick, 90), fault->Trials(Suite::kQuick));
  EXPECT_EQ(TrialsToRun(*fault, Suite::kFull, 90), 35);
  EXPECT_FALSE(MinTrialsToPass(fault->info(), 100).has_value());
}

TEST(CertifyAggregation, UndefinedTrialFigureFailsRatherThanPasses) {
  ItemInfo info;
  info.id = "y";
  info.comparison = "<=";
  std::vector<TrialResult> trials(2);
  trials[0].value = 1;
  trials[1].value = NAN;  // e.g. the robot fell
  EXPECT_EQ(AggregateTrials(info, trials, 10).verdict, "fail");
}

}  // namespace
}  // namespace tianmu::certify
