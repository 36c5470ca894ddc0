#include "tianmu/service/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
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

// A JSON error answer.
HttpResponse ErrorResponse(int status, const std::string& message, bool close) {
  HttpResponse r;
  r.status = status;
  r.body = ErrorBody(status, message);
  r.close = close;
  return r;
}

// The 503 for a connection beyond the limits (closed after it).
HttpResponse RefusalResponse(const std::string& why) {
  HttpResponse r;
  r.status = 503;
  r.body = ErrorBody(503, why);
  r.headers["Retry-After"] = "1";
  r.close = true;
  return r;
}

}  // namespace

struct Server::Connection {
  /// One response in request order, while a deferred one ahead of it is outstanding.
  struct Slot {
    std::uint64_t ticket = 0;  ///< the deferred request's, 0 for ready ones
    bool ready = false;
    bool close = false;  ///< close the connection after this response
    std::string bytes;   ///< the serialized response, once ready
  };
  int id = 0;
  int fd = -1;
  std::string peer;     ///< "ip:port"
  std::string address;  ///< the client's IP (connection and rate limits)
  std::string in;
  std::string out;
  std::size_t out_offset = 0;
  bool websocket = false;
  bool closing = false;       ///< close once `out` is flushed
  bool input_paused = false;  ///< buffered input waits until `out` drains below the limit
  std::string fragments;
  WsOpcode fragment_opcode = WsOpcode::kText;
  Clock::time_point last_activity;
  Clock::time_point last_send_progress;  ///< output last went out (or started to be pending)
  std::deque<Slot> slots;                ///< responses waiting for a deferred one ahead of them
  bool reserved = false;  ///< in a slot reserved for e-stops (only e-stops are answered)
  std::string refusal;    ///< why it did not get an ordinary slot (the 503's message)
  Clock::time_point reserved_deadline;  ///< a reserved slot's whole request must arrive by then
  double ws_tokens = 0;                 ///< WebSocket message bucket
  Clock::time_point ws_refill;          ///< when ws_tokens was last refilled

  std::size_t pending() const { return out.size() - out_offset; }
};

Server::Server(ServerOptions options, ServerHandler* handler)
    : options_(std::move(options)),
      handler_(handler),
      address_limiter_(options_.limits.requests_per_address_per_s,
                       options_.limits.requests_per_address_burst) {}

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
  {
    const std::lock_guard<std::mutex> lock(work_mutex_);
    worker_stop_ = false;
  }
  worker_ = std::thread([this] { RunWorker(); });
  thread_ = std::thread([this] { Run(); });
}

void Server::Stop() {
  if (running_.exchange(false)) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
  {
    const std::lock_guard<std::mutex> lock(work_mutex_);
    worker_stop_ = true;
  }
  work_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
  jobs_.clear();
  done_.clear();
  while (!connections_.empty()) Close(connections_.begin()->first);
  for (int* fd : {&listen_fd_, &wake_pipe_[0], &wake_pipe_[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void Server::Run() {
  if (options_.fifo_priority > 0) {
    // The thread sleeps in poll() and does bounded work per request (disk work is deferred), so
    // a real-time priority cannot starve the machine; it keeps builds and floods of other
    // processes from delaying e-stops by whole scheduler periods.
    sched_param param{};
    param.sched_priority = options_.fifo_priority;
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0) {
      scheduling_.store("fifo");
    } else if (setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), -5) == 0) {
      scheduling_.store("nice");
    }
  }
  const auto timer_period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.timer_period_s));
  auto next_timer = Clock::now() + timer_period;
  std::vector<pollfd> fds;
  std::vector<int> ids;
  std::vector<int> readable;
  while (running_.load()) {
    fds.clear();
    ids.clear();
    fds.push_back({wake_pipe_[0], POLLIN, 0});
    // Always accept: connections beyond the limits are answered 503 and closed at once rather
    // than left to fill the kernel's backlog.
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const auto& [id, c] : connections_) {
      short events = 0;
      if (!c->closing && !c->input_paused && c->in.size() < InputCapBytes()) events |= POLLIN;
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
    if ((fds[0].revents & POLLIN) != 0) {
      char drain[64];
      while (::read(wake_pipe_[0], drain, sizeof(drain)) > 0) {
      }
    }
    // Responses the worker finished go out first: they may unblock pipelined requests.
    DeliverDeferred();
    if (ready > 0) {
      if ((fds[1].revents & POLLIN) != 0) Accept();
      // Read everything that arrived first, then answer urgent requests (e-stops) on whichever
      // connection they came, then everything else.
      readable.clear();
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
          if (!ReadInput(c)) continue;
          readable.push_back(c->id);
        }
        if ((rev & POLLOUT) != 0) Flush(c);
      }
      for (int id : readable) {
        const auto it = connections_.find(id);
        if (it != connections_.end() && !it->second->websocket) HandleHttp(it->second.get(), true);
      }
      for (int id : readable) {
        const auto it = connections_.find(id);
        if (it != connections_.end()) ProcessInput(it->second.get());
      }
    }
    // Connections whose buffered input waited for their output to drain carry on.
    ids.clear();
    for (const auto& [id, c] : connections_) {
      if (c->input_paused && c->pending() <= options_.limits.pause_reading_above_bytes) {
        ids.push_back(id);
      }
    }
    for (int id : ids) {
      const auto it = connections_.find(id);
      if (it == connections_.end()) continue;
      it->second->input_paused = false;
      ProcessInput(it->second.get());
    }
    if (Clock::now() >= next_timer) {
      handler_->OnTimer();
      next_timer += timer_period;
      if (next_timer < Clock::now()) next_timer = Clock::now() + timer_period;
      CloseStaleConnections();
    }
  }
}

void Server::CloseStaleConnections() {
  const auto now = Clock::now();
  const auto idle = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.limits.idle_timeout_s));
  const auto stall = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(options_.limits.send_stall_timeout_s));
  std::vector<int> stale;
  for (const auto& [id, c] : connections_) {
    // Idle: half-sent requests, silent clients. Stalled: a client that does not read what it
    // asked for holds our buffer; it is dropped.
    const bool stalled = c->pending() > 0 && now - c->last_send_progress > stall;
    if (stalled) ++dropped_connections_;
    if (stalled || now - c->last_activity > idle) stale.push_back(id);
  }
  for (int id : stale) Close(id);
  // A reserved (e-stop) slot is not held by a client that sends nothing: it gets the 503 it
  // would have had without the reserve.
  std::vector<int> unused;
  for (const auto& [id, c] : connections_) {
    if (c->reserved && !c->closing && now > c->reserved_deadline) unused.push_back(id);
  }
  for (int id : unused) {
    Connection* c = connections_.at(id).get();
    Queue(c, SerializeResponse(RefusalResponse(c->refusal)));
    c->closing = true;
    Flush(c);
  }
}

std::size_t Server::InputCapBytes() const {
  // One whole request or WebSocket message fits; an unread peer cannot make us hold more.
  return options_.limits.http.max_header_bytes + options_.limits.http.max_body_bytes +
         options_.limits.ws_max_message_bytes + 64;
}

void Server::Accept() {
  for (;;) {
    sockaddr_in addr{};
    socklen_t len = sizeof(addr);
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    char ip[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof(ip));
    const auto count = connections_per_address_.find(ip);
    const std::size_t from_address = count == connections_per_address_.end() ? 0 : count->second;
    const ServerLimits& limits = options_.limits;
    const std::size_t reserved =
        std::min(limits.reserved_estop_connections, limits.max_connections);
    const bool ordinary =
        connections_.size() - reserved_open_ < limits.max_connections - reserved &&
        from_address < limits.max_connections_per_address;
    // Beyond the ordinary limits a connection may still take a slot kept for e-stops: four
    // addresses with 64 connections each cannot lock the operator out.
    // An address holds at most its share of the reserve, so one that reconnects continuously
    // leaves the rest to others.
    const auto held = reserved_per_address_.find(ip);
    const std::size_t reserved_from_address =
        held == reserved_per_address_.end() ? 0 : held->second;
    const bool in_reserve = !ordinary && reserved_open_ < reserved &&
                            reserved_from_address < limits.reserved_estop_connections_per_address &&
                            connections_.size() < limits.max_connections;
    const std::string refusal = from_address >= options_.limits.max_connections_per_address
                                    ? "too many connections from this address"
                                    : "too many connections";
    if (!ordinary && !in_reserve) {
      // Refused cleanly: one short 503 (the socket buffer is empty, so it fits), then closed.
      const std::string bytes = SerializeResponse(RefusalResponse(refusal));
      [[maybe_unused]] const ssize_t n =
          ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::close(fd);
      ++refused_connections_;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_unique<Connection>();
    c->id = next_id_++;
    c->fd = fd;
    c->address = ip;
    c->peer = std::string(ip) + ":" + std::to_string(ntohs(addr.sin_port));
    c->last_activity = Clock::now();
    c->last_send_progress = c->last_activity;
    if (in_reserve) {
      c->reserved = true;
      c->refusal = refusal;
      c->reserved_deadline =
          c->last_activity +
          std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(limits.reserved_connection_timeout_s));
      ++reserved_open_;
      ++reserved_per_address_[c->address];
    } else {
      ++connections_per_address_[c->address];
    }
    connections_.emplace(c->id, std::move(c));
  }
}

bool Server::ReadInput(Connection* c) {
  char buffer[16384];
  const std::size_t cap = InputCapBytes();
  while (c->in.size() < cap) {
    const ssize_t n = ::recv(c->fd, buffer, std::min(sizeof(buffer), cap - c->in.size()), 0);
    if (n > 0) {
      c->in.append(buffer, static_cast<std::size_t>(n));
      c->last_activity = Clock::now();
      continue;
    }
    if (n == 0) {  // orderly shutdown by the peer
      Close(c->id);
      return false;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    if (errno == EINTR) continue;
    Close(c->id);
    return false;
  }
  return true;
}

void Server::ProcessInput(Connection* c) {
  const int id = c->id;
  if (c->websocket) {
    HandleWs(c);
  } else {
    HandleHttp(c, false);
  }
  if (const auto it = connections_.find(id); it != connections_.end()) Flush(it->second.get());
}

bool Server::AllowRequest(Connection* c) {
  if (options_.limits.requests_per_address_per_s <= 0) return true;
  if (address_limiter_.Allow(c->address, Clock::now())) return true;
  ++rate_limited_requests_;
  return false;
}

void Server::HandleHttp(Connection* c, bool urgent_only) {
  while (!c->closing && !c->websocket) {
    // Pipelined requests wait while the client has not read the answers to earlier ones.
    if (c->pending() > options_.limits.pause_reading_above_bytes) {
      c->input_paused = true;
      return;
    }
    HttpRequest request;
    std::size_t consumed = 0;
    int error_status = 0;
    std::string error_message;
    const ParseStatus status = ParseHttpRequest(c->in, options_.limits.http, &request, &consumed,
                                                &error_status, &error_message);
    if (status == ParseStatus::kIncomplete) return;
    // While a deferred response is outstanding only e-stops are taken from this connection (their
    // answers queue behind it); everything else waits for it, which bounds the worker's queue.
    const bool waiting = !c->slots.empty();
    if (status == ParseStatus::kError) {
      if (urgent_only || waiting) return;
      AllowRequest(c);  // malformed requests use up the address's budget too
      HttpResponse r;
      r.status = error_status;
      r.body = ErrorBody(error_status, error_message);
      r.close = true;
      Queue(c, SerializeResponse(r));
      c->closing = true;
      c->in.clear();
      return;
    }
    const bool urgent = handler_->IsUrgent(request);
    if ((urgent_only || waiting) && !urgent) return;
    c->in.erase(0, consumed);
    if (c->reserved && !urgent) {
      Queue(c, SerializeResponse(RefusalResponse(c->refusal)));
      c->closing = true;
      c->in.clear();
      return;
    }
    const std::string upgrade = request.Header("upgrade");
    const bool is_upgrade = !upgrade.empty() && (upgrade == "websocket" || upgrade == "WebSocket");
    if (!urgent && !AllowRequest(c)) {
      HttpResponse r;
      r.status = 429;
      r.body = ErrorBody(429, "too many requests from this address");
      r.headers["Retry-After"] = "1";
      r.close = is_upgrade;
      Respond(c, std::move(r), request.keep_alive);
      continue;
    }
    if (is_upgrade) {
      const std::string key = request.Header("sec-websocket-key");
      HttpResponse r =
          key.empty() || request.method != "GET"
              ? ErrorResponse(400, "a WebSocket upgrade needs GET and Sec-WebSocket-Key", true)
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
      c->ws_tokens = options_.limits.ws_messages_burst;
      c->ws_refill = Clock::now();
      handler_->OnWsOpen(c->id);
      if (!c->in.empty()) HandleWs(c);
      return;
    }
    HttpResponse response = handler_->OnRequest(c->id, request, c->peer);
    // A reserved slot is given back after its e-stop is answered.
    if (c->reserved) response.close = true;
    Respond(c, std::move(response), request.keep_alive);
  }
}

void Server::Respond(Connection* c, HttpResponse response, bool keep_alive) {
  if (!keep_alive) response.close = true;
  if (response.deferred) {
    Connection::Slot slot;
    slot.ticket = next_ticket_++;
    slot.close = response.close;
    c->slots.push_back(std::move(slot));
    {
      const std::lock_guard<std::mutex> lock(work_mutex_);
      jobs_.push_back({c->id, c->slots.back().ticket, std::move(response.deferred)});
    }
    work_cv_.notify_one();
    return;
  }
  std::string bytes = SerializeResponse(response);
  if (c->slots.empty()) {
    Queue(c, bytes);
    if (response.close) c->closing = true;
    return;
  }
  Connection::Slot slot;
  slot.ready = true;
  slot.close = response.close;
  slot.bytes = std::move(bytes);
  c->slots.push_back(std::move(slot));
}

void Server::ReleaseSlots(Connection* c) {
  while (!c->slots.empty() && c->slots.front().ready) {
    Connection::Slot slot = std::move(c->slots.front());
    c->slots.pop_front();
    Queue(c, slot.bytes);
    if (slot.close) {
      c->closing = true;
      c->slots.clear();
      break;
    }
  }
}

void Server::DeliverDeferred() {
  std::vector<Done> done;
  {
    const std::lock_guard<std::mutex> lock(work_mutex_);
    if (done_.empty()) return;
    done.swap(done_);
  }
  for (Done& d : done) {
    ++deferred_responses_;
    HttpResponse response = std::move(d.response);
    if (response.then) {
      // Runs even when the client has gone: it finishes what the request changed.
      const std::function<HttpResponse()> then = std::move(response.then);
      try {
        response = then();
      } catch (const std::exception& e) {
        response = ErrorResponse(500, e.what(), false);
      }
    }
    const auto it = connections_.find(d.conn);
    if (it == connections_.end()) continue;
    Connection* c = it->second.get();
    for (Connection::Slot& slot : c->slots) {
      if (slot.ticket != d.ticket) continue;
      response.close = response.close || slot.close;
      slot.close = response.close;
      slot.bytes = SerializeResponse(response);
      slot.ready = true;
      break;
    }
    ReleaseSlots(c);
    // Pipelined requests that waited for this answer carry on (ProcessInput also flushes).
    if (!c->closing && c->slots.empty() && !c->in.empty()) {
      ProcessInput(c);
    } else {
      Flush(c);
    }
  }
}

void Server::RunWorker() {
  // Below the server thread: when both want the CPU, parsing and e-stops go first.
  setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 5);
  std::unique_lock<std::mutex> lock(work_mutex_);
  for (;;) {
    work_cv_.wait(lock, [this] { return worker_stop_ || !jobs_.empty(); });
    if (worker_stop_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    Done done;
    done.conn = job.conn;
    done.ticket = job.ticket;
    try {
      done.response = job.run();
    } catch (const std::exception& e) {
      done.response = ErrorResponse(500, e.what(), false);
    }
    job.run = nullptr;  // its captures are released here, not under the lock
    lock.lock();
    done_.push_back(std::move(done));
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &byte, 1);
  }
}

bool Server::AllowWsMessage(Connection* c) {
  const double rate = options_.limits.ws_messages_per_s;
  if (rate <= 0) return true;
  const auto now = Clock::now();
  c->ws_tokens =
      std::min(options_.limits.ws_messages_burst,
               c->ws_tokens + rate * std::chrono::duration<double>(now - c->ws_refill).count());
  c->ws_refill = now;
  if (c->ws_tokens < 1) return false;
  c->ws_tokens -= 1;
  return true;
}

void Server::HandleWs(Connection* c) {
  while (!c->closing) {
    // Messages that get replies (pings, subscriptions) wait while the client is not reading.
    if (c->pending() > options_.limits.pause_reading_above_bytes) {
      c->input_paused = true;
      return;
    }
    WsFrame frame;
    std::size_t consumed = 0;
    int close_code = 0;
    const ParseStatus status =
        ParseWsFrame(c->in, options_.limits.ws_max_message_bytes, &frame, &consumed, &close_code);
    if (status == ParseStatus::kIncomplete) return;
    if (status == ParseStatus::kError) {
      CloseWebSocket(c->id, close_code, close_code == 1009 ? "message too big" : "protocol error");
      return;
    }
    c->in.erase(0, consumed);
    if (!AllowWsMessage(c)) {
      ++ws_rate_limited_;
      CloseWebSocket(c->id, 1008, "message rate limit exceeded");
      return;
    }
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
        if (c->fragments.size() > options_.limits.ws_max_message_bytes) {
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
  if (c->pending() == 0) c->last_send_progress = Clock::now();
  c->out.append(bytes);
}

void Server::Flush(Connection* c) {
  while (c->pending() > 0) {
    const ssize_t n =
        ::send(c->fd, c->out.data() + c->out_offset, c->pending(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c->out_offset += static_cast<std::size_t>(n);
      c->last_activity = Clock::now();
      c->last_send_progress = c->last_activity;
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
  if (droppable && c->pending() > options_.limits.send_soft_limit_bytes) {
    ++dropped_frames_;
    if (c->pending() > options_.limits.send_hard_limit_bytes) {
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
  if (it->second->reserved) {
    --reserved_open_;
    if (const auto held = reserved_per_address_.find(it->second->address);
        held != reserved_per_address_.end() && --held->second == 0) {
      reserved_per_address_.erase(held);
    }
  } else if (const auto count = connections_per_address_.find(it->second->address);
             count != connections_per_address_.end() && --count->second == 0) {
    connections_per_address_.erase(count);
  }
  connections_.erase(it);
  handler_->OnClose(id);
}

}  // namespace tianmu::service
