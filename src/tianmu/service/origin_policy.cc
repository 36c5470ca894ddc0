#include "tianmu/service/origin_policy.h"

#include <algorithm>
#include <cctype>

namespace tianmu::service {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Splits "name:port" / "[v6]:port" / "name" into name and port text (empty when none).
void SplitHost(const std::string& host, std::string* name, std::string* port) {
  const std::size_t bracket = host.rfind(']');
  const std::size_t colon = host.rfind(':');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    *name = host.substr(0, colon);
    *port = host.substr(colon + 1);
  } else {
    *name = host;
    port->clear();
  }
}

}  // namespace

OriginPolicy::OriginPolicy(const std::string& bind_address, std::vector<std::string> allowed)
    : names_{"127.0.0.1", "localhost", "[::1]"} {
  if (!bind_address.empty() && bind_address != "0.0.0.0") names_.push_back(Lower(bind_address));
  for (std::string& origin : allowed) {
    origin = Lower(origin);
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    origins_.push_back(origin);
    // The origin's host may appear in Host as well (a page served under that name, perhaps
    // through a proxy on another port).
    const std::size_t scheme = origin.find("://");
    hosts_.push_back(scheme == std::string::npos ? origin : origin.substr(scheme + 3));
  }
}

bool OriginPolicy::HostAllowed(const std::string& host) const {
  const std::string lower = Lower(host);
  if (std::find(hosts_.begin(), hosts_.end(), lower) != hosts_.end()) return true;
  std::string name, port;
  SplitHost(lower, &name, &port);
  const int bound = port_.load(std::memory_order_relaxed);
  if (!port.empty() && bound != 0 && port != std::to_string(bound)) return false;
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::string OriginPolicy::Check(const HttpRequest& request) const {
  const std::string host = request.Header("host");
  if (!host.empty() && !HostAllowed(host)) {
    return "Host '" + host + "' is not a name this daemon answers to (tianmu serve --allow-origin)";
  }
  const std::string origin = Lower(request.Header("origin"));
  if (origin.empty()) return "";
  if (std::find(origins_.begin(), origins_.end(), origin) != origins_.end()) return "";
  const std::string http = "http://";
  if (origin.rfind(http, 0) == 0 && HostAllowed(origin.substr(http.size()))) return "";
  return "Origin '" + request.Header("origin") +
         "' is not allowed (tianmu serve --allow-origin ORIGIN to allow it)";
}

}  // namespace tianmu::service
