// How fleet messages travel: publish a payload on a topic, subscribe to topic filters, poll what
// arrived. Implemented over MQTT (mqtt_transport.h) and in process (local_bus.h) with the same
// topics and payloads.
#pragma once

#include <string>
#include <vector>

namespace tianmu::fleet {

/// One received message.
struct BusMessage {
  std::string topic;
  std::string payload;
};

/// A connection to a message bus. Not thread-safe: one owner polls it.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `payload` on `topic` (QoS 1 where the bus has levels); `retain` keeps it for later
  /// subscribers. Dropped silently while disconnected (the deadman covers that time).
  virtual void Publish(const std::string& topic, const std::string& payload, bool retain) = 0;
  /// Receives messages whose topic matches `filter` ('+' one level, '#' the rest); kept over
  /// reconnects.
  virtual void Subscribe(const std::string& filter) = 0;
  /// The messages received since the last call, in arrival order.
  virtual std::vector<BusMessage> Poll() = 0;
  /// True while connected to the bus.
  virtual bool connected() const = 0;
};

/// True when MQTT topic filter `filter` matches `topic`.
bool TopicMatches(const std::string& filter, const std::string& topic);

}  // namespace tianmu::fleet
