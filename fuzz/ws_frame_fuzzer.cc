// The daemon's WebSocket frame decoder, fed a connection's bytes after the upgrade: every frame
// is decoded in turn until the buffer runs out or the connection would be closed.
#include "fuzz_targets.h"
#include "tianmu/service/http.h"

namespace tianmu::fuzz {

void FuzzWsFrame(std::string_view input) {
  constexpr std::size_t kMaxPayloadBytes = 4096;  // small, so that 1009 is reached too
  while (!input.empty()) {
    service::WsFrame frame;
    std::size_t consumed = 0;
    int close_code = 0;
    const service::ParseStatus result =
        service::ParseWsFrame(input, kMaxPayloadBytes, &frame, &consumed, &close_code);
    if (result != service::ParseStatus::kComplete) return;
    if (consumed == 0 || consumed > input.size() || frame.payload.size() > kMaxPayloadBytes) {
      __builtin_trap();  // would loop, overrun or exceed the limit
    }
    input.remove_prefix(consumed);
  }
}

}  // namespace tianmu::fuzz
