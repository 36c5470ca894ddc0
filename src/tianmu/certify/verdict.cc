// Verdicts from confidence intervals (see verdict.h).
#include "tianmu/certify/verdict.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "tianmu/certify/statistics.h"
#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

// The smallest n in [from, max_trials] with decided(n), for a (nearly) monotone predicate: grow
// by doubling, then bisect; nullopt when even max_trials does not decide.
std::optional<int> SmallestDeciding(int from, int max_trials,
                                    const std::function<bool(int)>& decided) {
  if (decided(from)) return from;
  int low = from, high = from;
  while (!decided(high)) {
    low = high;
    if (high >= max_trials) return std::nullopt;
    high = std::min(2 * high, max_trials);
  }
  while (high - low > 1) {
    const int mid = low + (high - low) / 2;
    (decided(mid) ? high : low) = mid;
  }
  return high;
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kInconclusive:
      break;
  }
  return "inconclusive";
}

Verdict DecideFromInterval(const std::string& comparison, double threshold, double low,
                           double high) {
  if (comparison == ">=") {
    if (std::isfinite(low) && low >= threshold) return Verdict::kPass;
    if (std::isfinite(high) && high < threshold) return Verdict::kFail;
    return Verdict::kInconclusive;
  }
  if (comparison == "<=") {
    if (std::isfinite(high) && high <= threshold) return Verdict::kPass;
    if (std::isfinite(low) && low > threshold) return Verdict::kFail;
    return Verdict::kInconclusive;
  }
  throw InputError("comparison: expected \">=\" or \"<=\", got \"" + comparison + "\"");
}

std::optional<int> MinTrialsForPassRate(double rate, double z) {
  if (rate <= 0) return 1;
  if (rate >= 1) return std::nullopt;
  // n / (n + z²) ≥ rate; the small tolerance keeps an exact boundary from rounding up.
  return static_cast<int>(std::ceil(rate * z * z / (1 - rate) - 1e-9));
}

std::optional<int> TrialsToDecidePassRate(int successes, int trials, double rate, int max_trials,
                                          double z) {
  if (trials <= 0) return MinTrialsForPassRate(rate, z);
  const double share = static_cast<double>(successes) / trials;
  if (share == rate) return std::nullopt;
  const auto decided = [&](int n) {
    const int k = static_cast<int>(std::lround(share * n));
    const Interval ci = WilsonInterval(k, n, z);
    return share > rate ? ci.low >= rate : ci.high < rate;
  };
  // The interval narrows (nearly) monotonically with n at a fixed share.
  return SmallestDeciding(trials, max_trials, decided);
}

std::optional<int> TrialsToDecideMean(double mean, double std_dev, int trials, double threshold,
                                      int max_trials) {
  const double gap = std::abs(mean - threshold);
  if (trials < 2 || gap == 0 || !std::isfinite(std_dev) || !std::isfinite(gap)) {
    return std::nullopt;
  }
  const auto decided = [&](int n) {
    return StudentTQuantile(0.975, n - 1) * std_dev / std::sqrt(static_cast<double>(n)) < gap;
  };
  return SmallestDeciding(trials, max_trials, decided);
}

std::optional<int> TrialsToDecideByWidth(double value, double half_width, int trials,
                                         double threshold, int max_trials) {
  const double gap = std::abs(value - threshold);
  if (trials <= 0 || gap == 0 || !std::isfinite(gap) || !std::isfinite(half_width)) {
    return std::nullopt;
  }
  const double n = std::ceil(trials * (half_width / gap) * (half_width / gap));
  if (n > max_trials) return std::nullopt;
  return std::max(trials, static_cast<int>(n));
}

}  // namespace tianmu::certify
