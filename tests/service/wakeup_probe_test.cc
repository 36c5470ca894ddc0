// The platform wake-up probe behind `tianmu bench service --baseline`.
#include "tianmu/service/wakeup_probe.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace tianmu::service {
namespace {

TEST(WakeupProbe, CountsOneWakeupPerPeriodAtMostAndOrdersItsQuantiles) {
  const WakeupProbeResult r = RunWakeupProbe(0.2, 1e-3, /*cpu=*/0);
  // 200 periods fit in 0.2 s; a stalled machine restarts the schedule, so fewer, never more.
  EXPECT_GE(r.wakeups, 1u);
  EXPECT_LE(r.wakeups, 200u);
  EXPECT_LE(r.missed, r.wakeups);
  EXPECT_GE(r.lateness_p99_ms, 0.0);
  EXPECT_LE(r.lateness_p99_ms, r.lateness_p999_ms);
  // Quantiles are bucketed at kLatenessBucketMs: the worst wake-up bounds them up to a bucket.
  EXPECT_LE(r.lateness_p999_ms, r.max_lateness_ms + 0.011);
  EXPECT_EQ(r.cpu, 0);
  EXPECT_FALSE(r.scheduling.empty());
}

TEST(WakeupProbe, ALongerPeriodGivesFewerWakeups) {
  const WakeupProbeResult r = RunWakeupProbe(0.2, 50e-3, /*cpu=*/-1);
  EXPECT_GE(r.wakeups, 1u);
  EXPECT_LE(r.wakeups, 4u);
  EXPECT_EQ(r.cpu, -1);
}

TEST(WakeupProbe, RejectsANonPositivePeriodAndANegativeDuration) {
  EXPECT_THROW(RunWakeupProbe(1, 0, -1), std::invalid_argument);
  EXPECT_THROW(RunWakeupProbe(-1, 1e-3, -1), std::invalid_argument);
}

}  // namespace
}  // namespace tianmu::service
