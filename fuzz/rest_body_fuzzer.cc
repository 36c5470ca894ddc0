// REST API request bodies: the body of a POST read as the daemon's endpoints read it (walk,
// motions/play, objects/spawn, recording/start, certification/runs, estop). The first input byte
// picks the Content-Type header, the rest is the body.
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz_targets.h"
#include "tianmu/service/request_body.h"

namespace tianmu::fuzz {

void FuzzRestBody(std::string_view input) {
  if (input.empty()) return;
  service::HttpRequest request;
  request.method = "POST";
  static const char* const kTypes[] = {"application/json", "", "text/plain",
                                       "application/json; charset=utf-8"};
  const std::string type = kTypes[static_cast<unsigned char>(input[0]) % 4];
  if (!type.empty()) request.headers["content-type"] = type;
  request.body = std::string(input.substr(1));

  nlohmann::json body;
  service::HttpResponse error;
  if (!service::ParseJsonBody(request, &body, &error)) return;
  double number = 0;
  std::string text;
  std::array<double, 3> position{};
  std::vector<std::string> items;
  int trials = 1;
  // Each endpoint's reading, as api.cc does it; every call may refuse with a 4xx.
  (void)(service::OnlyFields(body, {"vx_mps", "vy_mps", "wz_radps"}, &error) &&
         service::NumberField(body, "vx_mps", -1, 1, &number, &error) &&
         service::NumberField(body, "vy_mps", -0.5, 0.5, &number, &error) &&
         service::NumberField(body, "wz_radps", -1, 1, &number, &error));
  (void)(service::OnlyFields(body, {"name"}, &error) &&
         service::StringField(body, "name", true, &text, &error));
  (void)(service::OnlyFields(body, {"name", "position_m", "yaw_rad"}, &error) &&
         service::StringField(body, "name", true, &text, &error) &&
         service::Vector3Field(body, "position_m", 100, "[x, y, z] in metres", &position, &error) &&
         service::NumberField(body, "yaw_rad", -10, 10, &number, &error));
  (void)(service::OnlyFields(body, {"name"}, &error) &&
         service::StringField(body, "name", false, &text, &error));
  (void)(service::OnlyFields(body, {"suite", "items", "trials"}, &error) &&
         service::StringField(body, "suite", false, &text, &error) &&
         service::StringListField(body, "items", 64, "item ids", &items, &error) &&
         service::IntegerField(body, "trials", 1, 100, &trials, &error));
  (void)(service::OnlyFields(body, {"category"}, &error) &&
         service::IntegerField(body, "category", 1, 2, &trials, &error));
  (void)service::OnlyFields(body, {}, &error);
}

}  // namespace tianmu::fuzz
