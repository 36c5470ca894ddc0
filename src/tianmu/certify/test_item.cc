// Item metadata names, trial JSON and the default aggregations (see test_item.h).
#include "tianmu/certify/test_item.h"

#include <algorithm>
#include <cmath>

#include "tianmu/certify/statistics.h"
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

const char* SuiteName(Suite suite) { return suite == Suite::kQuick ? "quick" : "full"; }

Suite ParseSuite(const std::string& name) {
  if (name == "quick") return Suite::kQuick;
  if (name == "full") return Suite::kFull;
  throw InputError("--suite: unknown suite '" + name + "' (expected quick or full)");
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
          {"comparison", info.comparison},
          {"verdict", verdict},
          {"trials", trials},
          {"trials_error", trials_failed},
          {"reason", reason},
          {"aggregation", AggregationMethod(info.aggregation)},
          {"trial_values", trial_values},
          {"trial_success", trial_success},
          {"trial_results", trial_json}};
}

ItemResult TestItem::Aggregate(const std::vector<TrialResult>& trials, double threshold) const {
  return AggregateTrials(info(), trials, threshold);
}

ItemResult AggregateTrials(const ItemInfo& info, const std::vector<TrialResult>& trials,
                           double threshold) {
  ItemResult out;
  out.info = info;
  out.threshold = threshold;
  out.trial_results = trials;
  out.trials = static_cast<int>(trials.size());
  out.interval_method = AggregationMethod(info.aggregation);
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
  const bool meets =
      !std::isfinite(*out.value)
          ? false
          : (info.comparison == ">=" ? *out.value >= threshold : *out.value <= threshold);
  if (out.trials_failed > 0) {
    out.verdict = "error";
    out.reason = std::to_string(out.trials_failed) + " of " + std::to_string(out.trials) +
                 " trials ended in error (figure from the rest): " + first_error;
  } else {
    out.verdict = meets ? "pass" : "fail";
  }
  return out;
}

}  // namespace tianmu::certify
