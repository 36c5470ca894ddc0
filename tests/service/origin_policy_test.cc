// Host and Origin checks against DNS rebinding: a browser page from another site that resolves
// its name to 127.0.0.1 carries that name in Host and its site in Origin, and is refused with
// 403; loopback names, the daemon's port and --allow-origin origins pass; non-browser clients
// without the headers are not refused for that.
#include "tianmu/service/origin_policy.h"

#include <gtest/gtest.h>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

HttpRequest WithHeaders(const std::string& host, const std::string& origin) {
  HttpRequest r;
  r.method = "GET";
  r.target = r.path = "/api/v1/health";
  if (!host.empty()) r.headers["host"] = host;
  if (!origin.empty()) r.headers["origin"] = origin;
  return r;
}

TEST(OriginPolicy, LoopbackNamesAndTheDaemonsPortPassOthersAreRefused) {
  OriginPolicy policy("127.0.0.1", {"http://robot.lan:8080"});
  policy.set_port(8123);
  EXPECT_EQ(policy.Check(WithHeaders("", "")), "");
  EXPECT_EQ(policy.Check(WithHeaders("127.0.0.1:8123", "http://127.0.0.1:8123")), "");
  EXPECT_EQ(policy.Check(WithHeaders("LOCALHOST:8123", "http://localhost:8123")), "");
  EXPECT_EQ(policy.Check(WithHeaders("[::1]:8123", "")), "");
  EXPECT_EQ(policy.Check(WithHeaders("127.0.0.1", "")), "");
  EXPECT_EQ(policy.Check(WithHeaders("robot.lan:8080", "http://robot.lan:8080")), "");
  // A rebinding page: its own name in Host, its site in Origin.
  EXPECT_NE(policy.Check(WithHeaders("evil.example:8123", "")), "");
  EXPECT_NE(policy.Check(WithHeaders("127.0.0.1:8123", "http://evil.example")), "");
  EXPECT_NE(policy.Check(WithHeaders("127.0.0.1:9999", "")), "");  // another port
  EXPECT_NE(policy.Check(WithHeaders("127.0.0.1.evil.example", "")), "");
  EXPECT_NE(policy.Check(WithHeaders("", "null")), "");
}

TEST(OriginPolicy, OverTheWireARebindingRequestGets403AndTheDashboardsOwnPasses) {
  testing::TestService s;
  const std::string port = std::to_string(s.port());
  const std::string token = s.operator_token();
  const std::string evil = testing::RawExchange(
      s.port(), "GET /api/v1/state HTTP/1.1\r\nHost: evil.example:" + port +
                    "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(evil.substr(9, 3), "403") << evil.substr(0, 80);
  const testing::HttpResult cross =
      testing::Http(s.port(), "GET", "/api/v1/state", token, "", "Origin: http://evil.example\r\n");
  EXPECT_EQ(cross.status, 403);
  const testing::HttpResult own = testing::Http(s.port(), "GET", "/api/v1/state", token, "",
                                                "Origin: http://127.0.0.1:" + port + "\r\n");
  EXPECT_EQ(own.status, 200);
}

}  // namespace
}  // namespace tianmu::service
