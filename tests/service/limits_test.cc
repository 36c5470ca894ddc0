// Bounded everything, over the wire: header counts, connections per address, input paused while
// output is pending, slow readers dropped, per-address rate limits on every route including
// WebSocket upgrades (never on e-stops), and Foxglove subscriptions per client.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

using Clock = std::chrono::steady_clock;
using testing::Http;
using testing::Socket;
using testing::WaitFor;

// Occurrences of `needle` in `haystack`.
std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// A dashboard directory with an index.html and a 1 MiB file, big.bin (answers that outgrow the
// kernel's socket buffers after a few requests).
void WriteDashboard(const std::filesystem::path& dir) {
  std::ofstream(dir / "index.html") << "<!doctype html><title>t</title>";
  std::ofstream(dir / "big.bin", std::ios::binary) << std::string(1 << 20, 'x');
}

TEST(Limits, TooManyHeaderFieldsIs431) {
  testing::TestService s;
  std::string headers;
  for (int i = 0; i < 65; ++i) headers += "X-Filler-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(Http(s.port(), "GET", "/api/v1/health", "", "", headers).status, 431);
  EXPECT_EQ(Http(s.port(), "GET", "/api/v1/health", "", "", "X-One: 1\r\n").status, 200);
}

TEST(Limits, ConnectionsBeyondThePerAddressLimitGet503AndAreClosed) {
  ServiceOptions options;
  options.server.limits.max_connections_per_address = 4;
  testing::TestService s(options);
  std::vector<std::unique_ptr<Socket>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<Socket>(s.port()));
  // The held connections are accepted in the server's next poll round; until then a new one may
  // still get in, so keep opening until one is refused (bounded by a deadline).
  std::string refused;
  ASSERT_TRUE(WaitFor(
      [&] {
        Socket extra(s.port());
        refused = extra.Receive(2000);
        return refused.rfind("HTTP/1.1 503", 0) == 0;
      },
      5))
      << refused;
  EXPECT_NE(refused.find("too many connections from this address"), std::string::npos);
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  // The held ones still work; once they are gone, new connections are served again.
  held[0]->Send("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(held[0]->Receive(2000).rfind("HTTP/1.1 200", 0), 0u);
  held.clear();
  EXPECT_TRUE(WaitFor([&] { return Http(s.port(), "GET", "/api/v1/health").status == 200; }, 5));
}

TEST(Limits, PipelinedRequestsWaitWhileTheClientDoesNotReadAndAllAreAnsweredOnceItDoes) {
  ServiceOptions options;
  options.rate_limit_per_s = 1e5;  // this test is about buffers, not rates
  options.rate_limit_burst = 1e5;
  options.server.limits.requests_per_address_per_s = 0;
  options.server.limits.pause_reading_above_bytes = 64 * 1024;
  testing::TempDir web;
  WriteDashboard(web.path());
  options.static_dir = web.path();
  testing::TestService s(options);
  // Answers of 40 MiB in all, far more than the kernel's socket buffers hold.
  const std::size_t n = 40;
  const std::string request = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const std::uint64_t before = s.service->stats().requests;
  Socket client(s.port());
  std::string all;
  for (std::size_t i = 0; i < n; ++i) all += request;
  client.Send(all);
  // While the client reads nothing, the server stops answering: the request count settles
  // (unchanged for 300 ms) well short of n.
  std::uint64_t last = 0;
  auto last_change = Clock::now();
  ASSERT_TRUE(WaitFor(
      [&] {
        const std::uint64_t now = s.service->stats().requests - before;
        if (now != last) {
          last = now;
          last_change = Clock::now();
        }
        return now > 0 && Clock::now() - last_change > std::chrono::milliseconds(300);
      },
      20));
  EXPECT_LT(last, n) << "every pipelined request was answered into an unread buffer";
  // Reading resumes the rest, in order and complete.
  std::string received;
  ASSERT_TRUE(WaitFor(
      [&] {
        received += client.Receive(50, 64u << 20);
        return Count(received, "HTTP/1.1 200 OK") >= n;
      },
      30))
      << Count(received, "HTTP/1.1 200 OK") << " of " << n;
  EXPECT_EQ(s.service->stats().requests - before, n);
}

TEST(Limits, ClientThatStopsReadingIsDroppedAfterTheStallTimeout) {
  ServiceOptions options;
  options.rate_limit_per_s = 1e5;
  options.rate_limit_burst = 1e5;
  options.server.limits.requests_per_address_per_s = 0;
  options.server.limits.send_stall_timeout_s = 0.5;
  testing::TempDir web;
  WriteDashboard(web.path());
  options.static_dir = web.path();
  testing::TestService s(options);
  Socket client(s.port());
  std::string all;
  for (int i = 0; i < 40; ++i) all += "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  client.Send(all);
  EXPECT_TRUE(WaitFor([&] { return s.service->stats().dropped_connections >= 1; }, 10));
  EXPECT_EQ(Http(s.port(), "GET", "/api/v1/health").status, 200);
}

TEST(Limits, EveryRouteIncludingUpgradesIsRateLimitedPerAddressButEstopNever) {
  ServiceOptions options;
  options.server.limits.requests_per_address_per_s = 1;
  options.server.limits.requests_per_address_burst = 6;
  testing::TestService s(options);
  const int port = s.port();
  int limited = 0;
  std::string retry_after;
  // Failed WebSocket upgrades (no token), static files and health all draw from one bucket.
  for (int i = 0; i < 4; ++i) {
    const testing::HttpResult r = Http(port, "GET", "/?token=wrong", "", "",
                                       "Upgrade: websocket\r\nSec-WebSocket-Key: "
                                       "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    if (r.status == 429) ++limited;
  }
  for (int i = 0; i < 4; ++i) {
    const testing::HttpResult r = Http(port, "GET", "/index.html");
    if (r.status == 429) {
      ++limited;
      retry_after = r.headers.count("retry-after") ? r.headers.at("retry-after") : "";
    }
  }
  const testing::HttpResult upgrade =
      Http(port, "GET", "/?token=" + s.viewer_token(), "", "",
           "Upgrade: websocket\r\nSec-WebSocket-Key: "
           "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
           "13\r\nSec-WebSocket-Protocol: foxglove.websocket.v1\r\n");
  // 8 requests against a burst of 6 (plus at most a refill or two while they run).
  EXPECT_GE(limited, 1);
  EXPECT_EQ(upgrade.status, 429) << "an upgrade with a valid token is rate limited too";
  EXPECT_EQ(retry_after, "1");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Http(port, "POST", "/api/v1/estop", s.operator_token(), "{}").status, 202);
  }
}

TEST(Limits, SubscriptionsBeyondThePerClientLimitAreRefusedWithAnErrorStatus) {
  ServiceOptions options;
  options.server.limits.max_subscriptions_per_client = 3;
  testing::TestService s(options);
  auto ws = testing::OpenWebSocket(s.port(), s.viewer_token());
  std::string subscribe = R"({"op":"subscribe","subscriptions":[)";
  for (int c = 1; c <= 5; ++c) {
    subscribe += (c > 1 ? "," : "") + std::string("{\"id\":") + std::to_string(c) +
                 ",\"channelId\":" + std::to_string(c) + "}";
  }
  ws->Send(testing::ClientFrame(0x1, subscribe + "]}"));
  std::string received;
  ASSERT_TRUE(WaitFor(
      [&] {
        received += ws->Receive(50);
        return Count(received, "at most 3 subscriptions per client") >= 2;
      },
      5))
      << received.size() << " bytes without the two refusals";
  EXPECT_NE(received.find("ignoring id 4"), std::string::npos);
  EXPECT_NE(received.find("ignoring id 5"), std::string::npos);
  // Unsubscribing frees a slot.
  ws->Send(testing::ClientFrame(0x1, R"({"op":"unsubscribe","subscriptionIds":[1]})"));
  ws->Send(
      testing::ClientFrame(0x1, R"({"op":"subscribe","subscriptions":[{"id":9,"channelId":1}]})"));
  ws->Send(
      testing::ClientFrame(0x1, R"({"op":"subscribe","subscriptions":[{"id":10,"channelId":1}]})"));
  received.clear();
  ASSERT_TRUE(WaitFor(
      [&] {
        received += ws->Receive(50);
        return received.find("ignoring id 10") != std::string::npos;
      },
      5));
  EXPECT_EQ(received.find("ignoring id 9"), std::string::npos);
}

}  // namespace
}  // namespace tianmu::service
