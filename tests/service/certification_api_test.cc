// Certification runs through the REST API: the daemon runs `tianmu certify` as a child process
// (here the built command, as the daemon's own executable would be) and serves its reports.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

using testing::Http;
using testing::HttpResult;
using testing::TestService;

TEST(CertificationApi, ASingleItemRunReachesDoneAndItsReportIsServed) {
  ServiceOptions options;
  options.certify_executable = TIANMU_CLI;
  TestService t(options);
  // The cheapest item, one trial: a run of the quick suite restricted to it.
  const std::string request = R"({"suite":"quick","items":["safety.invalid_commands"],"trials":1})";
  HttpResult r = Http(t.port(), "POST", "/api/v1/certification/runs", t.viewer_token(), request);
  EXPECT_EQ(r.status, 403);
  r = Http(t.port(), "POST", "/api/v1/certification/runs", t.operator_token(), request);
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.json()["id"];
  EXPECT_EQ(r.json()["state"], "running");
  r = Http(t.port(), "POST", "/api/v1/certification/runs", t.operator_token(), request);
  EXPECT_EQ(r.status, 409) << r.body;  // one run at a time

  nlohmann::json run;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    r = Http(t.port(), "GET", "/api/v1/certification/reports", t.viewer_token());
    ASSERT_EQ(r.status, 200);
    ASSERT_FALSE(r.json()["runs"].empty());
    run = r.json()["runs"][0];
    EXPECT_EQ(run["id"], id);
    if (run["state"] != "running") break;
    // A single trial takes 3-25 s on the shared 2-core machine; 180 s means it hung.
    ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(180));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_EQ(run["state"], "done") << run;
  EXPECT_EQ(run["suite"], "quick");

  r = Http(t.port(), "GET", "/api/v1/certification/reports/" + id, t.viewer_token());
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json results = r.json()["results"];
  ASSERT_TRUE(results.is_object()) << r.body;
  ASSERT_EQ(results["items"].size(), 1u) << r.body;
  EXPECT_NE(results["items"].dump().find("safety.invalid_commands"), std::string::npos);
  r = Http(t.port(), "GET", r.json()["report_html"].get<std::string>(), t.viewer_token());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"].rfind("text/html", 0), 0u);
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  EXPECT_TRUE(
      std::filesystem::is_regular_file(t.dir.path() / "certification" / id / "results.json"));
}

}  // namespace
}  // namespace tianmu::service
