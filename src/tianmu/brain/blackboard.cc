#include "tianmu/brain/blackboard.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

template <typename T>
const char* TypeName();
template <>
const char* TypeName<bool>() {
  return "bool";
}
template <>
const char* TypeName<int>() {
  return "int";
}
template <>
const char* TypeName<double>() {
  return "double";
}
template <>
const char* TypeName<std::string>() {
  return "string";
}
template <>
const char* TypeName<Eigen::Vector3d>() {
  return "vector3";
}

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\n\r");
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(" \t\n\r");
  return text.substr(begin, end - begin + 1);
}

std::optional<double> ParseDouble(const std::string& raw) {
  const std::string text = Trim(raw);
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

const char* BlackboardTypeName(const BlackboardValue& value) {
  static const char* const kNames[] = {"bool", "int", "double", "string", "vector3"};
  return kNames[value.index()];
}

template <>
std::optional<bool> ParseValue<bool>(const std::string& text) {
  const std::string t = Trim(text);
  if (t == "true" || t == "1") return true;
  if (t == "false" || t == "0") return false;
  return std::nullopt;
}

template <>
std::optional<int> ParseValue<int>(const std::string& text) {
  const std::optional<double> d = ParseDouble(text);
  if (!d || *d != std::floor(*d) || std::abs(*d) > 2e9) return std::nullopt;
  return static_cast<int>(*d);
}

template <>
std::optional<double> ParseValue<double>(const std::string& text) {
  return ParseDouble(text);
}

template <>
std::optional<std::string> ParseValue<std::string>(const std::string& text) {
  return text;
}

template <>
std::optional<Eigen::Vector3d> ParseValue<Eigen::Vector3d>(const std::string& text) {
  const char separator = text.find(';') != std::string::npos ? ';' : ',';
  std::stringstream stream(text);
  std::string item;
  Eigen::Vector3d v;
  int count = 0;
  while (std::getline(stream, item, separator)) {
    const std::optional<double> d = ParseDouble(item);
    if (!d || count >= 3) return std::nullopt;
    v[count++] = *d;
  }
  if (count != 3) return std::nullopt;
  return v;
}

std::string ValueToText(const BlackboardValue& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      // The shortest text that reads back as the same double, without an exponent unless the
      // magnitude needs one ("180", not "1.8e+02").
      const bool plain = d == 0 || (std::abs(d) >= 1e-4 && std::abs(d) < 1e15);
      char buffer[40];
      for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, d);
        if (std::stod(buffer) == d && (!plain || !std::strchr(buffer, 'e'))) break;
      }
      return buffer;
    }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const Eigen::Vector3d& v) const {
      return (*this)(v.x()) + "," + (*this)(v.y()) + "," + (*this)(v.z());
    }
  };
  return std::visit(Visitor{}, value);
}

Blackboard::Blackboard(std::shared_ptr<Blackboard> parent, std::map<std::string, std::string> remap,
                       bool auto_remap)
    : parent_(std::move(parent)), remap_(std::move(remap)), auto_remap_(auto_remap) {}

void Blackboard::Set(const std::string& key, const BlackboardValue& value) {
  if (parent_) {
    const auto mapped = remap_.find(key);
    if (mapped != remap_.end()) return parent_->Set(mapped->second, value);
    if (auto_remap_ && !entries_.count(key)) return parent_->Set(key, value);
  }
  const auto existing = entries_.find(key);
  if (existing != entries_.end() && existing->second.index() != value.index()) {
    throw RuntimeError("blackboard: key '" + key + "' holds a " +
                       BlackboardTypeName(existing->second) + ", cannot store a " +
                       BlackboardTypeName(value));
  }
  entries_[key] = value;
}

std::optional<BlackboardValue> Blackboard::Find(const std::string& key) const {
  if (parent_) {
    const auto mapped = remap_.find(key);
    if (mapped != remap_.end()) return parent_->Find(mapped->second);
  }
  const auto found = entries_.find(key);
  if (found != entries_.end()) return found->second;
  if (parent_ && auto_remap_) return parent_->Find(key);
  return std::nullopt;
}

template <typename T>
T Blackboard::Get(const std::string& key) const {
  const std::optional<BlackboardValue> value = Find(key);
  if (!value) throw RuntimeError("blackboard: no entry '" + key + "'");
  if (const T* typed = std::get_if<T>(&*value)) return *typed;
  if constexpr (std::is_same_v<T, double>) {
    if (const int* i = std::get_if<int>(&*value)) return *i;
  }
  if (const std::string* text = std::get_if<std::string>(&*value)) {
    if (std::optional<T> parsed = ParseValue<T>(*text)) return *parsed;
    throw RuntimeError("blackboard: entry '" + key + "' is the text '" + *text + "', expected a " +
                       TypeName<T>());
  }
  throw RuntimeError("blackboard: entry '" + key + "' holds a " + BlackboardTypeName(*value) +
                     ", expected a " + TypeName<T>());
}

template bool Blackboard::Get<bool>(const std::string&) const;
template int Blackboard::Get<int>(const std::string&) const;
template double Blackboard::Get<double>(const std::string&) const;
template std::string Blackboard::Get<std::string>(const std::string&) const;
template Eigen::Vector3d Blackboard::Get<Eigen::Vector3d>(const std::string&) const;

}  // namespace tianmu::brain
