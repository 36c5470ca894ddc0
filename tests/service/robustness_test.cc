// Misbehaving clients cost the robot nothing: slow telemetry readers, abrupt disconnects,
// half-sent requests and protocol garbage while the loop keeps its 1 ms deadline and the API
// keeps answering.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>
#include <vector>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

using testing::Http;
using testing::Socket;

TEST(Robustness, LoopKeepsItsDeadlineWhileClientsMisbehave) {
  ServiceOptions options;
  options.telemetry_rate_hz = 200;  // fill slow readers' buffers sooner
  options.server.limits.send_soft_limit_bytes = 64 * 1024;
  options.server.limits.send_hard_limit_bytes = 512 * 1024;
  testing::TestService s(options);
  const int port = s.port();
  const std::string& op = s.operator_token();
  ASSERT_EQ(Http(port, "POST", "/api/v1/walk", op, R"({"vx_mps": 0.3})").status, 202);
  const LoopStats before = s.service->loop().Stats();

  // Slow clients: subscribe to every channel, then never read.
  std::vector<std::unique_ptr<Socket>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(testing::OpenWebSocket(port, s.viewer_token()));
    std::string subscribe = R"({"op":"subscribe","subscriptions":[)";
    for (int c = 1; c <= 6; ++c) {
      subscribe += (c > 1 ? "," : "") + std::string("{\"id\":") + std::to_string(c) +
                   ",\"channelId\":" + std::to_string(c) + "}";
    }
    slow.back()->Send(testing::ClientFrame(0x1, subscribe + "]}"));
  }
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int round = 0;
  while (std::chrono::steady_clock::now() < end) {
    ++round;
    {  // abrupt disconnect in the middle of a request
      Socket c(port);
      c.Send("POST /api/v1/walk HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"vx");
      c.Reset();
    }
    {  // a WebSocket that sends garbage frames
      auto ws = testing::OpenWebSocket(port, s.viewer_token());
      ws->Send(testing::ClientFrame(0x1, "{{{{"));
      ws->Send(std::string("\x81\x05hello", 7));  // unmasked: protocol error, closed by server
      ws->Reset();
    }
    {  // header bytes that never end
      Socket c(port);
      c.Send("GET /api/v1/state HTTP/1.1\r\nX: ");
    }
    (void)Http(port, "POST", "/api/v1/keepalive", op);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Http(port, "GET", "/api/v1/health").status, 200);
  const nlohmann::json state = Http(port, "GET", "/api/v1/state", op).json();
  EXPECT_FALSE(state["fallen"].get<bool>());
  EXPECT_TRUE(state["driving"].get<bool>());
  const LoopStats after = s.service->loop().Stats();
  const std::uint64_t ticks = after.ticks - before.ticks;
  const std::uint64_t misses = after.deadline_misses - before.deadline_misses;
  // Real time: about 1000 ticks per second of wall time.
  EXPECT_GT(ticks, 3500u);
  // The loop's work is ~0.3 ms of its 1 ms. On a quiet machine the bar is zero misses (the
  // benchmark reports them); the development machine shares 2 cores with several parallel
  // builds (load average ~8), where even a SCHED_FIFO thread loses the odd tick to cache and
  // memory contention: allow 5 %. The misbehaving clients themselves must cost nothing more.
  EXPECT_LE(misses, ticks / 20) << misses << " misses in " << ticks << " ticks, rounds " << round;
  const ServiceStats stats = s.service->stats();
  EXPECT_GT(stats.dropped_frames + stats.dropped_connections, 0u)
      << "slow readers should lose telemetry frames";
  std::printf(
      "loop (%s): %llu ticks, %llu misses, max tick %.3f ms; dropped %llu frames, %llu "
      "connections\n",
      after.scheduling, static_cast<unsigned long long>(ticks),
      static_cast<unsigned long long>(misses), after.max_tick_ms,
      static_cast<unsigned long long>(stats.dropped_frames),
      static_cast<unsigned long long>(stats.dropped_connections));
}

}  // namespace
}  // namespace tianmu::service
