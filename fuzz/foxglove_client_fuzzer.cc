// Messages from a Foxglove WebSocket client (subscribe, unsubscribe, advertise, unadvertise,
// client message data on /cmd_vel). The input is one session of messages, each framed as a kind
// byte (odd: binary, even: text), a 16-bit little-endian length and the message.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_targets.h"
#include "tianmu/service/foxglove_ws.h"

namespace tianmu::fuzz {

void FuzzFoxgloveClient(std::string_view input) {
  static const std::vector<service::TelemetryChannel> kChannels = {
      {1, "/joint_states", "tianmu.JointStates", "{}"},
      {2, "/base_pose", "foxglove.PoseInFrame", "{}"},
      {3, "/controller_status", "tianmu.ControllerStatus", "{}"},
  };
  service::FoxgloveClient client;
  client.may_publish = true;
  while (input.size() >= 3) {
    const bool binary = (static_cast<unsigned char>(input[0]) & 1) != 0;
    const std::size_t length =
        static_cast<unsigned char>(input[1]) | (static_cast<unsigned char>(input[2]) << 8);
    input.remove_prefix(3);
    const std::string_view message = input.substr(0, std::min(length, input.size()));
    input.remove_prefix(message.size());
    if (binary) {
      (void)service::HandleFoxgloveBinary(&client, message);
    } else {
      (void)service::HandleFoxgloveText(&client, message, kChannels);
    }
  }
}

}  // namespace tianmu::fuzz
