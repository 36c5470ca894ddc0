// OriginPolicy: which Host and Origin headers a request may carry. A page on another site that
// rebinds its DNS name to 127.0.0.1 reaches a loopback-bound daemon from the victim's browser,
// but its requests carry that other name in Host and its own site in Origin: both are checked
// against the names this daemon answers to (loopback, the bind address, --allow-origin).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "tianmu/service/http.h"

namespace tianmu::service {

/// The Host/Origin allow-list of one daemon.
class OriginPolicy {
 public:
  /// `bind_address` the daemon listens on (0.0.0.0: every interface, which adds no name);
  /// `allowed_origins` extra origins a browser may come from ("http://robot.lan:8080").
  OriginPolicy(const std::string& bind_address, std::vector<std::string> allowed_origins);
  /// The port requests must name in Host when they give one (known once the server is bound).
  void set_port(int port) { port_.store(port, std::memory_order_relaxed); }
  /// Empty when the request may proceed, else why not (for a 403). A request without Host or
  /// Origin (a non-browser client) is not refused for the missing header.
  std::string Check(const HttpRequest& request) const;

 private:
  bool HostAllowed(const std::string& host) const;
  std::vector<std::string> names_;    ///< host names without port, lower case
  std::vector<std::string> origins_;  ///< extra allowed origins, lower case, no trailing slash
  std::vector<std::string> hosts_;    ///< their "name[:port]", allowed in Host as they are
  std::atomic<int> port_{0};          ///< 0: not bound yet, any port
};

}  // namespace tianmu::service
