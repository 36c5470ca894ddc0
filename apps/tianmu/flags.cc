#include "flags.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::cli {

Flags::Flags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
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
      for (const FlagSpec& s : specs) known += (known.empty() ? "--" : ", --") + s.name;
      throw InputError("--" + name + ": unknown flag (expected one of: " +
                       (known.empty() ? "none" : known) + ")");
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

}  // namespace tianmu::cli
