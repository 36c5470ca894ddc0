// What keeps the e-stop path free: disk work answered from the server's worker thread in request
// order, connection slots kept for e-stops, WebSocket message rates bounded, and resets built off
// the loop thread (an e-stop taken meanwhile survives the swap).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
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

std::string EstopRequest(const std::string& token) {
  return "POST /api/v1/estop HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nContent-Length: 2\r\n\r\n{}";
}

TEST(DeferredResponses, PipelinedAnswersKeepRequestOrderWhileAnEstopOvertakesTheFileRead) {
  testing::TempDir web;
  std::ofstream(web.path() / "index.html") << "<!doctype html><title>t</title>";
  std::ofstream(web.path() / "big.bin", std::ios::binary) << std::string(1 << 20, 'x');
  ServiceOptions options;
  options.static_dir = web.path();
  testing::TestService s(options);
  Socket c(s.port());
  // A file (read on the worker), an e-stop (answered at once, queued behind the file's answer),
  // then a REST call that waits for both.
  c.Send("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + EstopRequest(s.operator_token()) +
         "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  std::string received;
  ASSERT_TRUE(WaitFor(
      [&] {
        received += c.Receive(20, 4 << 20);
        return received.find("\"ok\"") != std::string::npos;
      },
      10))
      << received.size() << " bytes";
  const std::size_t file = received.find("HTTP/1.1 200");
  const std::size_t estop = received.find("HTTP/1.1 202");
  const std::size_t health = received.find("HTTP/1.1 200", file + 1);
  ASSERT_EQ(file, 0u);
  ASSERT_NE(estop, std::string::npos);
  ASSERT_NE(health, std::string::npos);
  EXPECT_GT(estop, file + (1u << 20)) << "the e-stop's answer must follow the whole file";
  EXPECT_GT(health, estop);
  EXPECT_TRUE(WaitFor([&] { return s.service->loop().estops_seen() == 1; }, 2));
}

// Reads until one whole JSON answer (headers and a body ending in '}') has arrived, or 5 s.
std::string ReadAnswer(Socket* socket) {
  std::string reply;
  WaitFor(
      [&] {
        reply += socket->Receive(20);
        return reply.find("\r\n\r\n") != std::string::npos && reply.find('}') != std::string::npos;
      },
      5);
  return reply;
}

// Opens `n` connections that are each answered once (so each is accepted and holds a slot).
std::vector<std::unique_ptr<Socket>> FillOrdinarySlots(int port, int n) {
  std::vector<std::unique_ptr<Socket>> held;
  for (int i = 0; i < n; ++i) {
    held.push_back(std::make_unique<Socket>(port));
    held.back()->Send("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(ReadAnswer(held.back().get()).rfind("HTTP/1.1 200", 0), 0u) << "connection " << i;
  }
  return held;
}

TEST(ReservedSlots, EstopGetsThroughWhenEveryOrdinaryConnectionIsTaken) {
  ServiceOptions options;
  options.server.limits.max_connections = 6;
  options.server.limits.reserved_estop_connections = 2;
  testing::TestService s(options);
  // Four ordinary connections fill the ordinary slots (each answered once, so it is accepted).
  const std::vector<std::unique_ptr<Socket>> held = FillOrdinarySlots(s.port(), 4);
  // Anything but an e-stop on a new connection is refused.
  const testing::HttpResult refused = Http(s.port(), "GET", "/api/v1/health");
  EXPECT_EQ(refused.status, 503);
  EXPECT_NE(refused.body.find("too many connections"), std::string::npos);
  // An e-stop is answered and reaches the loop.
  Socket estop(s.port());
  estop.Send(EstopRequest(s.operator_token()));
  std::string reply;
  ASSERT_TRUE(WaitFor(
      [&] {
        reply += estop.Receive(20);
        return reply.find("\"estop\"") != std::string::npos;
      },
      5))
      << reply;
  EXPECT_EQ(reply.rfind("HTTP/1.1 202", 0), 0u);
  EXPECT_TRUE(WaitFor([&] { return s.service->loop().estops_seen() == 1; }, 2));
  // A client that takes a reserved slot and sends nothing gets the 503 within about a second.
  Socket silent(s.port());
  std::string silent_reply;
  ASSERT_TRUE(WaitFor(
      [&] {
        silent_reply += silent.Receive(20);
        return silent_reply.find("too many connections") != std::string::npos;
      },
      5))
      << silent_reply;
  EXPECT_EQ(silent_reply.rfind("HTTP/1.1 503", 0), 0u);
}

TEST(ReservedSlots, OneAddressHoldsOnlyItsShareOfTheReserve) {
  ServiceOptions options;
  options.server.limits.max_connections = 8;
  options.server.limits.reserved_estop_connections = 4;
  options.server.limits.reserved_estop_connections_per_address = 2;
  // Silent reserved connections are kept long enough that a slow machine cannot free them.
  options.server.limits.reserved_connection_timeout_s = 60;
  testing::TestService s(options);
  const std::vector<std::unique_ptr<Socket>> held = FillOrdinarySlots(s.port(), 4);
  // Another host takes its share of the reserve with connections that send nothing.
  Socket silent_a(s.port(), "127.0.0.2");
  Socket silent_b(s.port(), "127.0.0.2");
  const auto estop_from = [&](const std::string& source_ip) {
    Socket estop(s.port(), source_ip);
    estop.Send(EstopRequest(s.operator_token()));
    return ReadAnswer(&estop);
  };
  // Beyond its share that host is refused, even for an e-stop...
  const std::string refused = estop_from("127.0.0.2");
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_EQ(s.service->loop().estops_seen(), 0u);
  // ...and the reserve it could not take is still there for everyone else.
  const std::string answered = estop_from("127.0.0.3");
  EXPECT_EQ(answered.rfind("HTTP/1.1 202", 0), 0u) << answered;
  EXPECT_TRUE(WaitFor([&] { return s.service->loop().estops_seen() == 1; }, 2));
}

TEST(WebSocketLimits, ClientSendingMessagesFasterThanTheRateLimitIsClosedWith1008) {
  ServiceOptions options;
  options.server.limits.ws_messages_per_s = 20;
  options.server.limits.ws_messages_burst = 10;
  testing::TestService s(options);
  auto ws = testing::OpenWebSocket(s.port(), s.viewer_token());
  std::string pings;
  for (int i = 0; i < 50; ++i) pings += testing::ClientFrame(0x9, "p");
  ws->Send(pings);
  // A close frame whose code is 1008 (0x03 0xF0) right before its reason.
  std::string received;
  ASSERT_TRUE(WaitFor(
      [&] {
        received += ws->Receive(20);
        return received.find("message rate limit exceeded") != std::string::npos;
      },
      5));
  const std::size_t reason = received.find("message rate limit exceeded");
  ASSERT_GE(reason, 2u);
  EXPECT_EQ(static_cast<unsigned char>(received[reason - 2]), 0x03);
  EXPECT_EQ(static_cast<unsigned char>(received[reason - 1]), 0xF0);
  // A client within the rate keeps its session.
  auto calm = testing::OpenWebSocket(s.port(), s.viewer_token());
  for (int i = 0; i < 5; ++i) calm->Send(testing::ClientFrame(0x9, "p"));
  std::string pongs;
  ASSERT_TRUE(WaitFor(
      [&] {
        pongs += calm->Receive(20);
        return pongs.find("\x8a\x01p\x8a\x01p\x8a\x01p\x8a\x01p\x8a\x01p") != std::string::npos ||
               pongs.find("\x88") != std::string::npos;
      },
      5));
  EXPECT_EQ(pongs.find("rate limit"), std::string::npos);
}

TEST(Reset, LoopKeepsTickingWhileTheNewWorldIsBuiltAndAnEstopMeanwhileSurvivesTheSwap) {
  testing::TestService s;
  RobotLoop& loop = s.service->loop();
  const std::string op = s.operator_token();
  ASSERT_TRUE(WaitFor([&] { return loop.Snapshot().stats.ticks > 100; }, 5));
  const auto posted = Clock::now();
  const std::uint64_t ticks_at_post = loop.Snapshot().stats.ticks;
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/reset", op).status, 202);
  // The loop keeps its 1 kHz while the world compiles: polled until the rebuild is done, the
  // snapshot's tick count must grow (before, the loop thread itself compiled for ~1 s).
  std::uint64_t ticks_during = ticks_at_post;
  ASSERT_TRUE(WaitFor(
      [&] {
        if (!s.service->rebuilding()) return true;
        ticks_during = loop.Snapshot().stats.ticks;
        return false;
      },
      20));
  const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - posted).count();
  if (build_ms > 100) {
    // Half the nominal tick count: the machine is shared (2 cores, parallel builds).
    EXPECT_GE(static_cast<double>(ticks_during - ticks_at_post), 0.5 * (build_ms - 60))
        << "build took " << build_ms << " ms";
  }
  ASSERT_TRUE(WaitFor([&] { return loop.Snapshot().stats.resets == 1; }, 10));
  EXPECT_FALSE(loop.Snapshot().estop);

  // A reset, then an e-stop while the new world compiles: the installed world is e-stopped.
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/reset", op).status, 202);
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/estop", op).status, 202);
  ASSERT_TRUE(WaitFor([&] { return loop.Snapshot().stats.resets == 2; }, 20));
  ASSERT_TRUE(WaitFor([&] { return loop.Snapshot().sequence > 0 && !s.service->rebuilding(); }, 5));
  EXPECT_TRUE(WaitFor([&] { return loop.Snapshot().estop; }, 1));
  EXPECT_TRUE(loop.Snapshot().estop);
  // A second reset while one builds is refused rather than queued.
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/reset", op).status, 202);
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/reset", op).status, 409);
}

}  // namespace
}  // namespace tianmu::service
