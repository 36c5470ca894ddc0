#include "tianmu/fleet/connection.h"

namespace tianmu::fleet {

const char* ConnectionStateName(ConnectionState state) {
  switch (state) {
    case ConnectionState::kOnline:
      return "ONLINE";
    case ConnectionState::kOffline:
      return "OFFLINE";
    case ConnectionState::kConnectionBroken:
      return "CONNECTIONBROKEN";
  }
  return "CONNECTIONBROKEN";
}

nlohmann::json EncodeConnection(const Connection& message) {
  nlohmann::json out = nlohmann::json::object();
  EncodeHeader(message.header, &out);
  out["connectionState"] = ConnectionStateName(message.state);
  return out;
}

Connection DecodeConnection(const nlohmann::json& payload) {
  const PayloadReader reader(payload, "connection", "");
  reader.RejectUnknown({TIANMU_FLEET_HEADER_FIELDS, "connectionState"});
  Connection message;
  message.header = DecodeHeader(reader);
  const std::string state =
      reader.Enum("connectionState", {"ONLINE", "OFFLINE", "CONNECTIONBROKEN"});
  message.state = state == "ONLINE"    ? ConnectionState::kOnline
                  : state == "OFFLINE" ? ConnectionState::kOffline
                                       : ConnectionState::kConnectionBroken;
  return message;
}

}  // namespace tianmu::fleet
