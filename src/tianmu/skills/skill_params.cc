#include "tianmu/skills/skill_params.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::skills {
namespace {

bool ParseDouble(const std::string& text, double* value) {
  if (text.empty()) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*value);
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

SkillParams SkillParams::Parse(const std::vector<std::string>& items) {
  SkillParams params;
  for (const std::string& item : items) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InputError("--param '" + item + "': expected KEY=VALUE");
    }
    const std::string key = item.substr(0, eq);
    if (params.values_.count(key) > 0) throw InputError("--param " + key + ": given twice");
    params.values_[key] = item.substr(eq + 1);
  }
  return params;
}

void SkillParams::RejectUnknown(const std::string& skill,
                                const std::set<std::string>& known) const {
  for (const auto& [key, value] : values_) {
    if (known.count(key) == 0) {
      throw InputError("--param " + key + ": skill " + skill + " has no such parameter (known: " +
                       Join(std::vector<std::string>(known.begin(), known.end())) + ")");
    }
  }
}

double SkillParams::Number(const std::string& skill, const std::string& key, double fallback,
                           double lo, double hi) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  double value = 0;
  if (!ParseDouble(it->second, &value) || value < lo || value > hi) {
    std::ostringstream range;
    range << "[" << lo << ", " << hi << "]";
    throw InputError("--param " + key + ": skill " + skill + " expected a number in " +
                     range.str() + ", got '" + it->second + "'");
  }
  return value;
}

std::vector<double> SkillParams::Numbers(const std::string& skill, const std::string& key,
                                         std::size_t min_count, std::size_t max_count) const {
  const std::string what = min_count == max_count ? std::to_string(min_count) + " numbers"
                                                  : std::to_string(min_count) + " to " +
                                                        std::to_string(max_count) + " numbers";
  const auto it = values_.find(key);
  if (it == values_.end()) {
    throw InputError("--param " + key + ": skill " + skill + " needs " + key + "=" + what +
                     " separated by commas");
  }
  std::vector<double> numbers;
  bool ok = !it->second.empty() && it->second.back() != ',';
  std::stringstream in(it->second);
  for (std::string part; ok && std::getline(in, part, ',');) {
    double value = 0;
    ok = ParseDouble(part, &value);
    numbers.push_back(value);
  }
  if (!ok || numbers.size() < min_count || numbers.size() > max_count) {
    throw InputError("--param " + key + ": skill " + skill + " expected " + what +
                     " separated by commas, got '" + it->second + "'");
  }
  return numbers;
}

Eigen::Vector3d SkillParams::Vector3(const std::string& skill, const std::string& key) const {
  const std::vector<double> v = Numbers(skill, key, 3, 3);
  return Eigen::Vector3d(v[0], v[1], v[2]);
}

std::string SkillParams::Choice(const std::string& skill, const std::string& key,
                                const std::string& fallback,
                                const std::vector<std::string>& choices) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  for (const std::string& c : choices) {
    if (c == it->second) return c;
  }
  throw InputError("--param " + key + ": skill " + skill + " expected one of " + Join(choices) +
                   ", got '" + it->second + "'");
}

}  // namespace tianmu::skills
