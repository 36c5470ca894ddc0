// Item metadata names, trial JSON and the default aggregations (see test_item.h).
#include "tianmu/certify/test_item.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tianmu/certify/statistics.h"
#include "tianmu/certify/verdict.h"
#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

const char* AggregationMethod(Aggregation a) {
  switch (a) {
    case Aggregation::kMeanT:
      return "t";
    case Aggregation::kMeanBootstrap:
      return "bootstrap";
    case Aggregation::kPassRate:
      return "wilson";
    case Aggregation::kMinBracket:
      return "bisection bracket";
    case Aggregation::kRatePerHour:
      return "wilson (per-trial event rate)";
    case Aggregation::kSpread:
      return "bootstrap";
    case Aggregation::kMax:
      return "bootstrap (max)";
  }
  return "";
}

std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

const char* DomainName(Domain domain) {
  switch (domain) {
    case Domain::kPerformance:
      return "performance";
    case Domain::kSafety:
      return "safety";
    case Domain::kReliability:
      return "reliability";
  }
  return "unknown";
}

const char* SuiteName(Suite suite) {
  switch (suite) {
    case Suite::kQuick:
      return "quick";
    case Suite::kFull:
      return "full";
    case Suite::kCi:
      break;
  }
  return "ci";
}

Suite ParseSuite(const std::string& name) {
  if (name == "quick") return Suite::kQuick;
  if (name == "full") return Suite::kFull;
  if (name == "ci") return Suite::kCi;
  throw InputError("--suite: unknown suite '" + name + "' (expected quick, full or ci)");
}

std::uint64_t StableHash(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::uint64_t TrialSeed(std::uint64_t suite_seed, const std::string& item_id, int trial) {
  return Mix(Mix(suite_seed) ^ StableHash(item_id)) ^ Mix(static_cast<std::uint64_t>(trial) + 1);
}

nlohmann::json TrialResult::ToJson() const {
  return {{"item", item},
          {"trial", trial},
          {"seed", seed},
          {"status", status},
          {"reason", reason},
          {"value", value},
          {"success", success},
          {"duration_s", duration_s},
          {"bracket_low", bracket_low},
          {"bracket_high", bracket_high},
          {"detail", detail}};
}

TrialResult TrialResult::FromJson(const nlohmann::json& j) {
  try {
    TrialResult r;
    r.item = j.at("item").get<std::string>();
    r.trial = j.at("trial").get<int>();
    r.seed = j.at("seed").get<std::uint64_t>();
    r.status = j.at("status").get<std::string>();
    r.reason = j.at("reason").get<std::string>();
    r.value = j.at("value").is_null() ? NAN : j.at("value").get<double>();
    r.success = j.at("success").get<bool>();
    r.duration_s = j.at("duration_s").get<double>();
    r.bracket_low = j.at("bracket_low").get<double>();
    r.bracket_high = j.at("bracket_high").get<double>();
    r.detail = j.at("detail");
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw RuntimeError(std::string("malformed trial result: ") + e.what());
  }
}

nlohmann::json ItemResult::ToJson() const {
  const auto optional = [](const std::optional<double>& v) -> nlohmann::json {
    if (!v || !std::isfinite(*v)) return nullptr;
    return *v;
  };
  nlohmann::json trial_values = nlohmann::json::array();
  nlohmann::json trial_success = nlohmann::json::array();
  nlohmann::json trial_json = nlohmann::json::array();
  for (const TrialResult& t : trial_results) {
    if (t.status == "ok") {
      trial_values.push_back(std::isfinite(t.value) ? nlohmann::json(t.value) : nullptr);
      trial_success.push_back(t.success);
    }
    trial_json.push_back(t.ToJson());
  }
  return {{"id", info.id},
          {"domain", DomainName(info.domain)},
          {"title", info.title},
          {"standard", info.standard},
          {"protocol", info.protocol},
          {"metric", info.metric},
          {"unit", info.unit},
          {"value", optional(value)},
          {"ci_low", optional(ci_low)},
          {"ci_high", optional(ci_high)},
          {"interval", interval_method},
          {"threshold", threshold},
          {"threshold_source", threshold_source},
          {"comparison", info.comparison},
          {"verdict", verdict},
          {"trials", trials},
          {"trials_error", trials_failed},
          {"min_trials_to_pass", min_trials_to_pass},
          {"trials_to_decide", trials_to_decide ? nlohmann::json(*trials_to_decide) : nullptr},
          {"provisional", provisional},
          {"reason", reason},
          {"aggregation", AggregationMethod(info.aggregation)},
          {"trial_values", trial_values},
          {"trial_success", trial_success},
          {"trial_results", trial_json}};
}

ItemResult TestItem::Aggregate(const std::vector<TrialResult>& trials, double threshold) const {
  return AggregateTrials(info(), trials, threshold);
}

std::optional<int> MinTrialsToPass(const ItemInfo& info, double threshold) {
  switch (info.aggregation) {
    case Aggregation::kPassRate:
      return MinTrialsForPassRate(threshold / 100);
    case Aggregation::kMeanT:
    case Aggregation::kMeanBootstrap:
    case Aggregation::kSpread:
    case Aggregation::kMax:
      return 3;
    case Aggregation::kMinBracket:
    case Aggregation::kRatePerHour:
      break;
  }
  return 1;
}

int TrialsToRun(const TestItem& item, Suite suite, double threshold) {
  const int own = item.Trials(suite);
  if (IsReduced(suite)) return own;
  return std::max(own, MinTrialsToPass(item.info(), threshold).value_or(own));
}

ItemResult AggregateTrials(const ItemInfo& info, const std::vector<TrialResult>& trials,
                           double threshold) {
  ItemResult out;
  out.info = info;
  out.threshold = threshold;
  out.trial_results = trials;
  out.trials = static_cast<int>(trials.size());
  out.interval_method = AggregationMethod(info.aggregation);
  const std::optional<int> minimum = MinTrialsToPass(info, threshold);
  out.min_trials_to_pass = minimum.value_or(0);
  out.provisional = !minimum || out.trials < *minimum;
  std::vector<const TrialResult*> ok;
  std::string first_error;
  for (const TrialResult& t : trials) {
    if (t.status == "not_available") {
      out.verdict = "not_available";
      out.reason = t.reason;
      return out;
    }
    if (t.status == "ok") {
      ok.push_back(&t);
    } else {
      ++out.trials_failed;
      if (first_error.empty()) first_error = t.reason;
    }
  }
  if (ok.empty()) {
    out.verdict = "error";
    out.reason = trials.empty() ? "no trials were run" : "every trial failed: " + first_error;
    return out;
  }
  std::vector<double> values;
  for (const TrialResult* t : ok) values.push_back(t->value);
  const std::uint64_t seed = StableHash(info.id);
  switch (info.aggregation) {
    case Aggregation::kMeanT: {
      out.value = Mean(values);
      const Interval ci = TInterval(values);
      out.ci_low = ci.low;
      out.ci_high = ci.high;
      break;
    }
    case Aggregation::kMeanBootstrap: {
      out.value = Mean(values);
      const Interval ci = BootstrapInterval(values, Mean, seed);
      out.ci_low = ci.low;
      out.ci_high = ci.high;
      break;
    }
    case Aggregation::kPassRate: {
      int successes = 0;
      for (const TrialResult* t : ok) successes += t->success ? 1 : 0;
      const int n = static_cast<int>(ok.size());
      out.value = 100.0 * successes / n;
      const Interval ci = WilsonInterval(successes, n);
      out.ci_low = 100 * ci.low;
      out.ci_high = 100 * ci.high;
      break;
    }
    case Aggregation::kMax: {
      const auto max_of = [](const std::vector<double>& v) {
        double m = -INFINITY;
        for (double x : v) m = std::isnan(x) ? x : std::max(m, x);
        return m;
      };
      out.value = max_of(values);
      const Interval ci = BootstrapInterval(values, max_of, seed);
      out.ci_low = ci.low;
      out.ci_high = ci.high;
      break;
    }
    case Aggregation::kMinBracket: {
      const TrialResult* worst = ok.front();
      for (const TrialResult* t : ok) {
        if (t->value < worst->value) worst = t;
      }
      out.value = worst->value;
      out.ci_low = worst->bracket_low;
      out.ci_high = worst->bracket_high;
      break;
    }
    case Aggregation::kRatePerHour: {
      double events = 0;
      double seconds = 0;
      int trials_with_event = 0;
      for (const TrialResult* t : ok) {
        events += t->value;
        seconds += t->duration_s;
        trials_with_event += t->value > 0 ? 1 : 0;
      }
      const double hours = std::max(seconds, 1e-9) / 3600;
      const int n = static_cast<int>(ok.size());
      out.value = events / hours;
      const Interval ci = WilsonInterval(trials_with_event, n);
      out.ci_low = ci.low * n / hours;
      out.ci_high = ci.high * n / hours;
      break;
    }
    case Aggregation::kSpread: {
      double mx = 0, my = 0;
      for (const TrialResult* t : ok) {
        mx += t->detail.value("final_x_m", 0.0);
        my += t->detail.value("final_y_m", 0.0);
      }
      mx /= ok.size();
      my /= ok.size();
      std::vector<double> distances;
      for (const TrialResult* t : ok) {
        distances.push_back(std::hypot(t->detail.value("final_x_m", 0.0) - mx,
                                       t->detail.value("final_y_m", 0.0) - my));
      }
      const auto rms = [](const std::vector<double>& d) {
        double sum = 0;
        for (double v : d) sum += v * v;
        return d.empty() ? 0.0 : std::sqrt(sum / d.size());
      };
      out.value = rms(distances);
      const Interval ci = BootstrapInterval(distances, rms, seed);
      out.ci_low = ci.low;
      out.ci_high = ci.high;
      break;
    }
  }
  if (out.trials_failed > 0) {
    out.verdict = "error";
    out.reason = std::to_string(out.trials_failed) + " of " + std::to_string(out.trials) +
                 " trials ended in error (figure from the rest): " + first_error;
    return out;
  }
  if (!std::isfinite(*out.value)) {
    out.verdict = "fail";
    out.reason = "a trial gave no figure (e.g. the robot fell before it could be measured)";
    return out;
  }
  const double low = out.ci_low.value_or(-INFINITY), high = out.ci_high.value_or(INFINITY);
  const Verdict verdict = DecideFromInterval(info.comparison, threshold, low, high);
  out.verdict = VerdictName(verdict);
  if (verdict != Verdict::kInconclusive) return out;
  const int n = static_cast<int>(ok.size());
  switch (info.aggregation) {
    case Aggregation::kPassRate:
      out.trials_to_decide = TrialsToDecidePassRate(
          static_cast<int>(std::lround(*out.value / 100 * n)), n, threshold / 100);
      break;
    case Aggregation::kMeanT:
      out.trials_to_decide = TrialsToDecideMean(*out.value, SampleStdDev(values), n, threshold);
      break;
    case Aggregation::kMinBracket:
      break;  // a finer bisection decides it, not more trials
    default: {
      const bool above = *out.value >= threshold;
      out.trials_to_decide = TrialsToDecideByWidth(
          *out.value, above ? *out.value - low : high - *out.value, n, threshold);
      break;
    }
  }
  char text[192];
  std::snprintf(text, sizeof(text), "the 95 %% interval [%.4g, %.4g] contains the threshold %.4g",
                low, high, threshold);
  out.reason = text;
  if (out.trials_to_decide) {
    out.reason += "; about " + std::to_string(*out.trials_to_decide) +
                  " trials in all would likely decide it";
  } else if (info.aggregation == Aggregation::kMinBracket) {
    out.reason += "; a finer bisection would decide it";
  } else if (n < 2) {
    out.reason += "; more trials are needed to know the spread";
  }
  return out;
}

}  // namespace tianmu::certify
