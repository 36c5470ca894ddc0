#include "tianmu/service/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "tianmu/core/error.h"

namespace tianmu::service {
namespace {

using Clock = std::chrono::steady_clock;

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

std::string ErrorBody(int status, const std::string& message) {
  return nlohmann::json{{"error", {{"status", status}, {"message", message}}}}.dump() + "\n";
}

}  // namespace

struct Server::Connection {
  int id = 0;
  int fd = -1;
  std::string peer;
  std::string in;
  std::string out;
  std::size_t out_offset = 0;
  bool websocket = false;
  bool closing = false;  ///< close once `out` is flushed
  std::string fragments;
  WsOpcode fragment_opcode = WsOpcode::kText;
  Clock::time_point last_activity;

  std::size_t pending() const { return out.size() - out_offset; }
};

Server::Server(ServerOptions options, ServerHandler* handler)
    : options_(std::move(options)), handler_(handler) {}

Server::~Server() { Stop(); }

void Server::Start() {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(options_.port));
  if (::inet_pton(AF_INET, options_.bind_address.c_str(), &addr.sin_addr) != 1) {
    throw InputError("--bind " + options_.bind_address + ": expected an IPv4 address");
  }
  if (options_.port < 0 || options_.port > 65535) {
    throw InputError("--port " + std::to_string(options_.port) + ": expected 0..65535");
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw RuntimeError("cannot create a socket");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    const std::string why = std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    throw InputError("cannot listen on " + options_.bind_address + ":" +
                     std::to_string(options_.port) + ": " + why);
  }
  ::listen(listen_fd_, 128);
  SetNonBlocking(listen_fd_);
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw RuntimeError("cannot create a pipe");
  running_.store(true);
  thread_ = std::thread([this] { Run(); });
}

void Server::Stop() {
  if (running_.exchange(false)) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
  while (!connections_.empty()) Close(connections_.begin()->first);
  for (int* fd : {&listen_fd_, &wake_pipe_[0], &wake_pipe_[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void Server::Run() {
  const auto timer_period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.timer_period_s));
  auto next_timer = Clock::now() + timer_period;
  std::vector<pollfd> fds;
  std::vector<int> ids;
  while (running_.load()) {
    fds.clear();
    ids.clear();
    fds.push_back({wake_pipe_[0], POLLIN, 0});
    fds.push_back({listen_fd_,
                   static_cast<short>(connections_.size() < options_.max_connections ? POLLIN : 0),
                   0});
    for (const auto& [id, c] : connections_) {
      short events = c->closing ? 0 : POLLIN;
      if (c->pending() > 0) events |= POLLOUT;
      fds.push_back({c->fd, events, 0});
      ids.push_back(id);
    }
    const auto now = Clock::now();
    const int timeout_ms =
        next_timer > now
            ? static_cast<int>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(next_timer - now).count() +
                  1)
            : 0;
    const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) break;
    if (!running_.load()) break;
    if (ready > 0) {
      if ((fds[1].revents & POLLIN) != 0) Accept();
      for (std::size_t i = 2; i < fds.size(); ++i) {
        const auto it = connections_.find(ids[i - 2]);
        if (it == connections_.end()) continue;
        Connection* c = it->second.get();
        const short rev = fds[i].revents;
        if ((rev & (POLLERR | POLLNVAL)) != 0) {
          Close(c->id);
          continue;
        }
        if ((rev & (POLLIN | POLLHUP)) != 0) {
          HandleReadable(c);
          if (connections_.count(ids[i - 2]) == 0) continue;
        }
        if ((rev & POLLOUT) != 0) Flush(c);
      }
    }
    if (Clock::now() >= next_timer) {
      handler_->OnTimer();
      next_timer += timer_period;
      if (next_timer < Clock::now()) next_timer = Clock::now() + timer_period;
      // Idle connections (half-sent requests, silent clients) are closed.
      const auto idle = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(options_.idle_timeout_s));
      std::vector<int> stale;
      for (const auto& [id, c] : connections_) {
        if (Clock::now() - c->last_activity > idle) stale.push_back(id);
      }
      for (int id : stale) Close(id);
    }
  }
}

void Server::Accept() {
  for (;;) {
    sockaddr_in addr{};
    socklen_t len = sizeof(addr);
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (connections_.size() >= options_.max_connections) {
      ::close(fd);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_unique<Connection>();
    c->id = next_id_++;
    c->fd = fd;
    char ip[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof(ip));
    c->peer = std::string(ip) + ":" + std::to_string(ntohs(addr.sin_port));
    c->last_activity = Clock::now();
    connections_.emplace(c->id, std::move(c));
  }
}

void Server::HandleReadable(Connection* c) {
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::recv(c->fd, buffer, sizeof(buffer), 0);
    if (n > 0) {
      c->in.append(buffer, static_cast<std::size_t>(n));
      c->last_activity = Clock::now();
      // Bound what an unread peer can make us hold: requests are limited anyway.
      if (c->in.size() > options_.limits.max_header_bytes + options_.limits.max_body_bytes +
                             options_.ws_max_message_bytes + 64) {
        break;
      }
      continue;
    }
    if (n == 0) {  // orderly shutdown by the peer
      Close(c->id);
      return;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    if (errno == EINTR) continue;
    Close(c->id);
    return;
  }
  const int id = c->id;
  if (c->websocket) {
    HandleWs(c);
  } else {
    HandleHttp(c);
  }
  if (const auto it = connections_.find(id); it != connections_.end()) Flush(it->second.get());
}

void Server::HandleHttp(Connection* c) {
  while (!c->closing && !c->websocket) {
    HttpRequest request;
    std::size_t consumed = 0;
    int error_status = 0;
    std::string error_message;
    const ParseStatus status = ParseHttpRequest(c->in, options_.limits, &request, &consumed,
                                                &error_status, &error_message);
    if (status == ParseStatus::kIncomplete) return;
    if (status == ParseStatus::kError) {
      HttpResponse r;
      r.status = error_status;
      r.body = ErrorBody(error_status, error_message);
      r.close = true;
      Queue(c, SerializeResponse(r));
      c->closing = true;
      c->in.clear();
      return;
    }
    c->in.erase(0, consumed);
    const std::string upgrade = request.Header("upgrade");
    if (!upgrade.empty() && (upgrade == "websocket" || upgrade == "WebSocket")) {
      const std::string key = request.Header("sec-websocket-key");
      HttpResponse r = key.empty() || request.method != "GET"
                           ? HttpResponse{400,
                                          "application/json",
                                          ErrorBody(400,
                                                    "a WebSocket upgrade needs GET and "
                                                    "Sec-WebSocket-Key"),
                                          {},
                                          true}
                           : handler_->OnUpgrade(c->id, request, c->peer);
      if (r.status != 101) {
        r.close = true;
        Queue(c, SerializeResponse(r));
        c->closing = true;
        return;
      }
      std::string handshake =
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Accept: " +
          WebSocketAccept(key) + "\r\n";
      for (const auto& [name, value] : r.headers) handshake += name + ": " + value + "\r\n";
      handshake += "\r\n";
      Queue(c, handshake);
      c->websocket = true;
      handler_->OnWsOpen(c->id);
      if (!c->in.empty()) HandleWs(c);
      return;
    }
    HttpResponse response = handler_->OnRequest(c->id, request, c->peer);
    if (!request.keep_alive) response.close = true;
    Queue(c, SerializeResponse(response));
    if (response.close) c->closing = true;
  }
}

void Server::HandleWs(Connection* c) {
  while (!c->closing) {
    WsFrame frame;
    std::size_t consumed = 0;
    int close_code = 0;
    const ParseStatus status =
        ParseWsFrame(c->in, options_.ws_max_message_bytes, &frame, &consumed, &close_code);
    if (status == ParseStatus::kIncomplete) return;
    if (status == ParseStatus::kError) {
      CloseWebSocket(c->id, close_code, close_code == 1009 ? "message too big" : "protocol error");
      return;
    }
    c->in.erase(0, consumed);
    switch (frame.opcode) {
      case WsOpcode::kPing:
        Queue(c, EncodeWsFrame(WsOpcode::kPong, frame.payload));
        break;
      case WsOpcode::kPong:
        break;
      case WsOpcode::kClose:
        CloseWebSocket(c->id, 1000, "");
        return;
      case WsOpcode::kText:
      case WsOpcode::kBinary:
      case WsOpcode::kContinuation: {
        if (frame.opcode != WsOpcode::kContinuation) {
          c->fragments.clear();
          c->fragment_opcode = frame.opcode;
        }
        c->fragments += frame.payload;
        if (c->fragments.size() > options_.ws_max_message_bytes) {
          CloseWebSocket(c->id, 1009, "message too big");
          return;
        }
        if (frame.fin) {
          const int id = c->id;
          const std::string message = std::move(c->fragments);
          c->fragments.clear();
          handler_->OnWsMessage(id, c->fragment_opcode == WsOpcode::kBinary, message);
          if (connections_.count(id) == 0) return;
        }
        break;
      }
      default:
        CloseWebSocket(c->id, 1002, "unknown opcode");
        return;
    }
  }
}

void Server::Queue(Connection* c, std::string_view bytes) {
  if (c->out_offset > 0 && c->out_offset == c->out.size()) {
    c->out.clear();
    c->out_offset = 0;
  }
  c->out.append(bytes);
}

void Server::Flush(Connection* c) {
  while (c->pending() > 0) {
    const ssize_t n =
        ::send(c->fd, c->out.data() + c->out_offset, c->pending(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c->out_offset += static_cast<std::size_t>(n);
      c->last_activity = Clock::now();
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0 && errno == EINTR) continue;
    Close(c->id);
    return;
  }
  if (c->pending() == 0) {
    c->out.clear();
    c->out_offset = 0;
    if (c->closing) Close(c->id);
  } else if (c->out_offset > (1u << 20)) {
    c->out.erase(0, c->out_offset);
    c->out_offset = 0;
  }
}

bool Server::SendFrame(int conn, const std::string& frame, bool droppable) {
  const auto it = connections_.find(conn);
  if (it == connections_.end() || !it->second->websocket || it->second->closing) return false;
  Connection* c = it->second.get();
  if (droppable && c->pending() > options_.send_soft_limit_bytes) {
    ++dropped_frames_;
    if (c->pending() > options_.send_hard_limit_bytes) {
      // Not reading at all: drop the client rather than hold its backlog.
      ++dropped_connections_;
      Close(conn);
    }
    return false;
  }
  Queue(c, frame);
  Flush(c);
  return connections_.count(conn) != 0;
}

void Server::CloseWebSocket(int conn, int code, const std::string& reason) {
  const auto it = connections_.find(conn);
  if (it == connections_.end()) return;
  Connection* c = it->second.get();
  if (c->closing) return;
  std::string payload;
  payload.push_back(static_cast<char>((code >> 8) & 0xff));
  payload.push_back(static_cast<char>(code & 0xff));
  payload += reason.substr(0, 120);
  Queue(c, EncodeWsFrame(WsOpcode::kClose, payload));
  c->closing = true;
  Flush(c);
}

void Server::Close(int id) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  ::close(it->second->fd);
  connections_.erase(it);
  handler_->OnClose(id);
}

}  // namespace tianmu::service
