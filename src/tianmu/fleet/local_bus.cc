#include "tianmu/fleet/local_bus.h"

#include <algorithm>

namespace tianmu::fleet {

std::unique_ptr<LocalTransport> LocalBus::Connect(std::string will_topic,
                                                  std::string will_payload) {
  std::unique_ptr<LocalTransport> client(
      new LocalTransport(this, std::move(will_topic), std::move(will_payload)));
  clients_.push_back(client.get());
  return client;
}

void LocalBus::Deliver(const std::string& topic, const std::string& payload, bool retain) {
  if (retain) retained_[topic] = payload;
  for (LocalTransport* c : clients_) {
    if (c->connected_) c->Offer(topic, payload);
  }
}

LocalTransport::LocalTransport(LocalBus* bus, std::string will_topic, std::string will_payload)
    : bus_(bus), will_topic_(std::move(will_topic)), will_payload_(std::move(will_payload)) {}

LocalTransport::~LocalTransport() {
  auto& clients = bus_->clients_;
  clients.erase(std::remove(clients.begin(), clients.end(), this), clients.end());
}

void LocalTransport::Publish(const std::string& topic, const std::string& payload, bool retain) {
  if (connected_) bus_->Deliver(topic, payload, retain);
}

void LocalTransport::Subscribe(const std::string& filter) {
  filters_.push_back(filter);
  for (const auto& [topic, payload] : bus_->retained_) {
    if (connected_ && TopicMatches(filter, topic)) inbox_.push_back({topic, payload});
  }
}

std::vector<BusMessage> LocalTransport::Poll() {
  std::vector<BusMessage> out;
  out.swap(inbox_);
  return out;
}

void LocalTransport::Offer(const std::string& topic, const std::string& payload) {
  for (const std::string& f : filters_) {
    if (TopicMatches(f, topic)) {
      inbox_.push_back({topic, payload});
      return;
    }
  }
}

void LocalTransport::SetConnected(bool connected) {
  if (connected_ == connected) return;
  connected_ = connected;
  if (!connected) {
    if (!will_topic_.empty()) bus_->Deliver(will_topic_, will_payload_, true);
    inbox_.clear();
  }
}

}  // namespace tianmu::fleet
