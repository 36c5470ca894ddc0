#include "tianmu/fleet/fleet_manager.h"

#include <algorithm>

#include "tianmu/core/error.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/instant_actions.h"
#include "tianmu/fleet/order.h"
#include "tianmu/fleet/topic.h"

namespace tianmu::fleet {

FleetManager::FleetManager(ManagerConfig config, Transport* transport)
    : config_(std::move(config)), transport_(transport), zones_(config_.map, config_.clearance_m) {
  transport_->Subscribe(TopicFilter(MessageKind::kState));
  transport_->Subscribe(TopicFilter(MessageKind::kConnection));
  transport_->Subscribe(TopicFilter(MessageKind::kFactsheet));
}

void FleetManager::AddRobot(const std::string& serial, int parking) {
  if (parking < 0 || parking >= static_cast<int>(config_.map.places.size())) {
    throw InputError("robot " + serial + ": parking place index out of range");
  }
  if (robots_.count(serial) != 0) throw InputError("robot " + serial + " added twice");
  RobotRecord r;
  r.serial = serial;
  r.parking = parking;
  r.place = parking;
  std::string blocker;
  if (!zones_.TryReserve(serial, {Zone::AtPlace(parking)}, &blocker)) {
    throw InputError("robot " + serial + ": parking " + config_.map.places[parking].name +
                     " is within the clearance of " + blocker + "'s");
  }
  robots_[serial] = std::move(r);
}

std::string FleetManager::AddOrder(TransportOrder order, double now_s) {
  if (order.id.empty() || orders_.count(order.id) != 0) {
    throw InputError("order id \"" + order.id + "\" is empty or already used");
  }
  if (order.stops.empty()) throw InputError("order " + order.id + ": no stops");
  for (const OrderStop& s : order.stops) {
    if (s.place < 0 || s.place >= static_cast<int>(config_.map.places.size())) {
      throw InputError("order " + order.id + ": stop place index out of range");
    }
    if (config_.map.places[s.place].kind == PlaceKind::kParking) {
      throw InputError("order " + order.id + ": stop " + config_.map.places[s.place].name +
                       " is a parking place");
    }
  }
  order.created_s = now_s;
  const std::string id = order.id;
  OrderRecord record;
  record.order = std::move(order);
  orders_[id] = std::move(record);
  pending_.push_back(id);
  AllocatePending(now_s);
  return id;
}

bool FleetManager::CancelOrder(const std::string& id, double now_s) {
  const auto it = orders_.find(id);
  if (it == orders_.end() || it->second.finished_s >= 0 || it->second.cancelled) return false;
  it->second.cancelled = true;
  it->second.finished_s = now_s;
  pending_.erase(std::remove(pending_.begin(), pending_.end(), id), pending_.end());
  for (auto& [serial, r] : robots_) {
    r.queue.erase(std::remove(r.queue.begin(), r.queue.end(), id), r.queue.end());
    if (r.active == id) {
      InstantActions cancel;
      cancel.header.header_id = NextHeader(serial + "/instantActions");
      cancel.header.timestamp = IsoTimestamp(config_.epoch_s + now_s);
      cancel.header.manufacturer = config_.manufacturer;
      cancel.header.serial_number = serial;
      cancel.actions.push_back({"cancelOrder", "cancel-" + id, BlockingType::kHard, {}});
      transport_->Publish(Topic(config_.manufacturer, serial, MessageKind::kInstantActions),
                          EncodeInstantActions(cancel).dump(), false);
      r.cancelling = true;
      r.active.clear();
    }
  }
  return true;
}

std::uint32_t FleetManager::NextHeader(const std::string& key) { return header_ids_[key]++; }

void FleetManager::Receive(const BusMessage& message, double now_s) {
  (void)now_s;
  const std::optional<TopicParts> topic = ParseTopic(message.topic);
  if (!topic) return;
  const auto it = robots_.find(topic->serial_number);
  if (it == robots_.end()) return;  // not one of ours
  RobotRecord& r = it->second;
  try {
    if (topic->kind == MessageKind::kState) {
      State s = DecodeStateText(message.payload);
      if (s.header.serial_number != r.serial) throw InputError("state from the wrong robot");
      r.state = std::move(s);
    } else if (topic->kind == MessageKind::kConnection) {
      r.online = DecodeConnection(ParsePayload(message.payload, "connection")).state ==
                 ConnectionState::kOnline;
    } else if (topic->kind == MessageKind::kFactsheet) {
      r.factsheet = DecodeFactsheet(ParsePayload(message.payload, "factsheet"));
    }
  } catch (const InputError&) {
    ++rejected_;
  }
}

std::vector<RobotAvailability> FleetManager::Availability(double now_s) const {
  (void)now_s;
  std::vector<RobotAvailability> out;
  for (const auto& [serial, r] : robots_) {
    RobotAvailability a;
    a.serial = serial;
    a.available = r.online && r.state && r.factsheet && !r.state->paused;
    if (r.state) {
      for (const RobotError& e : r.state->errors)
        a.available = a.available && e.error_level != "FATAL";
      a.battery_pct = r.state->battery_charge_pct;
    }
    if (r.factsheet) {
      a.speed_mps = r.factsheet->speed_max_mps;
      a.action_types.insert(r.factsheet->action_types.begin(), r.factsheet->action_types.end());
    }
    Eigen::Vector2d at = config_.map.places[r.place].position_m;
    double remaining_s = 0;
    if (!r.active.empty()) {
      const TransportOrder& active = orders_.at(r.active).order;
      TransportOrder rest;
      std::size_t k = 0;
      if (r.state && r.state->order_id == r.vda_order_id) k = r.state->last_node_sequence_id / 2;
      for (std::size_t i = std::max<std::size_t>(k, 1); i < r.path.size(); ++i) {
        rest.stops.push_back({r.path[i], r.actions[i], r.action_durations_s[i]});
      }
      remaining_s += OrderDuration(config_.map, rest, at, a.speed_mps, config_.policy);
      at = config_.map.places[active.stops.back().place].position_m;
    }
    for (const std::string& id : r.queue) {
      const TransportOrder& queued = orders_.at(id).order;
      remaining_s += OrderDuration(config_.map, queued, at, a.speed_mps, config_.policy);
      at = config_.map.places[queued.stops.back().place].position_m;
    }
    a.queue_remaining_s = remaining_s;
    a.queued_orders = static_cast<int>(r.queue.size());
    a.queue_end_position_m = at;
    out.push_back(std::move(a));
  }
  return out;
}

void FleetManager::AllocatePending(double now_s) {
  if (pending_.empty()) return;
  std::vector<std::string> still;
  for (const std::string& id : pending_) {
    const std::vector<RobotAvailability> robots = Availability(now_s);
    const Allocation a = Allocate(config_.map, orders_.at(id).order, robots, config_.policy);
    if (!a.robot) {
      still.push_back(id);
      continue;
    }
    RobotRecord& r = robots_.at(robots[*a.robot].serial);
    orders_.at(id).robot = r.serial;
    orders_.at(id).assigned_s = now_s;
    r.queue.push_back(id);
  }
  pending_ = std::move(still);
}

void FleetManager::StartNext(RobotRecord* r, double now_s) {
  r->path = {r->place};
  r->actions = {""};
  r->action_durations_s = {0};
  r->action_ids = {""};
  if (!r->queue.empty()) {
    r->active = r->queue.front();
    r->queue.pop_front();
    OrderRecord& record = orders_.at(r->active);
    record.started_s = now_s;
    for (const OrderStop& s : record.order.stops) {
      r->path.push_back(s.place);
      r->actions.push_back(s.action_type);
      r->action_durations_s.push_back(s.action_duration_s);
      r->action_ids.push_back(s.action_type.empty()
                                  ? ""
                                  : r->active + "-" + std::to_string(r->path.size() - 1) + "-" +
                                        s.action_type);
    }
  } else if (r->place != r->parking) {
    r->path.push_back(r->parking);  // nothing to do: clear the station, go home
    r->actions.push_back("");
    r->action_durations_s.push_back(0);
    r->action_ids.push_back("");
  } else {
    return;
  }
  r->vda_order_id = (r->active.empty() ? "home-" : r->active + "-") + std::to_string(++vda_orders_);
  r->update_id = 0;
  r->released = 0;
  r->blocked_since_s = -1;
  SendOrder(r, now_s, 0);
}

void FleetManager::SendOrder(RobotRecord* r, double now_s, std::size_t from) {
  Order order;
  order.header.header_id = NextHeader(r->serial + "/order");
  order.header.timestamp = IsoTimestamp(config_.epoch_s + now_s);
  order.header.manufacturer = config_.manufacturer;
  order.header.serial_number = r->serial;
  order.order_id = r->vda_order_id;
  order.order_update_id = r->update_id;
  for (std::size_t i = from; i < r->path.size(); ++i) {
    const Place& place = config_.map.places[r->path[i]];
    Node n;
    n.node_id = place.name;
    n.sequence_id = static_cast<std::uint32_t>(2 * i);
    n.released = i <= r->released;
    n.position = NodePosition{place.position_m.x(), place.position_m.y(), std::nullopt,
                              config_.allowed_deviation_m, "floor"};
    if (!r->actions[i].empty()) {
      n.actions.push_back({r->actions[i],
                           r->action_ids[i],
                           BlockingType::kHard,
                           {{"duration_s", r->action_durations_s[i]}}});
    }
    if (i > from) {
      const Place& prev = config_.map.places[r->path[i - 1]];
      Edge e;
      e.edge_id = prev.name + "-" + place.name;
      e.sequence_id = static_cast<std::uint32_t>(2 * i - 1);
      e.released = n.released;
      e.start_node_id = prev.name;
      e.end_node_id = place.name;
      order.edges.push_back(e);
    }
    order.nodes.push_back(std::move(n));
  }
  transport_->Publish(Topic(config_.manufacturer, r->serial, MessageKind::kOrder),
                      EncodeOrder(order).dump(), false);
  r->last_sent_s = now_s;
  r->last_from = from;
}

void FleetManager::Advance(RobotRecord* r, double now_s) {
  if (r->vda_order_id.empty()) {
    StartNext(r, now_s);
    return;
  }
  if (r->state && r->online && now_s - r->last_sent_s > config_.resend_after_s &&
      (r->state->order_id != r->vda_order_id || r->state->order_update_id < r->update_id)) {
    SendOrder(r, now_s, r->last_from);
  }
  if (!r->state || r->state->order_id != r->vda_order_id || !r->online) return;
  const State& s = *r->state;
  const std::size_t k = ReleaseBehind(r);
  bool actions_done = true;
  for (const ActionState& a : s.action_states) {
    actions_done =
        actions_done && (a.status == ActionStatus::kFinished || a.status == ActionStatus::kFailed);
  }
  const bool at_end = k + 1 == r->path.size() || (r->cancelling && s.node_states.empty());
  if (at_end && s.node_states.empty() && actions_done) {
    if (!r->active.empty()) orders_.at(r->active).finished_s = now_s;
    r->active.clear();
    r->vda_order_id.clear();
    r->cancelling = false;
    StartNext(r, now_s);
    return;
  }
  if (r->cancelling) return;
  if (r->released == k && k + 1 < r->path.size()) {
    const int next = r->path[k + 1];
    std::vector<Zone> want = {Zone::AtPlace(next)};
    if (next != r->path[k]) want.insert(want.begin(), Zone::Lane(r->path[k], next));
    std::string blocker;
    if (zones_.TryReserve(r->serial, want, &blocker)) {
      ++r->released;
      ++r->update_id;
      r->blocked_since_s = -1;
      r->blocker.clear();
      SendOrder(r, now_s, k);  // updates restate the order from the previous base end
      return;
    }
    if (r->blocked_since_s < 0) r->blocked_since_s = now_s;
    r->blocker = blocker;
    // Deadlock: blocked too long by a robot that is itself blocked. The robot whose serial is
    // larger than its blocker's (in any cycle of waits one such robot exists) detours: it walks
    // to a place it can reserve right now (its own parking first, then free stations, then free
    // parking places), which frees the place it holds; its order goes on from there.
    const auto b = robots_.find(blocker);
    const bool blocker_waits = b != robots_.end() && b->second.blocked_since_s >= 0;
    if (now_s - r->blocked_since_s > config_.deadlock_timeout_s && blocker_waits &&
        r->serial > blocker) {
      std::vector<int> candidates = {r->parking};
      for (PlaceKind kind : {PlaceKind::kStation, PlaceKind::kParking}) {
        for (int p = 0; p < static_cast<int>(config_.map.places.size()); ++p) {
          if (config_.map.places[p].kind == kind && p != r->parking) candidates.push_back(p);
        }
      }
      for (int via : candidates) {
        if (via == r->path[k] || via == next) continue;
        if (!zones_.TryReserve(r->serial, {Zone::Lane(r->path[k], via), Zone::AtPlace(via)})) {
          continue;
        }
        const auto at = static_cast<std::ptrdiff_t>(k + 1);
        r->path.insert(r->path.begin() + at, via);
        r->actions.insert(r->actions.begin() + at, "");
        r->action_durations_s.insert(r->action_durations_s.begin() + at, 0.0);
        r->action_ids.insert(r->action_ids.begin() + at, "");
        ++r->detours;
        ++r->released;
        r->blocked_since_s = -1;
        r->blocker.clear();
        ++r->update_id;
        SendOrder(r, now_s, k);
        break;
      }
    }
  }
}

std::size_t FleetManager::ReleaseBehind(RobotRecord* r) {
  if (r->vda_order_id.empty() || !r->state || r->state->order_id != r->vda_order_id) return 0;
  const std::size_t k =
      std::min<std::size_t>(r->state->last_node_sequence_id / 2, r->path.size() - 1);
  r->place = r->path[k];
  // Keep the place it stands at and what was released beyond it; give back the rest.
  std::vector<Zone> keep = {Zone::AtPlace(r->place)};
  for (std::size_t i = k + 1; i <= r->released && i < r->path.size(); ++i) {
    keep.push_back(Zone::Lane(r->path[i - 1], r->path[i]));
    keep.push_back(Zone::AtPlace(r->path[i]));
  }
  zones_.ReleaseAllBut(r->serial, keep);
  return k;
}

void FleetManager::Tick(double now_s) {
  const double dt_s = std::max(0.0, now_s - last_tick_s_);
  last_tick_s_ = now_s;
  for (const BusMessage& m : transport_->Poll()) Receive(m, now_s);
  AllocatePending(now_s);
  // The robot waiting longest reserves first: without this, a robot that keeps getting work at
  // a station could take the zones a waiting robot needs every time they come free (starvation).
  std::vector<RobotRecord*> order;
  for (auto& [serial, r] : robots_) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const RobotRecord* a, const RobotRecord* b) {
    const double wa = a->blocked_since_s < 0 ? 1e300 : a->blocked_since_s;
    const double wb = b->blocked_since_s < 0 ? 1e300 : b->blocked_since_s;
    return wa < wb;
  });
  // Zones behind every robot are given back before anyone reserves, so that a zone freed this
  // tick goes to the robot that waited longest.
  for (RobotRecord* r : order) ReleaseBehind(r);
  for (RobotRecord* r : order) {
    if (!r->active.empty()) r->busy_s += dt_s;
    Advance(r, now_s);
  }
}

}  // namespace tianmu::fleet
