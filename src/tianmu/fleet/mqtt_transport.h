// The fleet's MQTT link (libmosquitto, broker such as Debian's mosquitto): JSON payloads at QoS 1,
// a last will on the robot's connection topic, automatic reconnection with subscriptions restored.
// The network runs on libmosquitto's own thread; received messages wait for Poll().
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tianmu/fleet/transport.h"

struct mosquitto;
struct mosquitto_message;

namespace tianmu::fleet {

/// Where and how to connect.
struct MqttOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id;     ///< unique per client on the broker
  int keepalive_s = 5;       ///< >= 5 (libmosquitto); a silent broker is noticed within ~1.5x this
  std::string will_topic;    ///< "" for no last will
  std::string will_payload;  ///< sent retained by the broker if this client drops
  double reconnect_min_s = 0.1;  ///< first retry delay after a lost connection
  double reconnect_max_s = 1.0;  ///< retries back off to at most this
};

/// A client connection (RAII: the destructor disconnects cleanly and stops the thread).
class MqttTransport : public Transport {
 public:
  /// Starts connecting in the background (a broker that is down is retried until it is up).
  /// RuntimeError when libmosquitto cannot create the client; InputError for a bad port or id.
  explicit MqttTransport(MqttOptions options);
  ~MqttTransport() override;
  MqttTransport(const MqttTransport&) = delete;
  MqttTransport& operator=(const MqttTransport&) = delete;

  void Publish(const std::string& topic, const std::string& payload, bool retain) override;
  void Subscribe(const std::string& filter) override;
  std::vector<BusMessage> Poll() override;
  bool connected() const override { return connected_.load(); }
  /// Waits up to `timeout_s` for the connection; true once connected.
  bool WaitConnected(double timeout_s) const;
  /// How many times the connection was (re-)established.
  int connects() const { return connects_.load(); }

 private:
  static void OnConnect(mosquitto* client, void* self, int rc);
  static void OnDisconnect(mosquitto* client, void* self, int rc);
  static void OnMessage(mosquitto* client, void* self, const mosquitto_message* message);

  MqttOptions options_;
  mosquitto* client_ = nullptr;
  std::atomic<bool> connected_{false};
  std::atomic<int> connects_{0};
  std::mutex mutex_;  ///< guards filters_ and inbox_
  std::vector<std::string> filters_;
  std::vector<BusMessage> inbox_;
};

}  // namespace tianmu::fleet
