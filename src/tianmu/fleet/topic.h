// MQTT topics of the fleet protocol: uagv/v2/{manufacturer}/{serialNumber}/{message}.
#pragma once

#include <optional>
#include <string>

namespace tianmu::fleet {

/// The message kinds, one topic each.
enum class MessageKind { kOrder, kInstantActions, kState, kVisualization, kConnection, kFactsheet };

/// "order", "instantActions", "state", "visualization", "connection", "factsheet".
const char* MessageKindName(MessageKind kind);

/// The topic prefix (interface name and major version).
inline constexpr const char* kTopicPrefix = "uagv/v2";

/// "uagv/v2/MANUFACTURER/SERIAL/KIND".
std::string Topic(const std::string& manufacturer, const std::string& serial_number,
                  MessageKind kind);

/// "uagv/v2/+/+/KIND": every robot's messages of one kind (a subscription filter).
std::string TopicFilter(MessageKind kind);

/// A parsed topic.
struct TopicParts {
  std::string manufacturer;
  std::string serial_number;
  MessageKind kind = MessageKind::kState;
};

/// Splits a topic; nullopt when it is not uagv/v2/M/S/KIND with a known kind.
std::optional<TopicParts> ParseTopic(const std::string& topic);

}  // namespace tianmu::fleet
