#include "service_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <stdexcept>

#include "tianmu/sim/scene.h"

namespace tianmu::service::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("tianmu-service-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

TestService::TestService(ServiceOptions options, RobotLoopOptions loop) {
  options.data_dir = dir.path();
  options.server.bind_address = "127.0.0.1";
  options.server.port = 0;
  // This process is a test binary, not `tianmu`: certification runs must name the command.
  if (options.certify_executable.empty()) options.certify_executable = "/nonexistent/tianmu";
  if (loop.scene.empty()) loop.scene = sim::ResolveScene("flat");
  loop.world.sensor_noise = false;
  service = std::make_unique<RobotService>(Tm1(), loop, options);
  service->Start();
}

TestService::~TestService() { service->Stop(); }

nlohmann::json HttpResult::json() const { return nlohmann::json::parse(body, nullptr, false); }

Socket::Socket(int port) : Socket(port, "") {}

Socket::Socket(int port, const std::string& source_ip) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (!source_ip.empty()) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    ::inet_pton(AF_INET, source_ip.c_str(), &source.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof(source)) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot bind a client socket to " + source_ip);
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

void Socket::Send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

std::string Socket::Receive(int timeout_ms, std::size_t max_bytes) {
  std::string out;
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out.size() < max_bytes) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          end - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char buffer[65536];
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

void Socket::Reset() {
  linger l{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  ::close(fd_);
  fd_ = -1;
}

std::string RawExchange(int port, const std::string& bytes) {
  Socket s(port);
  s.Send(bytes);
  return s.Receive(5000);
}

HttpResult Http(int port, const std::string& method, const std::string& path,
                const std::string& token, const std::string& body,
                const std::string& extra_headers) {
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "POST") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += extra_headers + "Connection: close\r\n\r\n" + body;
  const std::string raw = RawExchange(port, request);
  HttpResult r;
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  std::size_t line = raw.find("\r\n") + 2;
  while (line < head_end) {
    const std::size_t end = raw.find("\r\n", line);
    const std::string header = raw.substr(line, end - line);
    const std::size_t colon = header.find(':');
    std::string name = header.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = header.substr(colon + 2);
    line = end + 2;
  }
  r.body = raw.substr(head_end + 4);
  return r;
}

std::unique_ptr<Socket> OpenWebSocket(int port, const std::string& token) {
  auto s = std::make_unique<Socket>(port);
  s->Send("GET /?token=" + token +
          " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Protocol: foxglove.websocket.v1\r\n\r\n");
  std::string reply;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (reply.find("\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < end) {
    reply += s->Receive(100, 1);
  }
  if (reply.rfind("HTTP/1.1 101", 0) != 0) {
    throw std::runtime_error("WebSocket handshake failed: " + reply);
  }
  return s;
}

std::string ClientFrame(int opcode, const std::string& payload) {
  std::string out;
  out.push_back(static_cast<char>(0x80 | opcode));
  if (payload.size() < 126) {
    out.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
    out.push_back(static_cast<char>(payload.size() & 0xff));
  }
  const char mask[4] = {0x12, 0x34, 0x56, 0x78};
  out.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) out.push_back(payload[i] ^ mask[i % 4]);
  return out;
}

}  // namespace tianmu::service::testing
