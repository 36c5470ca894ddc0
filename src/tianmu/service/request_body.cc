#include "tianmu/service/request_body.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace tianmu::service {

HttpResponse JsonErrorResponse(int status, const std::string& message, const std::string& field) {
  nlohmann::json e = {{"status", status}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  HttpResponse r;
  r.status = status;
  r.body = nlohmann::json({{"error", e}}).dump() + "\n";
  return r;
}

bool ParseJsonBody(const HttpRequest& request, nlohmann::json* body, HttpResponse* error) {
  const std::string type = request.Header("content-type");
  if (!request.body.empty() && !type.empty() && type.rfind("application/json", 0) != 0) {
    *error = JsonErrorResponse(415, "request body must be application/json, not " + type);
    return false;
  }
  if (request.body.empty()) {
    *body = nlohmann::json::object();
    return true;
  }
  *body = nlohmann::json::parse(request.body, nullptr, false);
  if (body->is_discarded()) {
    *error = JsonErrorResponse(400, "malformed JSON in the request body");
    return false;
  }
  if (!body->is_object()) {
    *error = JsonErrorResponse(400, "request body must be a JSON object");
    return false;
  }
  return true;
}

bool OnlyFields(const nlohmann::json& body, std::initializer_list<const char*> allowed,
                HttpResponse* error) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      *error = JsonErrorResponse(400,
                                 "unknown field '" + key + "'" +
                                     (list.empty() ? std::string(" (this endpoint takes no fields)")
                                                   : " (expected " + list + ")"),
                                 key);
      return false;
    }
  }
  return true;
}

bool NumberField(const nlohmann::json& body, const char* field, double lo, double hi, double* out,
                 HttpResponse* error) {
  if (!body.contains(field)) return true;
  const nlohmann::json& v = body[field];
  if (!v.is_number()) {
    *error = JsonErrorResponse(
        400, std::string("field '") + field + "': expected a number, got " + v.type_name(), field);
    return false;
  }
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < lo || x > hi) {
    std::ostringstream m;
    m << "field '" << field << "': " << x << " is outside [" << lo << ", " << hi << "]";
    *error = JsonErrorResponse(422, m.str(), field);
    return false;
  }
  *out = x;
  return true;
}

bool StringField(const nlohmann::json& body, const char* field, bool required, std::string* out,
                 HttpResponse* error) {
  if (!body.contains(field)) {
    if (!required) return true;
    *error = JsonErrorResponse(
        400, std::string("field '") + field + "': missing (expected a string)", field);
    return false;
  }
  const nlohmann::json& v = body[field];
  if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 200) {
    *error = JsonErrorResponse(
        400, std::string("field '") + field + "': expected a non-empty string", field);
    return false;
  }
  *out = v.get<std::string>();
  return true;
}

bool Vector3Field(const nlohmann::json& body, const char* field, double max_abs,
                  const std::string& what, std::array<double, 3>* out, HttpResponse* error) {
  if (!body.contains(field)) return true;
  const nlohmann::json& p = body[field];
  if (!p.is_array() || p.size() != 3 ||
      !std::all_of(p.begin(), p.end(), [max_abs](const nlohmann::json& v) {
        return v.is_number() && std::isfinite(v.get<double>()) &&
               std::abs(v.get<double>()) <= max_abs;
      })) {
    std::ostringstream m;
    m << "field '" << field << "': expected " << what << " within ±" << max_abs;
    *error = JsonErrorResponse(400, m.str(), field);
    return false;
  }
  for (std::size_t k = 0; k < 3; ++k) (*out)[k] = p[k].get<double>();
  return true;
}

bool StringListField(const nlohmann::json& body, const char* field, std::size_t max_items,
                     const std::string& what, std::vector<std::string>* out, HttpResponse* error) {
  if (!body.contains(field)) return true;
  const nlohmann::json& items = body[field];
  if (!items.is_array() || items.size() > max_items ||
      !std::all_of(items.begin(), items.end(),
                   [](const nlohmann::json& v) { return v.is_string(); })) {
    *error = JsonErrorResponse(
        400, std::string("field '") + field + "': expected an array of " + what, field);
    return false;
  }
  out->clear();
  for (const nlohmann::json& v : items) out->push_back(v.get<std::string>());
  return true;
}

bool IntegerField(const nlohmann::json& body, const char* field, int lo, int hi, int* out,
                  HttpResponse* error) {
  if (!body.contains(field)) return true;
  const nlohmann::json& t = body[field];
  if (!t.is_number_integer() || t.get<long long>() < lo || t.get<long long>() > hi) {
    *error = JsonErrorResponse(400,
                               std::string("field '") + field + "': expected an integer in [" +
                                   std::to_string(lo) + ", " + std::to_string(hi) + "]",
                               field);
    return false;
  }
  *out = t.get<int>();
  return true;
}

}  // namespace tianmu::service
