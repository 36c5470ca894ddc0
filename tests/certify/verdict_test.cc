// Verdicts from intervals: decisions on each side of a threshold, the minimum trials for which a
// pass-rate bar can pass at all, and the trials estimated to decide an inconclusive item.
#include "tianmu/certify/verdict.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tianmu/certify/statistics.h"
#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

TEST(CertifyVerdict, AtLeastBarPassesOnTheLowBoundFailsOnTheHighBound) {
  EXPECT_EQ(DecideFromInterval(">=", 90, 91, 99), Verdict::kPass);
  EXPECT_EQ(DecideFromInterval(">=", 90, 90, 99), Verdict::kPass);
  EXPECT_EQ(DecideFromInterval(">=", 90, 20.7, 100), Verdict::kInconclusive);
  EXPECT_EQ(DecideFromInterval(">=", 90, 50, 89.9), Verdict::kFail);
  EXPECT_EQ(DecideFromInterval(">=", 90, -INFINITY, INFINITY), Verdict::kInconclusive);
}

TEST(CertifyVerdict, AtMostBarMirrorsIt) {
  EXPECT_EQ(DecideFromInterval("<=", 100, -78, 153), Verdict::kInconclusive);
  EXPECT_EQ(DecideFromInterval("<=", 100, 20, 99), Verdict::kPass);
  EXPECT_EQ(DecideFromInterval("<=", 100, 101, 150), Verdict::kFail);
  EXPECT_EQ(DecideFromInterval("<=", 1, NAN, NAN), Verdict::kInconclusive);
  EXPECT_THROW(DecideFromInterval("<", 1, 0, 0), InputError);
}

TEST(CertifyVerdict, MinimumTrialsForAPassRateBarMatchTheWilsonBoundOfAllSuccesses) {
  // 90 %: n ≥ 0.9 · 3.8415 / 0.1 = 34.57 → 35; check against the interval itself.
  ASSERT_EQ(MinTrialsForPassRate(0.9), 35);
  EXPECT_GE(WilsonInterval(35, 35).low, 0.9);
  EXPECT_LT(WilsonInterval(34, 34).low, 0.9);
  EXPECT_EQ(MinTrialsForPassRate(0.5), 4);
  EXPECT_GE(WilsonInterval(4, 4).low, 0.5);
  EXPECT_LT(WilsonInterval(3, 3).low, 0.5);
  EXPECT_EQ(MinTrialsForPassRate(0), 1);
  EXPECT_FALSE(MinTrialsForPassRate(1).has_value());
}

TEST(CertifyVerdict, TrialsToDecideAPassRateDecideItAtTheSameShare) {
  // One success of one trial against 90 %: the all-success minimum.
  EXPECT_EQ(TrialsToDecidePassRate(1, 1, 0.9), 35);
  // 8 of 10 against 90 %: the interval [0.49, 0.94] straddles the bar; at 80 % observed the high
  // bound drops below 0.9 once n is large enough, and not before.
  const auto n = TrialsToDecidePassRate(8, 10, 0.9);
  ASSERT_TRUE(n.has_value());
  EXPECT_GT(*n, 10);
  EXPECT_LT(WilsonInterval(static_cast<int>(std::lround(0.8 * *n)), *n).high, 0.9);
  EXPECT_GE(WilsonInterval(static_cast<int>(std::lround(0.8 * (*n - 1))), *n - 1).high, 0.9);
  // Already decided: the trials run so far.
  EXPECT_EQ(TrialsToDecidePassRate(0, 10, 0.9), 10);
  // A share exactly at the bar cannot be decided by more trials of the same kind.
  EXPECT_FALSE(TrialsToDecidePassRate(9, 10, 0.9).has_value());
}

TEST(CertifyVerdict, TrialsToDecideAMeanNeedASpreadAndShrinkTheTIntervalPastTheGap) {
  EXPECT_FALSE(TrialsToDecideMean(37, 0, 1, 100).has_value());  // one trial: spread unknown
  // Two trials 37 ± 45 g against 100 g: the interval is [−78, 153]; more trials narrow it.
  const auto n = TrialsToDecideMean(37, 63.6, 2, 100);
  ASSERT_TRUE(n.has_value());
  EXPECT_GT(*n, 2);
  EXPECT_LT(StudentTQuantile(0.975, *n - 1) * 63.6 / std::sqrt(*n), 63.0);
  EXPECT_GE(StudentTQuantile(0.975, *n - 2) * 63.6 / std::sqrt(*n - 1), 63.0);
  EXPECT_FALSE(TrialsToDecideMean(100, 5, 4, 100).has_value());
}

TEST(CertifyVerdict, TrialsToDecideByWidthScaleWithTheSquareOfTheWidthOverTheGap) {
  EXPECT_EQ(TrialsToDecideByWidth(10, 4, 4, 8), 16);  // (4 / 2)² · 4
  EXPECT_EQ(TrialsToDecideByWidth(10, 1, 4, 8), 4);   // already narrower than the gap
  EXPECT_FALSE(TrialsToDecideByWidth(8, 1, 4, 8).has_value());
  EXPECT_FALSE(TrialsToDecideByWidth(10, INFINITY, 4, 8).has_value());
}

}  // namespace
}  // namespace tianmu::certify
