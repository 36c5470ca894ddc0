#include "tianmu/fleet/sim/fleet_simulation.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "tianmu/core/error.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/local_bus.h"
#include "tianmu/fleet/mqtt_transport.h"
#include "tianmu/fleet/robot_agent.h"
#include "tianmu/fleet/sim/handling_floor.h"
#include "tianmu/fleet/sim/simulated_robot.h"
#include "tianmu/fleet/topic.h"

namespace tianmu::fleet {
namespace {

constexpr int kAgentEveryTicks = 100;     ///< agents and manager at 10 Hz
constexpr int kClearanceEveryTicks = 20;  ///< clearance sampled at 50 Hz
constexpr const char* kManufacturer = "tianmu";

struct Broker {
  std::string host;
  int port = 0;
};

Broker ParseBroker(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  const std::string expected = "HOST:PORT with PORT in 1..65535 (got \"" + text + "\")";
  if (colon == std::string::npos || colon == 0) throw InputError("", 0, "--broker", expected);
  Broker b;
  b.host = text.substr(0, colon);
  try {
    std::size_t used = 0;
    b.port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw InputError("", 0, "--broker", expected);
  }
  if (b.port < 1 || b.port > 65535) throw InputError("", 0, "--broker", expected);
  return b;
}

}  // namespace

nlohmann::json FleetSimResult::ToJson() const {
  return {{"robots", robots},
          {"duration_s", duration_s},
          {"transport", transport},
          {"orders_created", orders_created},
          {"orders_started", orders_started},
          {"orders_completed", orders_completed},
          {"orders_per_hour", orders_per_hour},
          {"mean_wait_s", mean_wait_s},
          {"mean_cycle_s", mean_cycle_s},
          {"utilisation", utilisation},
          {"collisions", collisions},
          {"min_clearance_m", min_clearance_m},
          {"footprint_radius_m", footprint_radius_m},
          {"falls", falls},
          {"deadman_stops", deadman_stops},
          {"detours", detours},
          {"rejected_messages", rejected_messages},
          {"wall_time_s", wall_time_s},
          {"per_robot", robot_stats}};
}

FleetSimResult RunFleetSimulation(const model::RobotSpec& spec, const FleetSimOptions& options,
                                  const FleetProgressFn& progress) {
  if (options.robots < 1 || options.robots > kHandlingMaxRobots) {
    throw InputError("", 0, "--robots",
                     "1.." + std::to_string(kHandlingMaxRobots) + " (got " +
                         std::to_string(options.robots) + ")");
  }
  if (options.orders.empty()) throw InputError("", 0, "--orders", "at least one order");
  if (!(options.duration_s > 0)) throw InputError("", 0, "--duration", "a positive time (s)");
  const FloorMap floor = HandlingFloor();
  std::optional<Broker> broker;
  if (!options.broker.empty()) broker = ParseBroker(options.broker);

  // Robots at the parking places, facing the middle of the stations.
  std::vector<std::unique_ptr<SimulatedRobot>> robots;
  std::vector<std::string> serials;
  const Eigen::Vector2d middle(2.0, 1.5);
  for (int i = 0; i < options.robots; ++i) {
    const Place& park = floor.places[*floor.Find("park_" + std::to_string(i + 1))];
    sim::WorldOptions world;
    world.seed = options.seed * 1000 + static_cast<std::uint64_t>(i);
    world.sensor_noise = options.sensor_noise;
    const Eigen::Vector2d to_middle = middle - park.position_m;
    robots.push_back(std::make_unique<SimulatedRobot>(
        spec, options.scene, world,
        FloorPose{park.position_m, std::atan2(to_middle.y(), to_middle.x())}));
    serials.push_back(spec.name + "-" + std::to_string(i + 1));
  }
  const double footprint_m = robots.front()->footprint_radius_m();

  // Transports: one per robot and one for the manager.
  LocalBus bus;
  std::vector<std::unique_ptr<Transport>> links;
  auto connect = [&](const std::string& client, const std::string& will_topic,
                     const std::string& will_payload) -> std::unique_ptr<Transport> {
    if (!broker) return bus.Connect(will_topic, will_payload);
    MqttOptions mqtt;
    mqtt.host = broker->host;
    mqtt.port = broker->port;
    mqtt.client_id = client + "-" + std::to_string(getpid());
    mqtt.will_topic = will_topic;
    mqtt.will_payload = will_payload;
    auto link = std::make_unique<MqttTransport>(mqtt);
    if (!link->WaitConnected(10)) {
      throw RuntimeError("no MQTT broker answered at " + options.broker + " within 10 s");
    }
    return link;
  };
  std::unique_ptr<Transport> manager_link = connect("tianmu-fleet-manager", "", "");
  ManagerConfig config;
  config.manufacturer = kManufacturer;
  config.map = floor;
  config.clearance_m = 2 * footprint_m + options.clearance_margin_m;
  config.allowed_deviation_m = 0.25;
  FleetManager manager(config, manager_link.get());
  std::vector<std::unique_ptr<RobotAgent>> agents;
  for (int i = 0; i < options.robots; ++i) {
    manager.AddRobot(serials[i], *floor.Find("park_" + std::to_string(i + 1)));
    const Connection will{
        {0, IsoTimestamp(config.epoch_s), kProtocolVersion, kManufacturer, serials[i]},
        ConnectionState::kConnectionBroken};
    links.push_back(connect("tianmu-" + serials[i],
                            Topic(kManufacturer, serials[i], MessageKind::kConnection),
                            EncodeConnection(will).dump()));
    AgentConfig agent;
    agent.manufacturer = kManufacturer;
    agent.serial_number = serials[i];
    agent.factsheet.series_name = spec.name;
    agent.factsheet.speed_max_mps = options.walk_speed_mps;
    agent.factsheet.width_m = 2 * footprint_m;
    agent.factsheet.length_m = 2 * footprint_m;
    agent.factsheet.action_types = {"pick", "drop"};
    agents.push_back(std::make_unique<RobotAgent>(agent, links.back().get()));
  }

  FleetSimResult result;
  result.robots = options.robots;
  result.footprint_radius_m = footprint_m;
  result.transport = broker ? "mqtt " + options.broker : "local";
  result.min_clearance_m = 1e9;
  std::vector<std::vector<bool>> touching(options.robots, std::vector<bool>(options.robots));
  std::vector<bool> fell(options.robots, false);
  std::size_t next_order = 0;
  const auto wall_start = std::chrono::steady_clock::now();
  const auto ticks = static_cast<long long>(std::llround(options.duration_s / 0.001));
  double next_progress = 0.1;
  if (progress) progress(0.0);
  for (long long k = 1; k <= ticks; ++k) {
    for (auto& r : robots) r->Tick();
    const double now_s = robots.front()->time_s();
    if (k % kClearanceEveryTicks == 0 && options.robots > 1) {
      std::vector<Eigen::Vector2d> at;
      for (auto& r : robots) at.push_back(r->TrueBasePosition_m());
      for (int i = 0; i < options.robots; ++i) {
        for (int j = i + 1; j < options.robots; ++j) {
          const double d = (at[i] - at[j]).norm();
          result.min_clearance_m = std::min(result.min_clearance_m, d);
          const bool close = d < 2 * footprint_m;
          if (close && !touching[i][j]) ++result.collisions;
          touching[i][j] = close;
        }
      }
    }
    if (k % kAgentEveryTicks == 0) {
      while (next_order < options.orders.size() &&
             options.orders[next_order].created_s <= now_s + 1e-9) {
        manager.AddOrder(options.orders[next_order], now_s);
        ++next_order;
      }
      for (int i = 0; i < options.robots; ++i) {
        robots[i]->Execute(agents[i]->Tick(now_s, robots[i]->Reading()));
        if (robots[i]->fallen() && !fell[i]) {
          fell[i] = true;
          ++result.falls;
        }
      }
      manager.Tick(now_s);
      if (options.trace && k % std::llround(options.trace_period_s * 1000) == 0) {
        for (int i = 0; i < options.robots; ++i) {
          const State& st = agents[i]->state();
          const BodyReading body = robots[i]->Reading();
          char line[256];
          std::snprintf(line, sizeof(line),
                        "t=%6.1f %s at (%5.2f, %5.2f) %s order=%s node=%s next=%zu%s%s", now_s,
                        serials[i].c_str(), body.position_m.x(), body.position_m.y(),
                        st.driving ? "driving" : "standing", st.order_id.c_str(),
                        st.last_node_id.c_str(), st.node_states.size(), st.paused ? " paused" : "",
                        manager.robots().at(serials[i]).blocker.empty()
                            ? ""
                            : (" waiting for " + manager.robots().at(serials[i]).blocker).c_str());
          options.trace(line);
        }
      }
    }
    if (progress && static_cast<double>(k) >= next_progress * static_cast<double>(ticks)) {
      progress(static_cast<double>(k) / static_cast<double>(ticks));
      next_progress += 0.1;
    }
  }
  result.duration_s = robots.front()->time_s();
  result.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (options.robots == 1) result.min_clearance_m = 0;  // no pair to measure
  double wait_sum = 0, cycle_sum = 0;
  for (const auto& [id, o] : manager.orders()) {
    ++result.orders_created;
    if (o.started_s >= 0) {
      ++result.orders_started;
      wait_sum += o.started_s - o.order.created_s;
    }
    if (o.finished_s >= 0 && !o.cancelled) {
      ++result.orders_completed;
      cycle_sum += o.finished_s - o.started_s;
    }
  }
  result.mean_wait_s = result.orders_started > 0 ? wait_sum / result.orders_started : 0;
  result.mean_cycle_s = result.orders_completed > 0 ? cycle_sum / result.orders_completed : 0;
  result.orders_per_hour = result.orders_completed * 3600.0 / result.duration_s;
  double busy_sum = 0;
  for (int i = 0; i < options.robots; ++i) {
    const RobotRecord& r = manager.robots().at(serials[i]);
    busy_sum += r.busy_s;
    result.detours += r.detours;
    result.deadman_stops += agents[i]->deadman_stops();
    int completed = 0;
    for (const auto& [id, o] : manager.orders()) {
      completed += o.robot == serials[i] && o.finished_s >= 0 && !o.cancelled;
    }
    result.robot_stats.push_back({{"serial", serials[i]},
                                  {"orders_completed", completed},
                                  {"busy_s", r.busy_s},
                                  {"detours", r.detours},
                                  {"fell", static_cast<bool>(fell[i])}});
  }
  result.utilisation = busy_sum / (options.robots * result.duration_s);
  result.rejected_messages = manager.rejected_messages();
  return result;
}

}  // namespace tianmu::fleet
