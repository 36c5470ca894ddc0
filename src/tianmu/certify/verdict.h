// Verdicts from confidence intervals. An item passes only when its interval's relevant bound meets
// the threshold and fails only when the opposite bound misses it; otherwise it is inconclusive,
// and the number of trials that would likely decide it is estimated from the data so far.
#pragma once

#include <optional>
#include <string>

namespace tianmu::certify {

/// The outcome of an interval against a threshold.
enum class Verdict { kPass, kFail, kInconclusive };

/// "pass", "fail" or "inconclusive".
const char* VerdictName(Verdict verdict);

/// Decides the interval [low, high] against `threshold` for `comparison` ">=" or "<=".
/// ">=": pass when low ≥ threshold, fail when high < threshold; "<=": pass when high ≤ threshold,
/// fail when low > threshold. A non-finite bound never decides its side.
Verdict DecideFromInterval(const std::string& comparison, double threshold, double low,
                           double high);

/// The normal quantile of the two-sided 95 % level used for every interval of the battery.
inline constexpr double kZ95 = 1.959963984540054;

/// Fewest trials for which "every trial succeeded" can pass a pass-rate bar `rate` (a fraction):
/// the Wilson lower bound of n successes in n trials is n / (n + z²), so n ≥ rate·z² / (1 − rate).
/// 1 for a bar ≤ 0; nullopt for a bar ≥ 1 (no finite number of trials can show it).
std::optional<int> MinTrialsForPassRate(double rate, double z = kZ95);

/// Total trials that would likely decide a pass rate of `successes` of `trials` against the bar
/// `rate` (a fraction): the smallest N ≥ trials at which the Wilson interval of the same observed
/// share excludes the bar. nullopt when the share equals the bar or N would exceed `max_trials`.
std::optional<int> TrialsToDecidePassRate(int successes, int trials, double rate,
                                          int max_trials = 100000, double z = kZ95);

/// Total trials that would likely decide a mean of `trials` values with sample standard deviation
/// `std_dev` against `threshold` with a 95 % Student t interval: the smallest N ≥ trials with
/// t(N − 1)·s/√N < |mean − threshold|. nullopt with fewer than two trials (no spread known yet),
/// when the mean equals the threshold, or beyond `max_trials`.
std::optional<int> TrialsToDecideMean(double mean, double std_dev, int trials, double threshold,
                                      int max_trials = 100000);

/// Total trials that would likely decide an interval whose half-width on the threshold's side is
/// `half_width` after `trials` trials, assuming the width shrinks as 1/√N: N = n·(h / gap)²,
/// gap = |value − threshold|. nullopt when the gap is zero, the width non-finite, or N would
/// exceed `max_trials`.
std::optional<int> TrialsToDecideByWidth(double value, double half_width, int trials,
                                         double threshold, int max_trials = 100000);

}  // namespace tianmu::certify
