// An in-process message bus with MQTT's semantics (topic filters, retained messages, a last will
// sent when a client drops), for running a fleet in one process without a broker and for tests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tianmu/fleet/transport.h"

namespace tianmu::fleet {

class LocalTransport;

/// The bus: owns nothing but the retained messages; clients register with it.
class LocalBus {
 public:
  /// A new client; `will_topic`/`will_payload` (may be empty) are published, retained, when the
  /// client is disconnected by SetConnected(false).
  std::unique_ptr<LocalTransport> Connect(std::string will_topic = {},
                                          std::string will_payload = {});

 private:
  friend class LocalTransport;
  void Deliver(const std::string& topic, const std::string& payload, bool retain);
  std::vector<LocalTransport*> clients_;
  std::map<std::string, std::string> retained_;
};

/// A client of a LocalBus. Must not outlive its bus.
class LocalTransport : public Transport {
 public:
  ~LocalTransport() override;
  void Publish(const std::string& topic, const std::string& payload, bool retain) override;
  void Subscribe(const std::string& filter) override;
  std::vector<BusMessage> Poll() override;
  bool connected() const override { return connected_; }
  /// Drops (false: the will is published) or restores (true) the link, as a broker outage would.
  void SetConnected(bool connected);

 private:
  friend class LocalBus;
  LocalTransport(LocalBus* bus, std::string will_topic, std::string will_payload);
  void Offer(const std::string& topic, const std::string& payload);
  LocalBus* bus_;
  std::string will_topic_, will_payload_;
  std::vector<std::string> filters_;
  std::vector<BusMessage> inbox_;
  bool connected_ = true;
};

}  // namespace tianmu::fleet
