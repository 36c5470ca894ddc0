// The e-stop path that nothing can delay: while clients flood the daemon with static-file
// downloads, malformed requests, half-sent headers and a reader that never reads, every e-stop
// reaches the 1 kHz loop within milliseconds of being sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "service_test_util.h"

namespace tianmu::service {
namespace {

using Clock = std::chrono::steady_clock;
using testing::Socket;

std::int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// The q-quantile (0..1) of `values` by the nearest-rank method.
double Quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const std::size_t rank = static_cast<std::size_t>(std::ceil(q * values.size()));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

TEST(EstopLatency, EstopReachesTheLoopWithinMillisecondsWhileClientsFloodTheServer) {
  testing::TempDir web;
  std::ofstream(web.path() / "index.html") << "<!doctype html><title>t</title>";
  std::ofstream(web.path() / "big.bin", std::ios::binary) << std::string(1 << 20, 'x');
  ServiceOptions options;
  options.static_dir = web.path();
  // The per-address rate limit would answer most of the flood with cheap 429s: off, so that the
  // server really reads and sends the files (the harder case for the e-stop).
  options.server.limits.requests_per_address_per_s = 0;
  testing::TestService s(options);
  const int port = s.port();
  RobotLoop& loop = s.service->loop();

  std::atomic<bool> flooding{true};
  std::atomic<std::uint64_t> flood_requests{0};
  std::vector<std::thread> flood;
  for (int i = 0; i < 2; ++i) {  // 1 MiB static-file downloads, back to back
    flood.emplace_back([&] {
      while (flooding.load()) {
        (void)testing::Http(port, "GET", "/big.bin");
        ++flood_requests;
      }
    });
  }
  flood.emplace_back([&] {  // malformed requests and half-sent headers
    std::vector<std::unique_ptr<Socket>> half_open;
    while (flooding.load()) {
      (void)testing::RawExchange(port, "GARBAGE / NONSENSE\r\n\r\n");
      if (half_open.size() < 16) {
        half_open.push_back(std::make_unique<Socket>(port));
        half_open.back()->Send("GET /index.html HTTP/1.1\r\nX-Slow: ");
      }
      ++flood_requests;
    }
  });
  // A reader that never reads, with pipelined downloads queued behind its full buffers.
  Socket never_reads(port);
  std::string pipelined;
  for (int i = 0; i < 40; ++i) pipelined += "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  never_reads.Send(pipelined);

  // Let the flood get going (polled with a deadline, not slept).
  const auto flood_deadline = Clock::now() + std::chrono::seconds(10);
  while (flood_requests.load() < 20 && Clock::now() < flood_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GE(flood_requests.load(), 20u) << "the flood did not start";

  Socket operator_connection(port);
  const std::string estop =
      "POST /api/v1/estop HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
      "Bearer " +
      s.operator_token() + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> gap_us(5000, 15000);
  std::vector<double> latencies_ms;
  constexpr int kEstops = 150;
  int lost = 0;
  for (int i = 0; i < kEstops; ++i) {
    std::this_thread::sleep_for(std::chrono::microseconds(gap_us(rng)));  // random phase
    const std::uint64_t seen_before = loop.estops_seen();
    const std::int64_t sent_ns = SteadyNowNs();
    operator_connection.Send(estop);
    // The loop stamps the time it took the e-stop; wait (with a deadline) until it has.
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    while (loop.estops_seen() == seen_before && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    if (loop.estops_seen() == seen_before) {
      ++lost;
      continue;
    }
    latencies_ms.push_back(static_cast<double>(loop.last_estop_seen_ns() - sent_ns) * 1e-6);
    // The 202 comes back on the same connection (read so that the next e-stop is not queued
    // behind an unread answer).
    std::string reply;
    const auto reply_deadline = Clock::now() + std::chrono::seconds(2);
    while (reply.find("\"estop\"}") == std::string::npos && Clock::now() < reply_deadline) {
      reply += operator_connection.Receive(20);
    }
    ASSERT_EQ(reply.rfind("HTTP/1.1 202", 0), 0u) << reply;
  }
  flooding.store(false);
  for (std::thread& t : flood) t.join();

  ASSERT_EQ(lost, 0) << "e-stops the loop never saw within 2 s";
  const double p50 = Quantile(latencies_ms, 0.50);
  const double p99 = Quantile(latencies_ms, 0.99);
  const double max_ms = *std::max_element(latencies_ms.begin(), latencies_ms.end());
  std::printf(
      "{\"estop_latency_ms\": {\"n\": %zu, \"p50\": %.3f, \"p99\": %.3f, \"max\": %.3f}, "
      "\"flood_requests\": %llu, \"loop_scheduling\": \"%s\"}\n",
      latencies_ms.size(), p50, p99, max_ms, static_cast<unsigned long long>(flood_requests.load()),
      loop.Stats().scheduling);
  // The loop takes e-stops at its next tick (<= 1 ms); the server thread (SCHED_FIFO below the
  // loop when permitted) answers them before other work in its poll round and does no disk work
  // (files are read on its worker thread). Measured on this development machine (2 cores shared
  // by the loop, the server, four flooding threads and other engineers' builds, load average
  // 6-7): p50 0.5-0.7 ms in every run, p99 1.1-7.7 ms in eight separate runs but 15.2 ms
  // inside a full ctest run (docs/security.md). p99 is the second largest of 150 samples, so
  // one scheduler hiccup moves it: the asserted bars are p50 <= 2 ms (was 5) and p99 <= 20 ms
  // (unchanged); the 5 ms is met in most runs, not all, on this machine.
  EXPECT_LE(p50, 2.0);
  EXPECT_LE(p99, 20.0);
  EXPECT_TRUE(loop.Snapshot().estop);
}

}  // namespace
}  // namespace tianmu::service
