// tianmu bench service: N Foxglove WebSocket telemetry clients on loopback against an
// in-process `tianmu serve` running TM-1 in real time; message latency (publication to receipt)
// and the control loop's deadline misses while serving them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/service/api.h"
#include "tianmu/service/wakeup_probe.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

// One telemetry client: a socket and the bytes not yet parsed.
struct Client {
  int fd = -1;
  std::string in;
  bool open = false;
};

std::int64_t WallNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    throw RuntimeError("bench service: cannot connect to the service");
  }
  return fd;
}

void SendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw RuntimeError("bench service: send failed");
    sent += static_cast<std::size_t>(n);
  }
}

// A masked client text frame.
std::string TextFrame(const std::string& payload) {
  std::string out;
  out.push_back(static_cast<char>(0x81));
  if (payload.size() < 126) {
    out.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
    out.push_back(static_cast<char>(payload.size() & 0xff));
  }
  out.append("\0\0\0\0", 4);  // a zero mask leaves the payload as it is
  out += payload;
  return out;
}

// Takes complete server frames off `c->in`; records the latency of each message-data frame.
void ParseFrames(Client* c, std::int64_t now_ns, std::vector<double>* latencies_ms) {
  for (;;) {
    if (!c->open) {
      const std::size_t end = c->in.find("\r\n\r\n");
      if (end == std::string::npos) return;
      if (c->in.rfind("HTTP/1.1 101", 0) != 0)
        throw RuntimeError("bench service: handshake refused");
      c->in.erase(0, end + 4);
      c->open = true;
      continue;
    }
    if (c->in.size() < 2) return;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(c->in[i]); };
    std::uint64_t length = byte(1) & 0x7f;
    std::size_t offset = 2;
    if (length == 126) {
      if (c->in.size() < 4) return;
      length = (static_cast<std::uint64_t>(byte(2)) << 8) | byte(3);
      offset = 4;
    } else if (length == 127) {
      if (c->in.size() < 10) return;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | byte(2 + i);
      offset = 10;
    }
    if (c->in.size() < offset + length) return;
    const int opcode = byte(0) & 0x0f;
    if (opcode == 0x2 && length >= 13 && byte(offset) == 0x01) {
      std::uint64_t stamp_ns = 0;
      for (int i = 0; i < 8; ++i)
        stamp_ns |= static_cast<std::uint64_t>(byte(offset + 5 + i)) << (8 * i);
      latencies_ms->push_back(static_cast<double>(now_ns - static_cast<std::int64_t>(stamp_ns)) *
                              1e-6);
    }
    c->in.erase(0, offset + length);
  }
}

}  // namespace

int BenchService(const Args& args) {
  Flags flags(args, BenchServiceCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const auto clients_n = static_cast<int>(flags.Number("clients"));
  const double rate_hz = flags.Number("rate");
  const double duration_s = flags.Number("duration");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));

  std::random_device rd;
  const std::filesystem::path data_dir =
      std::filesystem::temp_directory_path() /
      ("tianmu-bench-service-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  service::RobotLoopOptions loop;
  loop.scene = sim::ResolveScene("flat");
  if (flags.Has("pin-cpu")) {
    // The loop gets CPU N to itself within this process: every other thread (server, worker,
    // clients) is confined to the remaining CPUs before any of them starts.
    loop.cpu = static_cast<int>(flags.Number("pin-cpu", 0));
    cpu_set_t others;
    CPU_ZERO(&others);
    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    for (int c = 0; c < cpus && c < CPU_SETSIZE; ++c) {
      if (c != loop.cpu) CPU_SET(c, &others);
    }
    if (loop.cpu >= cpus || CPU_COUNT(&others) == 0) {
      throw InputError("--pin-cpu " + std::to_string(loop.cpu) + ": this machine has CPUs 0.." +
                       std::to_string(cpus - 1) + " and the others need one");
    }
    pthread_setaffinity_np(pthread_self(), sizeof(others), &others);
  }
  // The platform's floor first, before any thread of the daemon exists: an empty thread with
  // the loop's scheduling on the loop's CPU.
  const double baseline_s = flags.Number("baseline", 10);
  service::WakeupProbeResult baseline;
  if (baseline_s > 0) {
    std::fprintf(stderr, "bench service: %.0f s wake-up baseline of an empty 1 kHz thread\n",
                 baseline_s);
    baseline = service::RunWakeupProbe(baseline_s, 1e-3, loop.cpu);
  }
  loop.course = {{0.5, {0.3, 0, 0}}};  // walking: the controller's busiest work
  service::ServiceOptions options;
  options.data_dir = data_dir;
  options.server.port = 0;
  options.telemetry_rate_hz = rate_hz;
  options.server.limits.max_connections = static_cast<std::size_t>(clients_n) + 16;
  options.server.limits.max_connections_per_address = options.server.limits.max_connections;
  service::RobotService daemon(spec, loop, options);
  daemon.Start();

  std::vector<Client> clients(static_cast<std::size_t>(clients_n));
  std::string subscribe = R"({"op":"subscribe","subscriptions":[)";
  // Every client takes the joint states, base pose, base twist, feet and controller status.
  for (int c = 1; c <= 5; ++c) {
    subscribe += (c > 1 ? "," : "") + std::string("{\"id\":") + std::to_string(c) +
                 ",\"channelId\":" + std::to_string(c) + "}";
  }
  subscribe += "]}";
  for (Client& c : clients) {
    c.fd = Connect(daemon.port());
    SendAll(c.fd, "GET /?token=" + daemon.tokens().viewer_token +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: "
                      "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
                      "foxglove.websocket.v1\r\n\r\n");
    SendAll(c.fd, TextFrame(subscribe));
  }
  std::fprintf(stderr, "bench service: %d clients at %.0f Hz for %.0f s on port %d\n", clients_n,
               rate_hz, duration_s, daemon.port());
  // Warm-up second (handshakes, first advertise), then measure.
  const auto warmup_end = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  const auto end = warmup_end + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(duration_s));
  service::LoopStats before;
  std::vector<std::uint64_t> lateness_before;
  bool measuring = false;
  std::vector<double> latencies_ms;
  std::vector<double> warmup_ms;
  std::vector<pollfd> fds;
  for (const Client& c : clients) fds.push_back({c.fd, POLLIN, 0});
  char buffer[65536];
  while (std::chrono::steady_clock::now() < end) {
    if (!measuring && std::chrono::steady_clock::now() >= warmup_end) {
      measuring = true;
      before = daemon.loop().Stats();
      lateness_before = daemon.loop().LatenessHistogram();
    }
    if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
    const std::int64_t now_ns = WallNowNs();
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if ((fds[i].revents & POLLIN) == 0) continue;
      const ssize_t n = ::recv(fds[i].fd, buffer, sizeof(buffer), MSG_DONTWAIT);
      if (n <= 0) continue;
      clients[i].in.append(buffer, static_cast<std::size_t>(n));
      ParseFrames(&clients[i], now_ns, measuring ? &latencies_ms : &warmup_ms);
    }
  }
  const service::LoopStats after = daemon.loop().Stats();
  std::vector<std::uint64_t> lateness = daemon.loop().LatenessHistogram();
  for (std::size_t k = 0; k < lateness.size() && k < lateness_before.size(); ++k) {
    lateness[k] -= lateness_before[k];
  }
  const service::ServiceStats stats = daemon.stats();
  for (Client& c : clients) ::close(c.fd);
  daemon.Stop();
  std::error_code ec;
  std::filesystem::remove_all(data_dir, ec);

  const std::size_t messages = latencies_ms.size();
  const double p50 = runtime::Percentile(&latencies_ms, 0.50);
  const double p99 = runtime::Percentile(&latencies_ms, 0.99);
  double max_ms = 0;
  for (double v : latencies_ms) max_ms = std::max(max_ms, v);
  const std::uint64_t misses = after.deadline_misses - before.deadline_misses;
  const bool meets = misses == 0 && p99 < 20;
  nlohmann::json j = {
      {"benchmark", "service"},
      {"robot", spec.name},
      {"clients", clients_n},
      {"rate_hz", rate_hz},
      {"channels_per_client", 5},
      {"duration_s", duration_s},
      {"messages", messages},
      {"messages_expected", static_cast<double>(clients_n) * 5 * rate_hz * duration_s},
      {"latency_p50_ms", p50},
      {"latency_p99_ms", p99},
      {"latency_max_ms", max_ms},
      {"ticks", after.ticks - before.ticks},
      {"deadline_misses", misses},
      {"max_tick_ms", after.max_tick_ms},
      {"max_lateness_ms", after.max_lateness_ms},
      {"tick_lateness_p99_ms", service::LatenessQuantileMs(lateness, 0.99)},
      {"tick_lateness_p999_ms", service::LatenessQuantileMs(lateness, 0.999)},
      {"loop_scheduling", after.scheduling},
      {"loop_cpu", after.pinned_cpu},
      {"dropped_frames", stats.dropped_frames},
      {"bar", {{"deadline_misses", 0}, {"latency_p99_ms", 20}}},
      {"platform_baseline",
       baseline_s > 0
           ? nlohmann::json{{"duration_s", baseline_s},
                            {"wakeups", baseline.wakeups},
                            {"missed", baseline.missed},
                            {"missed_fraction", baseline.wakeups > 0
                                                    ? static_cast<double>(baseline.missed) /
                                                          static_cast<double>(baseline.wakeups)
                                                    : 0.0},
                            {"lateness_p99_ms", baseline.lateness_p99_ms},
                            {"lateness_p999_ms", baseline.lateness_p999_ms},
                            {"max_lateness_ms", baseline.max_lateness_ms},
                            {"scheduling", baseline.scheduling},
                            {"cpu", baseline.cpu}}
           : nlohmann::json(nullptr)},
      {"deadline_missed_fraction",
       after.ticks > before.ticks
           ? static_cast<double>(misses) / static_cast<double>(after.ticks - before.ticks)
           : 0.0},
      {"meets", meets}};
  if (flags.Has("json")) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf(
        "service: %d clients x 5 channels at %.0f Hz, %zu messages in %.0f s: latency "
        "p50 %.2f ms, p99 %.2f ms; %llu deadline misses in %llu ticks, tick lateness p99.9 "
        "%.2f ms (%s)\n",
        clients_n, rate_hz, messages, duration_s, p50, p99, static_cast<unsigned long long>(misses),
        static_cast<unsigned long long>(after.ticks - before.ticks),
        service::LatenessQuantileMs(lateness, 0.999), meets ? "meets the bar" : "misses the bar");
    if (baseline_s > 0) {
      std::printf(
          "platform baseline: an empty 1 kHz thread with the loop's scheduling woke more than "
          "one period late %llu times in %llu (p99.9 %.2f ms, worst %.2f ms)\n",
          static_cast<unsigned long long>(baseline.missed),
          static_cast<unsigned long long>(baseline.wakeups), baseline.lateness_p999_ms,
          baseline.max_lateness_ms);
    }
  }
  return 0;
}

CommandSpec BenchServiceCommand() {
  return {.name = "service",
          .purpose =
              "telemetry clients against an in-process serve: message latency and the "
              "control loop's deadline misses",
          .flags =
              {Option("robot", "NAME|PATH",
                      "the robot: a name from `tianmu robots` or a robot.yaml path")
                   .Default("tm1")
                   .Kind(ValueKind::kRobot),
               Option("clients", "N", "Foxglove WebSocket clients on loopback")
                   .Default("50")
                   .Range(1, 500),
               Option("rate", "HZ", "telemetry rate per channel")
                   .Unit("Hz")
                   .Default("50")
                   .Range(1, 500),
               Option("duration", "T", "measured wall time").Unit("s").Default("10").Range(1, 3600),
               Option("pin-cpu", "CPU",
                      "pin the control loop to this CPU and every other thread to the rest")
                   .Range(0, 1023),
               Option("baseline", "T",
                      "first measure an empty 1 kHz thread with the loop's scheduling for T "
                      "seconds: the platform's own late wake-ups (0 skips it)")
                   .Unit("s")
                   .Default("10")
                   .Range(0, 600),
               Switch("json", "print the figures as JSON on stdout")},
          .examples = {"tianmu bench service --clients 50 --duration 10 --json",
                       "tianmu bench service --duration 30 --pin-cpu 1 --baseline 30 --json"},
          .run = BenchService};
}

}  // namespace tianmu::cli
