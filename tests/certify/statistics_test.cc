// Confidence intervals and tests against hand-computed values.
#include "tianmu/certify/statistics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tianmu::certify {
namespace {

TEST(CertifyStatistics, WilsonIntervalMatchesHandComputedValueForEightOfTen) {
  // p = 0.8, n = 10, z = 1.96: centre (0.8 + 0.19208) / 1.38416 = 0.716824, half-width
  // 1.96 / 1.38416 * sqrt(0.016 + 0.0096040) = 0.226571 → [0.4902, 0.9433].
  const Interval ci = WilsonInterval(8, 10);
  EXPECT_NEAR(ci.low, 0.4902, 5e-4);
  EXPECT_NEAR(ci.high, 0.9433, 5e-4);
}

TEST(CertifyStatistics, WilsonIntervalOfAllSuccessesReachesOneAndStaysBelowItAtTheLowEnd) {
  const Interval ci = WilsonInterval(5, 5);
  EXPECT_NEAR(ci.high, 1.0, 1e-12);
  // z²/(n + z²) = 3.8416 / 8.8416 → low = 5 / 8.8416 = 0.5655.
  EXPECT_NEAR(ci.low, 0.5655, 5e-4);
}

TEST(CertifyStatistics, StudentTQuantileMatchesTables) {
  EXPECT_NEAR(StudentTQuantile(0.975, 4), 2.776, 1e-3);   // t table, 4 dof
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706, 1e-2);  // 1 dof
  EXPECT_NEAR(StudentTQuantile(0.975, 1000), 1.962, 2e-3);
  EXPECT_NEAR(StudentTCdf(0, 7), 0.5, 1e-12);
}

TEST(CertifyStatistics, TIntervalOfFiveValuesMatchesHandComputation) {
  // mean 3, s = sqrt(2.5) = 1.5811, half-width 2.776 · 1.5811 / sqrt(5) = 1.9632.
  const Interval ci = TInterval({1, 2, 3, 4, 5});
  EXPECT_NEAR(ci.low, 3 - 1.9632, 2e-3);
  EXPECT_NEAR(ci.high, 3 + 1.9632, 2e-3);
}

TEST(CertifyStatistics, BootstrapIsDeterministicForASeedAndBracketsTheMean) {
  std::vector<double> values;
  for (int k = 0; k < 20; ++k) values.push_back(1.0 + 0.37 * k + 0.05 * (k % 3));
  const Interval a = BootstrapInterval(values, Mean, 42);
  const Interval b = BootstrapInterval(values, Mean, 42);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  EXPECT_LT(a.low, Mean(values));
  EXPECT_GT(a.high, Mean(values));
  const Interval c = BootstrapInterval(values, Mean, 43);
  EXPECT_TRUE(c.low != a.low || c.high != a.high);
}

TEST(CertifyStatistics, WelchTestSeparatesDistinctSamplesAndNotEqualOnes) {
  EXPECT_LT(WelchTTestPValue({1.0, 1.1, 0.9, 1.05}, {2.0, 2.1, 1.9, 2.05}), 1e-4);
  EXPECT_GT(WelchTTestPValue({1.0, 1.2, 0.8, 1.1}, {1.05, 0.95, 1.15, 0.9}), 0.5);
}

TEST(CertifyStatistics, FisherExactMatchesHandComputedTable) {
  // Table [[3, 0], [0, 3]]: two-sided p = 2 / C(6, 3) = 0.1.
  EXPECT_NEAR(FisherExactPValue(3, 3, 0, 3), 0.1, 1e-9);
  EXPECT_NEAR(FisherExactPValue(2, 4, 2, 4), 1.0, 1e-9);
}

}  // namespace
}  // namespace tianmu::certify
