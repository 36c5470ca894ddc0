// The REST API as a client sees it: authentication and roles, validation with 4xx errors that
// name the field, size and rate limits, and the validation of the playback, spawning, recording
// and certification endpoints (their behaviour: features_test.cc, certification_api_test.cc).
#include <gtest/gtest.h>

#include <thread>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

using testing::Http;
using testing::HttpResult;
using testing::TestService;

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { service_ = new TestService(); }
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
  }
  static int port() { return service_->port(); }
  static std::string op() { return service_->operator_token(); }
  static std::string viewer() { return service_->viewer_token(); }
  static TestService* service_;
};
TestService* Api::service_ = nullptr;

// The field a 4xx error names, or "".
std::string Field(const HttpResult& r) {
  const nlohmann::json j = r.json();
  return j.is_object() && j["error"].contains("field") ? j["error"]["field"].get<std::string>()
                                                       : "";
}

TEST_F(Api, HealthNeedsNoTokenAndRevealsOnlyLiveness) {
  const HttpResult r = Http(port(), "GET", "/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json(), nlohmann::json({{"status", "ok"}}));
}

TEST_F(Api, MissingOrInvalidTokenIs401) {
  HttpResult r = Http(port(), "GET", "/api/v1/state");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers["www-authenticate"].rfind("Bearer", 0), 0u);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("missing token"),
            std::string::npos);
  r = Http(port(), "GET", "/api/v1/state", "tmo_not-the-token");
  EXPECT_EQ(r.status, 401);
  r = Http(port(), "POST", "/api/v1/estop", "", "{}");
  EXPECT_EQ(r.status, 401);
}

TEST_F(Api, ViewerReadsButCannotCommand) {
  HttpResult r = Http(port(), "GET", "/api/v1/state", viewer());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["joints"].size(), 42u);
  r = Http(port(), "GET", "/api/v1/session", viewer());
  EXPECT_EQ(r.json()["role"], "viewer");
  for (const char* path :
       {"/api/v1/walk", "/api/v1/stop", "/api/v1/estop", "/api/v1/reset", "/api/v1/stand",
        "/api/v1/motions/play", "/api/v1/objects/spawn", "/api/v1/recording/start",
        "/api/v1/recording/stop", "/api/v1/certification/runs"}) {
    r = Http(port(), "POST", path, viewer(), "{}");
    EXPECT_EQ(r.status, 403) << path;
  }
}

TEST_F(Api, InfoModelGeometryAndScenes) {
  HttpResult r = Http(port(), "GET", "/api/v1/info", op());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["robot"], "tm1");
  EXPECT_EQ(r.json()["role"], "operator");
  r = Http(port(), "GET", "/api/v1/model", op());
  EXPECT_EQ(r.json()["joints"].size(), 42u);
  r = Http(port(), "GET", "/api/v1/model/geometry", viewer());
  ASSERT_EQ(r.status, 200);
  const nlohmann::json geometry = r.json();
  ASSERT_GT(geometry["geoms"].size(), 20u);
  EXPECT_EQ(geometry["geoms"][0]["pos"].size(), 3u);
  EXPECT_EQ(geometry["geoms"][0]["rgba"].size(), 4u);
  r = Http(port(), "GET", "/api/v1/scenes", viewer());
  const nlohmann::json scenes = r.json()["scenes"];
  EXPECT_NE(std::find(scenes.begin(), scenes.end(), "flat"), scenes.end());
}

TEST_F(Api, MalformedJsonWrongTypesAndUnknownFieldsAre4xxNamingTheField) {
  HttpResult r = Http(port(), "POST", "/api/v1/walk", op(), "{\"vx_mps\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("malformed JSON"),
            std::string::npos);
  r = Http(port(), "POST", "/api/v1/walk", op(), "[1, 2]");
  EXPECT_EQ(r.status, 400);
  r = Http(port(), "POST", "/api/v1/walk", op(), R"({"vx_mps": "fast"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "vx_mps");
  r = Http(port(), "POST", "/api/v1/walk", op(), R"({"vx_mps": true})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "vx_mps");
  r = Http(port(), "POST", "/api/v1/walk", op(), R"({"wz_radps": 50})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Field(r), "wz_radps");
  r = Http(port(), "POST", "/api/v1/walk", op(), R"({"speed": 1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "speed");
  r = Http(port(), "POST", "/api/v1/motions/play", op(), R"({"name": 3})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "name");
  r = Http(port(), "POST", "/api/v1/objects/spawn", op(), R"({"name":"cup","position_m":[1]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "position_m");
  r = Http(port(), "POST", "/api/v1/walk", op(), "vx=1", "Content-Type: text/plain\r\n");
  EXPECT_TRUE(r.status == 415 || r.status == 400) << r.status;
}

TEST_F(Api, OversizeBodiesAndHeadersAreRejected) {
  const std::string big = "{\"vx_mps\": 0.1, \"pad\": \"" + std::string(70 * 1024, 'x') + "\"}";
  HttpResult r = Http(port(), "POST", "/api/v1/walk", op(), big);
  EXPECT_EQ(r.status, 413);
  r = Http(port(), "GET", "/api/v1/state", op(), "",
           "X-Big: " + std::string(20 * 1024, 'y') + "\r\n");
  EXPECT_EQ(r.status, 431);
}

TEST_F(Api, UnknownPathsAndMethodsAre404And405) {
  HttpResult r = Http(port(), "GET", "/api/v1/nothing", op());
  EXPECT_EQ(r.status, 404);
  r = Http(port(), "GET", "/api/v1/walk", op());
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "POST");
}

TEST_F(Api, PlaybackSpawnRecordingAndCertificationBodiesAreValidatedNamingTheField) {
  // The suite shares one token bucket (20/s, burst 40): let it refill for this burst of checks.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const std::vector<std::tuple<std::string, std::string, int, std::string>> cases = {
      {"/api/v1/motions/play", "{}", 400, "name"},
      {"/api/v1/motions/play", R"({"name":"Wave Hello"})", 400, "name"},
      {"/api/v1/motions/play", R"({"name":"wave","speed":2})", 400, "speed"},
      {"/api/v1/objects/spawn", R"({"position_m":[1,0,0.5]})", 400, "name"},
      {"/api/v1/objects/spawn", R"({"name":"cup","position_m":[1,0,"up"]})", 400, "position_m"},
      {"/api/v1/objects/spawn", R"({"name":"cup","yaw_rad":"left"})", 400, "yaw_rad"},
      {"/api/v1/recording/start", R"({"name":"../etc"})", 400, "name"},
      {"/api/v1/recording/start", R"({"name":7})", 400, "name"},
      {"/api/v1/recording/stop", R"({"now":true})", 400, "now"},
      {"/api/v1/certification/runs", R"({"suite":"huge"})", 400, "suite"},
      {"/api/v1/certification/runs", R"({"items":"safety.watchdog"})", 400, "items"},
      {"/api/v1/certification/runs", R"({"items":["no.such_item"]})", 400, "items"},
      {"/api/v1/certification/runs", R"({"trials":0})", 400, "trials"},
      {"/api/v1/certification/runs", R"({"trials":2.5})", 400, "trials"},
  };
  for (const auto& [path, body, status, field] : cases) {
    const HttpResult r = Http(port(), "POST", path, op(), body);
    EXPECT_EQ(r.status, status) << path << " " << body << ": " << r.body;
    EXPECT_EQ(Field(r), field) << path << " " << body << ": " << r.body;
  }
  // Unknown names are 404; stopping a recording that never started is 409.
  HttpResult r = Http(port(), "POST", "/api/v1/motions/play", op(), R"({"name":"no_such_clip"})");
  EXPECT_EQ(r.status, 404) << r.body;
  r = Http(port(), "POST", "/api/v1/objects/spawn", op(), R"({"name":"no such object"})");
  EXPECT_EQ(r.status, 404) << r.body;
  r = Http(port(), "POST", "/api/v1/recording/stop", op());
  EXPECT_EQ(r.status, 409) << r.body;
  r = Http(port(), "GET", "/api/v1/certification/reports/nope", viewer());
  EXPECT_EQ(r.status, 404) << r.body;
  r = Http(port(), "GET", "/api/v1/certification/reports/nope/report.html", viewer());
  EXPECT_EQ(r.status, 404) << r.body;
  r = Http(port(), "GET", "/api/v1/certification/reports", viewer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["runs"].is_array());
  r = Http(port(), "GET", "/api/v1/recording", viewer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["recording"], false);
}

TEST_F(Api, MotionAndObjectListsComeFromTheirModules) {
  for (const auto& [path, field] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/motions", "motions"}, {"/api/v1/objects", "objects"}}) {
    const HttpResult r = Http(port(), "GET", path, viewer());
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    EXPECT_TRUE(r.json()[field].is_array()) << r.body;
  }
}

TEST_F(Api, RawGarbageGetsA400AndTheServerStaysUp) {
  const std::string reply = testing::RawExchange(port(), "HELLO?\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_EQ(Http(port(), "GET", "/api/v1/health").status, 200);
}

TEST(ApiRateLimit, BurstBeyondTheLimitIs429ButEstopIsAlwaysAccepted) {
  ServiceOptions options;
  options.rate_limit_per_s = 2;
  options.rate_limit_burst = 5;
  TestService service(options);
  int ok = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 12; ++i) {
    const HttpResult r = Http(service.port(), "GET", "/api/v1/state", service.viewer_token());
    if (r.status == 200) ++ok;
    if (r.status == 429) {
      ++limited;
      retry_after = r.headers.count("retry-after") ? r.headers.at("retry-after") : "";
    }
  }
  // 5 at once, plus at most one refill during the loop (it takes well under a second).
  EXPECT_LE(ok, 7);
  EXPECT_GE(limited, 5);
  EXPECT_FALSE(retry_after.empty());
  for (int i = 0; i < 8; ++i) {
    (void)Http(service.port(), "POST", "/api/v1/stop", service.operator_token(), "{}");
  }
  const HttpResult estop =
      Http(service.port(), "POST", "/api/v1/estop", service.operator_token(), "{}");
  EXPECT_EQ(estop.status, 202);
  // Health stays reachable without a token while every bucket is empty.
  EXPECT_EQ(Http(service.port(), "GET", "/api/v1/health").status, 200);
}

}  // namespace
}  // namespace tianmu::service
