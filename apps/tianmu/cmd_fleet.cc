// tianmu fleet: several simulated robots on one floor under the fleet manager (VDA 5050-shaped
// messages over the in-process bus or an MQTT broker), running the handling scenario's orders;
// tianmu bench fleet: its throughput, waiting, utilisation and clearance for 1, 2 and 4 robots.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/fleet/sim/fleet_simulation.h"
#include "tianmu/fleet/sim/handling_floor.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/scene.h"

namespace tianmu::cli {
namespace {

std::vector<FlagSpec> CommonFlags(const std::string& duration_default,
                                  const std::string& orders_default,
                                  const std::string& interval_default) {
  return {
      Option("robot", "NAME|PATH", "the robot: a name from `tianmu robots` or a robot.yaml path")
          .Default("tm1")
          .Kind(ValueKind::kRobot),
      Option("scene", "NAME|PATH", "the floor's world: flat, rough, slope, steps or an MJCF")
          .Default("flat"),
      Option("duration", "T", "simulated time of a run")
          .Unit("s")
          .Default(duration_default)
          .Range(1, 86400),
      Option("orders", "N", "handling orders (random pick station → random drop station)")
          .Default(orders_default)
          .Range(1, 10000),
      Option("interval", "T", "time between two orders' creation")
          .Unit("s")
          .Default(interval_default)
          .Range(0, 3600),
      Option("speed", "V", "walking speed the robots are told to use")
          .Unit("m/s")
          .Default("0.45")
          .Range(0.1, 0.6),
      Option("seed", "N", "seed of the order list and of the robots' sensor noise").Default("1"),
      Option("mix", "KIND",
             "orders: mixed (any pick station to any drop station, lanes cross) or aisles "
             "(pick_a to drop_a, pick_b to drop_b)")
          .Choices({"mixed", "aisles"})
          .Default("mixed"),
      Switch("json", "print the figures as JSON on stdout"),
      Switch("trace", "print each robot's pose, order and last node every 5 s on stderr")};
}

fleet::FleetSimOptions OptionsFromFlags(const Flags& flags) {
  fleet::FleetSimOptions o;
  o.duration_s = flags.Number("duration");
  o.seed = flags.Unsigned("seed");
  o.walk_speed_mps = flags.Number("speed");
  o.scene_name = flags.String("scene", "flat");
  o.scene = sim::ResolveScene(o.scene_name);
  if (flags.Has("trace")) {
    o.trace = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  }
  const std::string mix = flags.String("mix", "mixed");
  if (mix != "mixed" && mix != "aisles") {
    throw InputError("", 0, "--mix", "mixed or aisles (got \"" + mix + "\")");
  }
  const int count = static_cast<int>(flags.Number("orders"));
  o.orders =
      mix == "aisles"
          ? fleet::AisleOrders(fleet::HandlingFloor(), count, flags.Number("interval"), o.seed)
          : fleet::HandlingOrders(fleet::HandlingFloor(), count, flags.Number("interval"), o.seed);
  return o;
}

void PrintHuman(const fleet::FleetSimResult& r) {
  std::fprintf(stderr,
               "%d robot(s), %.0f s (%s): %d/%d orders done, %.1f orders/h, mean wait %.1f s, "
               "mean cycle %.1f s, utilisation %.0f %%, min clearance %.2f m (footprint radius "
               "%.2f m), collisions %d, falls %d, detours %d, wall %.0f s\n",
               r.robots, r.duration_s, r.transport.c_str(), r.orders_completed, r.orders_created,
               r.orders_per_hour, r.mean_wait_s, r.mean_cycle_s, 100 * r.utilisation,
               r.min_clearance_m, r.footprint_radius_m, r.collisions, r.falls, r.detours,
               r.wall_time_s);
}

fleet::FleetProgressFn Progress(int robots) {
  return [robots](double fraction) {
    if (fraction > 0) std::fprintf(stderr, "[%3.0f%%] fleet of %d\n", 100 * fraction, robots);
  };
}

int RunFleet(const Args& args) {
  std::vector<FlagSpec> specs = CommonFlags("120", "6", "10");
  specs.push_back(Option("robots", "N", "robots on the floor").Default("2").Range(1, 4));
  specs.push_back(Option("broker", "HOST:PORT",
                         "an MQTT broker to talk through (default: the in-process bus)"));
  const Flags flags(args, specs);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  fleet::FleetSimOptions o = OptionsFromFlags(flags);
  o.robots = static_cast<int>(flags.Number("robots"));
  o.broker = flags.String("broker", "");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  const fleet::FleetSimResult r = fleet::RunFleetSimulation(spec, o, Progress(o.robots));
  PrintHuman(r);
  if (flags.Has("json")) std::printf("%s\n", r.ToJson().dump(2).c_str());
  return r.collisions == 0 && r.falls == 0 ? 0 : 1;
}

std::vector<int> RobotCounts(const std::string& text) {
  std::vector<int> counts;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    int n = 0;
    try {
      n = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || n < 1 || n > fleet::kHandlingMaxRobots) {
      throw InputError("", 0, "--robots",
                       "a comma-separated list of robot counts in 1..4 (got \"" + text + "\")");
    }
    counts.push_back(n);
  }
  if (counts.empty()) throw InputError("", 0, "--robots", "at least one robot count");
  return counts;
}

int BenchFleet(const Args& args) {
  std::vector<FlagSpec> specs = CommonFlags("120", "16", "6");
  specs.push_back(
      Option("robots", "LIST", "robot counts to run, comma-separated").Default("1,2,4"));
  const Flags flags(args, specs);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  const std::vector<int> counts = RobotCounts(flags.String("robots", "1,2,4"));
  const fleet::FleetSimOptions base = OptionsFromFlags(flags);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot", "tm1"));
  nlohmann::json runs = nlohmann::json::array();
  int collisions = 0;
  for (int n : counts) {
    fleet::FleetSimOptions o = base;
    o.robots = n;
    const fleet::FleetSimResult r = fleet::RunFleetSimulation(spec, o, Progress(n));
    PrintHuman(r);
    collisions += r.collisions;
    runs.push_back(r.ToJson());
  }
  if (flags.Has("json")) {
    const nlohmann::json out = {{"bench", "fleet"},
                                {"robot", spec.name},
                                {"scenario", "handling"},
                                {"mix", flags.String("mix", "mixed")},
                                {"seed", base.seed},
                                {"duration_s", base.duration_s},
                                {"orders", base.orders.size()},
                                {"runs", runs}};
    std::printf("%s\n", out.dump(2).c_str());
  }
  return collisions == 0 ? 0 : 1;
}

}  // namespace

CommandSpec FleetCommand() {
  std::vector<FlagSpec> specs = CommonFlags("120", "6", "10");
  specs.push_back(Option("robots", "N", "robots on the floor").Default("2").Range(1, 4));
  specs.push_back(Option("broker", "HOST:PORT",
                         "an MQTT broker to talk through (default: the in-process bus)"));
  return {.name = "fleet",
          .purpose =
              "several simulated robots under the fleet manager (VDA 5050-style messages, "
              "in process or over MQTT) running handling orders",
          .flags = specs,
          .examples = {"tianmu fleet --robots 2 --orders 4 --duration 90",
                       "tianmu fleet --robots 2 --broker 127.0.0.1:1883 --json"},
          .run = RunFleet};
}

CommandSpec BenchFleetCommand() {
  std::vector<FlagSpec> specs = CommonFlags("120", "16", "6");
  specs.push_back(
      Option("robots", "LIST", "robot counts to run, comma-separated").Default("1,2,4"));
  return {.name = "fleet",
          .purpose =
              "fleet throughput (orders/h), mean wait, utilisation, collisions and minimum "
              "clearance for 1, 2 and 4 robots on the handling floor",
          .flags = specs,
          .examples = {"tianmu bench fleet --robots 1,2,4 --json"},
          .run = BenchFleet};
}

}  // namespace tianmu::cli
