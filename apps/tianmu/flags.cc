#include "flags.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "tianmu/core/error.h"

namespace tianmu::cli {

FlagSpec FlagSpec::Help(std::string text) const {
  FlagSpec f = *this;
  f.help = std::move(text);
  return f;
}

FlagSpec FlagSpec::Value(std::string placeholder) const {
  FlagSpec f = *this;
  f.value_name = std::move(placeholder);
  return f;
}

FlagSpec FlagSpec::Unit(std::string si_unit) const {
  FlagSpec f = *this;
  f.unit = std::move(si_unit);
  return f;
}

FlagSpec FlagSpec::Default(std::string text) const {
  FlagSpec f = *this;
  f.default_text = std::move(text);
  return f;
}

FlagSpec FlagSpec::Range(double lower, double upper) const {
  FlagSpec f = *this;
  f.lo = lower;
  f.hi = upper;
  return f;
}

FlagSpec FlagSpec::Kind(ValueKind value_kind) const {
  FlagSpec f = *this;
  f.kind = value_kind;
  return f;
}

FlagSpec FlagSpec::Choices(std::vector<std::string> values) const {
  FlagSpec f = *this;
  f.choices = std::move(values);
  f.kind = ValueKind::kChoice;
  return f;
}

FlagSpec FlagSpec::Repeatable() const {
  FlagSpec f = *this;
  f.repeatable = true;
  return f;
}

FlagSpec Option(std::string name, std::string placeholder, std::string help) {
  FlagSpec f;
  f.name = std::move(name);
  f.value_name = std::move(placeholder);
  f.help = std::move(help);
  return f;
}

FlagSpec Switch(std::string name, std::string help) {
  FlagSpec f;
  f.name = std::move(name);
  f.takes_value = false;
  f.help = std::move(help);
  return f;
}

int EditDistance(const std::string& a, const std::string& b) {
  // d[i][j]: distance between the first i characters of a and the first j of b.
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> NearestName(const std::string& word,
                                       const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  int best_distance = 3;  // farther than 2 edits is more likely a different word than a typo
  for (const std::string& c : candidates) {
    const int d = EditDistance(word, c);
    if (d < best_distance && 2 * d <= static_cast<int>(std::max(word.size(), c.size()))) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

Flags::Flags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs)
    : specs_(specs) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word.size() < 3 || word.rfind("--", 0) != 0) {
      positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr) {
      std::string known;
      std::vector<std::string> names;
      for (const FlagSpec& s : specs) {
        known += (known.empty() ? "--" : ", --") + s.name;
        names.push_back(s.name);
      }
      const std::optional<std::string> nearest = NearestName(name, names);
      throw InputError("--" + name + ": unknown flag" +
                       (nearest ? "; did you mean --" + *nearest + "?" : std::string()) +
                       " (expected one of: " + (known.empty() ? "none" : known) + ")");
    }
    if (values_.count(name) != 0 && !spec->repeatable) {
      throw InputError("--" + name + ": given more than once (expected once)");
    }
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else {
        if (i + 1 >= args.size()) throw InputError("--" + name + ": missing value");
        value = args[++i];
      }
    } else if (inline_value) {
      throw InputError("--" + name + ": takes no value");
    }
    values_[name].push_back(value);
  }
}

const FlagSpec& Flags::Spec(const std::string& name) const {
  for (const FlagSpec& s : specs_) {
    if (s.name == name) return s;
  }
  throw std::logic_error("--" + name + ": read but not declared");
}

bool Flags::Has(const std::string& name) const { return values_.count(name) != 0; }

std::string Flags::String(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> Flags::All(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Flags::Required(const std::string& name, const std::string& what) const {
  if (!Has(name) || String(name).empty()) {
    throw InputError("--" + name + ": missing (expected " + what + ")");
  }
  return String(name);
}

double Flags::Number(const std::string& name, double fallback, double lo, double hi) const {
  if (!Has(name)) return fallback;
  const std::string text = String(name);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < lo || v > hi) {
    std::ostringstream s;
    s << "--" << name << ": expected a number in [" << lo << ", " << hi << "], got '" << text
      << "'";
    throw InputError(s.str());
  }
  return v;
}

double Flags::Number(const std::string& name, double fallback) const {
  const FlagSpec& spec = Spec(name);
  if (!spec.lo || !spec.hi) throw std::logic_error("--" + name + ": no range declared");
  return Number(name, fallback, *spec.lo, *spec.hi);
}

double Flags::Number(const std::string& name) const {
  const FlagSpec& spec = Spec(name);
  char* end = nullptr;
  const double fallback = std::strtod(spec.default_text.c_str(), &end);
  if (spec.default_text.empty() || end != spec.default_text.c_str() + spec.default_text.size()) {
    throw std::logic_error("--" + name + ": no numeric default declared");
  }
  return Number(name, fallback);
}

unsigned long long Flags::Unsigned(const std::string& name, unsigned long long fallback) const {
  if (!Has(name)) return fallback;
  const std::string text = String(name);
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size()) {
    throw InputError("--" + name + ": expected a non-negative integer, got '" + text + "'");
  }
  return v;
}

unsigned long long Flags::Unsigned(const std::string& name) const {
  const FlagSpec& spec = Spec(name);
  const std::string& text = spec.default_text;
  char* end = nullptr;
  const unsigned long long fallback = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size()) {
    throw std::logic_error("--" + name + ": no unsigned default declared");
  }
  return Unsigned(name, fallback);
}

}  // namespace tianmu::cli
