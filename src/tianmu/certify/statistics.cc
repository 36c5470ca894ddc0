// Confidence intervals and two-sample tests (see statistics.h).
#include "tianmu/certify/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tianmu/core/rng.h"

namespace tianmu::certify {
namespace {

// Continued fraction of the regularised incomplete beta function (modified Lentz method).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-15;
  double c = 1;
  double d = 1 - (a + b) * x / (a + 1);
  if (std::abs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double result = d;
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    // Even step.
    double numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + numerator * d;
    if (std::abs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    result *= d * c;
    // Odd step.
    numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + numerator * d;
    if (std::abs(d) < kTiny) d = kTiny;
    c = 1 + numerator / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    result *= delta;
    if (std::abs(delta - 1) < kEpsilon) break;
  }
  return result;
}

// Regularised incomplete beta function I_x(a, b).
double RegularisedBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

double LogChoose(int n, int k) {
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

}  // namespace

Interval WilsonInterval(int successes, int trials, double z) {
  if (trials <= 0) return {0, 1};
  const double n = trials;
  const double p = successes / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double SampleStdDev(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double mean = Mean(values);
  double sum_sq = 0;
  for (double v : values) sum_sq += (v - mean) * (v - mean);
  return std::sqrt(sum_sq / static_cast<double>(values.size() - 1));
}

double StudentTCdf(double t, double dof) {
  const double x = dof / (dof + t * t);
  const double tail = 0.5 * RegularisedBeta(dof / 2, 0.5, x);
  return t >= 0 ? 1 - tail : tail;
}

double StudentTQuantile(double probability, double dof) {
  if (probability <= 0) return -std::numeric_limits<double>::infinity();
  if (probability >= 1) return std::numeric_limits<double>::infinity();
  double lo = -1e4;
  double hi = 1e4;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (StudentTCdf(mid, dof) < probability ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Interval TInterval(const std::vector<double>& values, double level) {
  const double mean = Mean(values);
  if (values.size() < 2) return {-INFINITY, INFINITY};  // one value says nothing of the spread
  const double n = static_cast<double>(values.size());
  const double t = StudentTQuantile(0.5 + level / 2, n - 1);
  const double half = t * SampleStdDev(values) / std::sqrt(n);
  return {mean - half, mean + half};
}

Interval BootstrapInterval(const std::vector<double>& values,
                           const std::function<double(const std::vector<double>&)>& statistic,
                           std::uint64_t seed, int resamples, double level) {
  if (values.empty()) return {0, 0};
  if (values.size() == 1) return {-INFINITY, INFINITY};
  Rng rng(seed);
  std::vector<double> stats;
  stats.reserve(resamples);
  std::vector<double> sample(values.size());
  for (int r = 0; r < resamples; ++r) {
    for (double& s : sample) {
      const auto index = static_cast<std::size_t>(rng.Uniform() * values.size());
      s = values[std::min(index, values.size() - 1)];
    }
    stats.push_back(statistic(sample));
  }
  std::sort(stats.begin(), stats.end());
  const double alpha = (1 - level) / 2;
  const auto at = [&](double fraction) {
    const double position = fraction * (stats.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, stats.size() - 1);
    return stats[below] + (position - below) * (stats[above] - stats[below]);
  };
  return {at(alpha), at(1 - alpha)};
}

double WelchTTestPValue(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || b.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double na = a.size(), nb = b.size();
  const double va = std::pow(SampleStdDev(a), 2) / na;
  const double vb = std::pow(SampleStdDev(b), 2) / nb;
  const double difference = Mean(a) - Mean(b);
  if (va + vb <= 0) return difference == 0 ? 1.0 : 0.0;
  const double t = difference / std::sqrt(va + vb);
  const double dof = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  return std::min(1.0, 2 * (1 - StudentTCdf(std::abs(t), dof)));
}

double FisherExactPValue(int successes_a, int trials_a, int successes_b, int trials_b) {
  const int n = trials_a + trials_b;
  const int successes = successes_a + successes_b;
  if (trials_a <= 0 || trials_b <= 0) return std::numeric_limits<double>::quiet_NaN();
  // Hypergeometric probability of k successes in A given the margins.
  const auto log_p = [&](int k) {
    return LogChoose(trials_a, k) + LogChoose(trials_b, successes - k) - LogChoose(n, successes);
  };
  const double observed = log_p(successes_a);
  double p = 0;
  const int k_min = std::max(0, successes - trials_b);
  const int k_max = std::min(successes, trials_a);
  for (int k = k_min; k <= k_max; ++k) {
    const double lp = log_p(k);
    if (lp <= observed + 1e-9) p += std::exp(lp);
  }
  return std::min(1.0, p);
}

}  // namespace tianmu::certify
