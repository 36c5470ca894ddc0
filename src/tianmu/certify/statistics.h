// Statistics for certification results: confidence intervals (Wilson for pass rates, Student t
// and percentile bootstrap for continuous figures) and two-sample tests for `certify compare`.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace tianmu::certify {

/// A two-sided confidence interval.
struct Interval {
  double low = 0;
  double high = 0;
};

/// Wilson score interval of a binomial proportion `successes` / `trials` (as a fraction in
/// [0, 1]) at the two-sided level given by the normal quantile `z` (1.96 for 95 %).
Interval WilsonInterval(int successes, int trials, double z = 1.959963984540054);

/// Arithmetic mean; 0 for an empty sample.
double Mean(const std::vector<double>& values);
/// Sample standard deviation (n − 1 denominator); 0 for fewer than two values.
double SampleStdDev(const std::vector<double>& values);

/// Cumulative distribution function of Student's t with `dof` degrees of freedom (> 0).
double StudentTCdf(double t, double dof);
/// The t value below which `probability` of Student's t with `dof` degrees of freedom lies.
double StudentTQuantile(double probability, double dof);

/// Student t interval of the mean at `level` (e.g. 0.95); a single value gives (−∞, ∞): one
/// trial says nothing of the spread.
Interval TInterval(const std::vector<double>& values, double level = 0.95);

/// Percentile bootstrap interval of `statistic` over `resamples` resamples drawn with a
/// tianmu::Rng seeded by `seed` (the same seed gives the same interval). A single value gives
/// (−∞, ∞), an empty sample [0, 0].
Interval BootstrapInterval(const std::vector<double>& values,
                           const std::function<double(const std::vector<double>&)>& statistic,
                           std::uint64_t seed, int resamples = 2000, double level = 0.95);

/// Two-sided p-value of Welch's unequal-variance t-test of equal means.
double WelchTTestPValue(const std::vector<double>& a, const std::vector<double>& b);

/// Two-sided p-value of Fisher's exact test on the 2×2 table (successes/trials of A and B).
double FisherExactPValue(int successes_a, int trials_a, int successes_b, int trials_b);

}  // namespace tianmu::certify
