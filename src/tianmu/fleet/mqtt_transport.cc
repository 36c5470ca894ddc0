#include "tianmu/fleet/mqtt_transport.h"

#include <mosquitto.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "tianmu/core/error.h"

namespace tianmu::fleet {
namespace {

constexpr int kQos = 1;  ///< at least once: orders and states must not silently vanish

void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

MqttTransport::MqttTransport(MqttOptions options) : options_(std::move(options)) {
  if (options_.port < 1 || options_.port > 65535) {
    throw InputError("mqtt port: expected 1..65535 (got " + std::to_string(options_.port) + ")");
  }
  if (options_.keepalive_s < 5 || options_.keepalive_s > 3600) {
    throw InputError("mqtt keepalive: expected 5..3600 s (libmosquitto refuses shorter)");
  }
  if (options_.client_id.empty() || options_.client_id.size() > 128) {
    throw InputError("mqtt client id: expected 1..128 characters");
  }
  InitLibrary();
  client_ = mosquitto_new(options_.client_id.c_str(), true, this);
  if (client_ == nullptr) throw RuntimeError("mosquitto_new failed for " + options_.client_id);
  mosquitto_int_option(client_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_connect_callback_set(client_, &MqttTransport::OnConnect);
  mosquitto_disconnect_callback_set(client_, &MqttTransport::OnDisconnect);
  mosquitto_message_callback_set(client_, &MqttTransport::OnMessage);
  if (!options_.will_topic.empty()) {
    mosquitto_will_set(client_, options_.will_topic.c_str(),
                       static_cast<int>(options_.will_payload.size()), options_.will_payload.data(),
                       kQos, true);
  }
  const auto delay = [](double s) { return static_cast<unsigned>(std::max(1.0, std::ceil(s))); };
  // libmosquitto counts delays in whole seconds; exponential backoff from min to max.
  mosquitto_reconnect_delay_set(client_, delay(options_.reconnect_min_s),
                                delay(options_.reconnect_max_s), true);
  // A broker that is down now is fine: the network thread keeps retrying.
  const int rc =
      mosquitto_connect_async(client_, options_.host.c_str(), options_.port, options_.keepalive_s);
  if (rc == MOSQ_ERR_INVAL) {
    mosquitto_destroy(client_);
    throw InputError("mqtt: invalid host \"" + options_.host + "\" or port");
  }
  if (mosquitto_loop_start(client_) != MOSQ_ERR_SUCCESS) {
    mosquitto_destroy(client_);
    throw RuntimeError("mosquitto_loop_start failed");
  }
}

MqttTransport::~MqttTransport() {
  mosquitto_disconnect(client_);
  mosquitto_loop_stop(client_, true);
  mosquitto_destroy(client_);
}

void MqttTransport::OnConnect(mosquitto* client, void* self, int rc) {
  auto* me = static_cast<MqttTransport*>(self);
  if (rc != 0) return;
  std::vector<std::string> filters;
  {
    std::lock_guard<std::mutex> lock(me->mutex_);
    filters = me->filters_;
  }
  for (const std::string& f : filters) mosquitto_subscribe(client, nullptr, f.c_str(), kQos);
  ++me->connects_;
  me->connected_ = true;
}

void MqttTransport::OnDisconnect(mosquitto*, void* self, int) {
  static_cast<MqttTransport*>(self)->connected_ = false;
}

void MqttTransport::OnMessage(mosquitto*, void* self, const mosquitto_message* message) {
  auto* me = static_cast<MqttTransport*>(self);
  if (message->topic == nullptr || message->payloadlen < 0) return;
  BusMessage m;
  m.topic = message->topic;
  m.payload.assign(static_cast<const char*>(message->payload),
                   static_cast<std::size_t>(message->payloadlen));
  std::lock_guard<std::mutex> lock(me->mutex_);
  me->inbox_.push_back(std::move(m));
}

void MqttTransport::Publish(const std::string& topic, const std::string& payload, bool retain) {
  if (!connected_) return;
  mosquitto_publish(client_, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                    payload.data(), kQos, retain);
}

void MqttTransport::Subscribe(const std::string& filter) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    filters_.push_back(filter);
  }
  if (connected_) mosquitto_subscribe(client_, nullptr, filter.c_str(), kQos);
}

std::vector<BusMessage> MqttTransport::Poll() {
  std::vector<BusMessage> out;
  std::lock_guard<std::mutex> lock(mutex_);
  out.swap(inbox_);
  return out;
}

bool MqttTransport::WaitConnected(double timeout_s) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!connected_) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace tianmu::fleet
