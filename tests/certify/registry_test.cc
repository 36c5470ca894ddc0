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
  ItemResult r = AggregateTrials(info, trials, 70);
  EXPECT_DOUBLE_EQ(*r.value, 75);
  EXPECT_EQ(r.verdict, "pass");
  EXPECT_LT(*r.ci_low, 75);
  trials[2].status = "error";
  trials[2].reason = "worker killed";
  r = AggregateTrials(info, trials, 70);
  EXPECT_EQ(r.verdict, "error");
  EXPECT_NE(r.reason.find("worker killed"), std::string::npos);
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
