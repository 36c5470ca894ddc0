// The daemon's HTTP/1.1 request parser, fed a connection's bytes: every pipelined request is
// parsed in turn until the buffer runs out or a request is refused.
#include <string>

#include "fuzz_targets.h"
#include "tianmu/service/http.h"

namespace tianmu::fuzz {

void FuzzHttpRequest(std::string_view input) {
  // Small limits so that the size checks are reached by short inputs too.
  service::HttpLimits limits;
  limits.max_header_bytes = 2048;
  limits.max_body_bytes = 1024;
  while (!input.empty()) {
    service::HttpRequest request;
    std::size_t consumed = 0;
    int status = 0;
    std::string message;
    const service::ParseStatus result =
        service::ParseHttpRequest(input, limits, &request, &consumed, &status, &message);
    if (result != service::ParseStatus::kComplete) return;
    if (consumed == 0 || consumed > input.size()) __builtin_trap();  // would loop or overrun
    (void)request.Header("content-type");
    input.remove_prefix(consumed);
  }
}

}  // namespace tianmu::fuzz
