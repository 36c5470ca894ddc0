#include "tianmu/service/foxglove_ws.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace tianmu::service {
namespace {

bool IsId(const nlohmann::json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

void AppendLittleEndian(std::string* out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// Reads a finite number at `path` (e.g. {"linear","x"}) or returns `fallback`; false if present
// but not a finite number.
bool ReadNumber(const nlohmann::json& j, std::initializer_list<const char*> path, double* out) {
  const nlohmann::json* node = &j;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return true;
    node = &(*node)[key];
  }
  if (!node->is_number()) return false;
  const double v = node->get<double>();
  if (!std::isfinite(v)) return false;
  *out = v;
  return true;
}

}  // namespace

std::string FoxgloveServerInfo(const std::string& name, const std::string& session_id,
                               bool client_publish) {
  nlohmann::json j = {{"op", "serverInfo"},
                      {"name", name},
                      {"capabilities", nlohmann::json::array()},
                      {"metadata", {{"api", "/api/v1"}}},
                      {"sessionId", session_id}};
  if (client_publish) {
    j["capabilities"].push_back("clientPublish");
    j["supportedEncodings"] = {"json"};
  }
  return j.dump();
}

std::string FoxgloveAdvertise(const std::vector<TelemetryChannel>& channels) {
  nlohmann::json list = nlohmann::json::array();
  for (const TelemetryChannel& c : channels) {
    list.push_back({{"id", c.id},
                    {"topic", c.topic},
                    {"encoding", "json"},
                    {"schemaName", c.schema_name},
                    {"schema", c.schema},
                    {"schemaEncoding", "jsonschema"}});
  }
  return nlohmann::json{{"op", "advertise"}, {"channels", list}}.dump();
}

std::string FoxgloveStatus(int level, const std::string& message) {
  return nlohmann::json{{"op", "status"}, {"level", level}, {"message", message}}.dump();
}

std::string FoxgloveMessageHeader(std::uint32_t subscription_id, std::uint64_t timestamp_ns) {
  std::string out;
  out.reserve(13);
  out.push_back(static_cast<char>(0x01));
  AppendLittleEndian(&out, subscription_id, 4);
  AppendLittleEndian(&out, timestamp_ns, 8);
  return out;
}

FoxgloveClientEvent HandleFoxgloveText(FoxgloveClient* client, std::string_view text,
                                       const std::vector<TelemetryChannel>& channels) {
  FoxgloveClientEvent event;
  const auto error = [&](const std::string& message) {
    event.replies.push_back(FoxgloveStatus(2, message));
    return event;
  };
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error("malformed JSON message");
  if (!j.contains("op") || !j["op"].is_string()) return error("field 'op': expected a string");
  const std::string op = j["op"].get<std::string>();
  if (op == "subscribe") {
    if (!j.contains("subscriptions") || !j["subscriptions"].is_array()) {
      return error("subscribe: field 'subscriptions': expected an array");
    }
    for (const nlohmann::json& s : j["subscriptions"]) {
      if (!s.is_object() || !s.contains("id") || !IsId(s["id"]) || !s.contains("channelId") ||
          !IsId(s["channelId"])) {
        event.replies.push_back(
            FoxgloveStatus(2, "subscribe: each subscription needs numeric 'id' and 'channelId'"));
        continue;
      }
      const auto id = s["id"].get<std::uint32_t>();
      const auto channel = s["channelId"].get<std::uint32_t>();
      bool known = false;
      for (const TelemetryChannel& c : channels) known = known || c.id == channel;
      if (!known) {
        event.replies.push_back(
            FoxgloveStatus(2, "subscribe: unknown channelId " + std::to_string(channel)));
      } else if (client->subscriptions.count(id) != 0) {
        event.replies.push_back(
            FoxgloveStatus(2, "subscribe: subscription id " + std::to_string(id) + " in use"));
      } else if (client->subscriptions.size() >= client->max_subscriptions) {
        event.replies.push_back(
            FoxgloveStatus(2, "subscribe: at most " + std::to_string(client->max_subscriptions) +
                                  " subscriptions per client; ignoring id " + std::to_string(id)));
      } else {
        client->subscriptions[id] = channel;
      }
    }
    return event;
  }
  if (op == "unsubscribe") {
    if (!j.contains("subscriptionIds") || !j["subscriptionIds"].is_array()) {
      return error("unsubscribe: field 'subscriptionIds': expected an array");
    }
    for (const nlohmann::json& id : j["subscriptionIds"]) {
      if (IsId(id)) client->subscriptions.erase(id.get<std::uint32_t>());
    }
    return event;
  }
  if (op == "advertise") {
    if (!client->may_publish) return error("advertise: publishing needs the operator token");
    if (!j.contains("channels") || !j["channels"].is_array()) {
      return error("advertise: field 'channels': expected an array");
    }
    for (const nlohmann::json& c : j["channels"]) {
      if (!c.is_object() || !c.contains("id") || !IsId(c["id"]) || !c.contains("topic") ||
          !c["topic"].is_string()) {
        event.replies.push_back(
            FoxgloveStatus(2, "advertise: each channel needs numeric 'id' and string 'topic'"));
        continue;
      }
      const std::string topic = c["topic"].get<std::string>();
      const std::string encoding = c.contains("encoding") && c["encoding"].is_string()
                                       ? c["encoding"].get<std::string>()
                                       : "";
      if (topic != kCommandTopic || encoding != "json") {
        event.replies.push_back(
            FoxgloveStatus(1, "advertise: only topic " + std::string(kCommandTopic) +
                                  " with encoding json is accepted; ignoring '" + topic + "'"));
        continue;
      }
      const auto id = c["id"].get<std::uint32_t>();
      if (client->client_channels.count(id) == 0 &&
          client->client_channels.size() >= client->max_subscriptions) {
        event.replies.push_back(
            FoxgloveStatus(2, "advertise: at most " + std::to_string(client->max_subscriptions) +
                                  " client channels; ignoring id " + std::to_string(id)));
        continue;
      }
      client->client_channels[id] = topic;
    }
    return event;
  }
  if (op == "unadvertise") {
    if (j.contains("channelIds") && j["channelIds"].is_array()) {
      for (const nlohmann::json& id : j["channelIds"]) {
        if (IsId(id)) client->client_channels.erase(id.get<std::uint32_t>());
      }
    }
    return event;
  }
  return error("unsupported op '" + op + "'");
}

FoxgloveClientEvent HandleFoxgloveBinary(FoxgloveClient* client, std::string_view data) {
  FoxgloveClientEvent event;
  if (data.size() < 5 || static_cast<unsigned char>(data[0]) != 0x01) {
    event.replies.push_back(FoxgloveStatus(2, "binary message: expected client message data"));
    return event;
  }
  std::uint32_t channel = 0;
  for (int i = 0; i < 4; ++i) {
    channel |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[1 + i])) << (8 * i);
  }
  if (client->client_channels.count(channel) == 0) {
    event.replies.push_back(FoxgloveStatus(
        2, "client message data on unadvertised channel " + std::to_string(channel)));
    return event;
  }
  const nlohmann::json j = nlohmann::json::parse(data.substr(5), nullptr, false);
  double vx = 0, vy = 0, wz = 0;
  const bool ok = !j.is_discarded() && j.is_object() && ReadNumber(j, {"vx_mps"}, &vx) &&
                  ReadNumber(j, {"vy_mps"}, &vy) && ReadNumber(j, {"wz_radps"}, &wz) &&
                  ReadNumber(j, {"linear", "x"}, &vx) && ReadNumber(j, {"linear", "y"}, &vy) &&
                  ReadNumber(j, {"angular", "z"}, &wz);
  if (!ok) {
    event.replies.push_back(FoxgloveStatus(
        2, std::string(kCommandTopic) + ": expected JSON {vx_mps, vy_mps, wz_radps} numbers"));
    return event;
  }
  event.has_command = true;
  event.vx_mps = vx;
  event.vy_mps = vy;
  event.wz_radps = wz;
  return event;
}

}  // namespace tianmu::service
