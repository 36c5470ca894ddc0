// REST request bodies: the JSON object a POST carries and the typed fields each endpoint reads
// from it. Every failure is the 4xx response that says which field and what was expected.
#pragma once

#include <array>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/service/http.h"

namespace tianmu::service {

/// A JSON response {"error": {"status", "message"[, "field"]}} with status `status`.
HttpResponse JsonErrorResponse(int status, const std::string& message,
                               const std::string& field = "");

/// A request's JSON body: an object (an empty body counts as {}). Otherwise false, with 415 (not
/// application/json) or 400 (malformed, not an object) in `error`.
bool ParseJsonBody(const HttpRequest& request, nlohmann::json* body, HttpResponse* error);

/// False with 400 in `error` when `body` has a field other than `allowed`.
bool OnlyFields(const nlohmann::json& body, std::initializer_list<const char*> allowed,
                HttpResponse* error);

/// A finite number field within [lo, hi] (400 not a number, 422 outside); absent keeps `*out`.
bool NumberField(const nlohmann::json& body, const char* field, double lo, double hi, double* out,
                 HttpResponse* error);

/// A non-empty string field of at most 200 bytes (400 otherwise); absent keeps `*out` unless
/// `required`.
bool StringField(const nlohmann::json& body, const char* field, bool required, std::string* out,
                 HttpResponse* error);

/// Three finite numbers within ±`max_abs` (400 otherwise); absent keeps `*out`. `what`
/// describes the value in the error ("[x, y, z] in metres").
bool Vector3Field(const nlohmann::json& body, const char* field, double max_abs,
                  const std::string& what, std::array<double, 3>* out, HttpResponse* error);

/// An array of at most `max_items` strings (400 otherwise); absent keeps `*out`. `what` names
/// the items in the error ("item ids").
bool StringListField(const nlohmann::json& body, const char* field, std::size_t max_items,
                     const std::string& what, std::vector<std::string>* out, HttpResponse* error);

/// An integer within [lo, hi] (400 otherwise); absent keeps `*out`.
bool IntegerField(const nlohmann::json& body, const char* field, int lo, int hi, int* out,
                  HttpResponse* error);

}  // namespace tianmu::service
