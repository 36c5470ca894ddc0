#include "tianmu/fleet/payload_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

#include "tianmu/core/error.h"

namespace tianmu::fleet {
namespace {

std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text.substr(0, 40)) out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  return out + (text.size() > 40 ? "...\"" : "\"");
}

}  // namespace

nlohmann::json ParsePayload(const std::string& text, const std::string& message) {
  if (text.size() > kMaxPayloadBytes) {
    throw InputError(message, 0, "",
                     "a payload of at most " + std::to_string(kMaxPayloadBytes) + " bytes (got " +
                         std::to_string(text.size()) + ")");
  }
  // Depth is checked while parsing, so a deeply nested payload never builds a deep tree.
  const nlohmann::json::parser_callback_t depth_limit =
      [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > kMaxPayloadDepth) {
          throw InputError(message, 0, "",
                           "nesting at most " + std::to_string(kMaxPayloadDepth) + " levels deep");
        }
        return true;
      };
  try {
    nlohmann::json value = nlohmann::json::parse(text, depth_limit);
    if (!value.is_object()) throw InputError(message, 0, "", "a JSON object");
    return value;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(message, 0, "", std::string("JSON (") + e.what() + ")");
  }
}

PayloadReader::PayloadReader(const nlohmann::json& value, std::string message, std::string path)
    : value_(value), message_(std::move(message)), path_(std::move(path)) {
  if (!value_.is_object()) {
    throw InputError(message_, 0, path_.empty() ? "(payload)" : path_, "an object");
  }
}

std::string PayloadReader::PathOf(const std::string& field) const {
  return path_.empty() ? field : path_ + "." + field;
}

void PayloadReader::Fail(const std::string& field, const std::string& expected) const {
  throw InputError(message_, 0, PathOf(field), expected);
}

const nlohmann::json* PayloadReader::Find(const char* field) const {
  const auto it = value_.find(field);
  if (it == value_.end() || it->is_null()) return nullptr;
  return &*it;
}

const nlohmann::json* PayloadReader::Raw(const char* field) const { return Find(field); }

std::optional<std::string> PayloadReader::OptionalString(const char* field,
                                                         std::size_t max_length) const {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) return std::nullopt;
  const std::string expected =
      "a string of 1 to " + std::to_string(max_length) + " printable characters";
  if (!v->is_string()) Fail(field, expected);
  const std::string& text = v->get_ref<const std::string&>();
  if (text.empty() || text.size() > max_length) Fail(field, expected);
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) Fail(field, expected);
  }
  return text;
}

std::string PayloadReader::String(const char* field, std::size_t max_length) const {
  std::optional<std::string> text = OptionalString(field, max_length);
  if (!text) Fail(field, "a string (missing)");
  return *text;
}

std::string PayloadReader::Enum(const char* field,
                                std::initializer_list<const char*> allowed) const {
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  const std::optional<std::string> text = OptionalString(field, 64);
  if (!text) Fail(field, "one of " + list + " (missing)");
  for (const char* a : allowed) {
    if (*text == a) return *text;
  }
  Fail(field, "one of " + list + " (got " + Quoted(*text) + ")");
}

std::optional<double> PayloadReader::OptionalNumber(const char* field, double lo, double hi) const {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) return std::nullopt;
  char range[96];
  std::snprintf(range, sizeof(range), "a number in [%g, %g]", lo, hi);
  if (!v->is_number()) Fail(field, range);
  const double x = v->get<double>();
  if (!std::isfinite(x) || x < lo || x > hi) {
    Fail(field, std::string(range) + " (got " + v->dump() + ")");
  }
  return x;
}

double PayloadReader::Number(const char* field, double lo, double hi) const {
  const std::optional<double> x = OptionalNumber(field, lo, hi);
  if (!x) {
    char range[96];
    std::snprintf(range, sizeof(range), "a number in [%g, %g] (missing)", lo, hi);
    Fail(field, range);
  }
  return *x;
}

std::uint64_t PayloadReader::Unsigned(const char* field, std::uint64_t max) const {
  const nlohmann::json* v = Find(field);
  const std::string expected = "an integer in [0, " + std::to_string(max) + "]";
  if (v == nullptr) Fail(field, expected + " (missing)");
  if (!v->is_number_integer() ||
      (v->is_number_integer() && !v->is_number_unsigned() && v->get<std::int64_t>() < 0)) {
    Fail(field, expected + " (got " + v->dump().substr(0, 40) + ")");
  }
  const std::uint64_t x = v->get<std::uint64_t>();
  if (x > max) Fail(field, expected + " (got " + std::to_string(x) + ")");
  return x;
}

std::optional<bool> PayloadReader::OptionalBool(const char* field) const {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) Fail(field, "true or false");
  return v->get<bool>();
}

bool PayloadReader::Bool(const char* field) const {
  const std::optional<bool> b = OptionalBool(field);
  if (!b) Fail(field, "true or false (missing)");
  return *b;
}

std::optional<PayloadReader> PayloadReader::OptionalObject(const char* field) const {
  const nlohmann::json* v = Find(field);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) Fail(field, "an object");
  return PayloadReader(*v, message_, PathOf(field));
}

PayloadReader PayloadReader::Object(const char* field) const {
  std::optional<PayloadReader> r = OptionalObject(field);
  if (!r) Fail(field, "an object (missing)");
  return *r;
}

std::vector<PayloadReader> PayloadReader::OptionalObjects(const char* field,
                                                          std::size_t max_items) const {
  std::vector<PayloadReader> out;
  const nlohmann::json* v = Find(field);
  if (v == nullptr) return out;
  const std::string expected = "an array of at most " + std::to_string(max_items) + " objects";
  if (!v->is_array() || v->size() > max_items) Fail(field, expected);
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string path = PathOf(field) + "[" + std::to_string(i) + "]";
    if (!(*v)[i].is_object()) throw InputError(message_, 0, path, "an object");
    out.emplace_back((*v)[i], message_, path);
  }
  return out;
}

std::vector<PayloadReader> PayloadReader::Objects(const char* field, std::size_t max_items) const {
  if (Find(field) == nullptr) Fail(field, "an array (missing)");
  return OptionalObjects(field, max_items);
}

std::vector<std::string> PayloadReader::Strings(const char* field, std::size_t max_items) const {
  const nlohmann::json* v = Find(field);
  const std::string expected = "an array of at most " + std::to_string(max_items) + " strings";
  if (v == nullptr) Fail(field, expected + " (missing)");
  if (!v->is_array() || v->size() > max_items) Fail(field, expected);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const nlohmann::json& s = (*v)[i];
    if (!s.is_string() || s.get_ref<const std::string&>().empty() ||
        s.get_ref<const std::string&>().size() > kMaxStringLength) {
      throw InputError(message_, 0, PathOf(field) + "[" + std::to_string(i) + "]",
                       "a non-empty string");
    }
    out.push_back(s.get<std::string>());
  }
  return out;
}

void PayloadReader::RejectUnknown(std::initializer_list<const char*> known) const {
  const std::set<std::string> names(known.begin(), known.end());
  for (const auto& [key, value] : value_.items()) {
    if (names.count(key) == 0) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      Fail(Quoted(key), "no such field (known: " + list + ")");
    }
  }
}

std::string IsoTimestamp(double unix_time_s) {
  const double whole = std::floor(unix_time_s);
  const std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int ms = std::clamp(0, static_cast<int>(std::lround((unix_time_s - whole) * 1000)), 999);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return text;
}

bool IsIsoTimestamp(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS then optional .f{1,9}, then Z.
  const char* shape = "dddd-dd-ddTdd:dd:dd";
  std::size_t i = 0;
  for (; shape[i] != '\0'; ++i) {
    if (i >= text.size()) return false;
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
  }
  if (i < text.size() && text[i] == '.') {
    const std::size_t start = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i - start > 9) return false;
  }
  return i + 1 == text.size() && text[i] == 'Z';
}

}  // namespace tianmu::fleet
