// The master control: keeps a queue of transport orders, gives each to the robot that finishes it
// soonest (task_allocation.h), sends it as a VDA 5050 order whose nodes are released one at a time
// as their zones are reserved (zone_reservations.h), sends idle robots back to their parking
// place, and breaks reservation deadlocks with a detour through the waiting robot's parking.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/fleet/factsheet.h"
#include "tianmu/fleet/state.h"
#include "tianmu/fleet/task_allocation.h"
#include "tianmu/fleet/transport.h"
#include "tianmu/fleet/zone_reservations.h"

namespace tianmu::fleet {

/// Settings of the manager.
struct ManagerConfig {
  std::string manufacturer = "tianmu";
  FloorMap map;
  double clearance_m = 1.2;  ///< zones closer than this conflict (2 footprint radii + margin)
  AllocationPolicy policy;
  double deadlock_timeout_s = 10;     ///< a robot blocked this long by a blocked robot detours
  double allowed_deviation_m = 0.25;  ///< nodePosition.allowedDeviationXY of the nodes sent
  double epoch_s = 1796688000.0;      ///< timestamps: seconds since 1970 at fleet time 0
  /// An order (update) the robot's state does not show after this long is sent again (messages
  /// published while the broker was down are lost).
  double resend_after_s = 2.0;
};

/// The record of one transport order.
struct OrderRecord {
  TransportOrder order;
  std::string robot;       ///< who got it, "" while unassigned
  double assigned_s = -1;  ///< when allocation chose the robot
  double started_s = -1;   ///< when it was sent to the robot (its queue reached it)
  double finished_s = -1;  ///< when the robot reported its last node and actions done
  bool cancelled = false;
};

/// What the manager knows about one robot.
struct RobotRecord {
  std::string serial;
  int parking = 0;  ///< its home place
  int place = 0;    ///< the place it last reached (and holds)
  bool online = false;
  std::optional<State> state;
  std::optional<Factsheet> factsheet;
  std::deque<std::string> queue;  ///< order ids allocated to it, not yet started
  std::string active;             ///< the transport order it executes, "" if none
  std::string vda_order_id;       ///< the VDA order it was sent ("" none)
  std::uint32_t update_id = 0;
  std::vector<int> path;             ///< places of the VDA order's nodes
  std::vector<std::string> actions;  ///< action type at each node ("" none)
  std::vector<double> action_durations_s;
  std::vector<std::string> action_ids;  ///< stable over detours ("" none)
  std::size_t released = 0;             ///< index of the last released node
  double blocked_since_s = -1;          ///< waiting for a reservation since then, -1 not waiting
  std::string blocker;                  ///< who holds what it waits for
  double busy_s = 0;                    ///< time spent executing transport orders
  int detours = 0;
  double last_sent_s = -1e9;  ///< when its order (update) was last published
  std::size_t last_from = 0;  ///< the node that order was restated from
  bool cancelling = false;    ///< a cancelOrder was sent for its VDA order
};

/// The master control.
class FleetManager {
 public:
  /// Subscribes to every robot's state, connection and factsheet topics on `transport`.
  FleetManager(ManagerConfig config, Transport* transport);

  /// Registers a robot whose home is place `parking` (where it starts, and which it holds).
  void AddRobot(const std::string& serial, int parking);
  /// Queues a transport order (stops must name places of the map); returns its id.
  /// InputError for an empty or bad stop list or a repeated id.
  std::string AddOrder(TransportOrder order, double now_s);
  /// Cancels a queued or running order; false when unknown or finished.
  bool CancelOrder(const std::string& id, double now_s);
  /// Reads messages, allocates, releases nodes, detects finished orders and deadlocks.
  void Tick(double now_s);

  const std::map<std::string, OrderRecord>& orders() const { return orders_; }
  const std::map<std::string, RobotRecord>& robots() const { return robots_; }
  const ZoneReservations& reservations() const { return zones_; }
  /// Payloads that failed validation (ignored, counted).
  int rejected_messages() const { return rejected_; }

 private:
  void Receive(const BusMessage& message, double now_s);
  void AllocatePending(double now_s);
  void StartNext(RobotRecord* robot, double now_s);
  /// Publishes the robot's order (or update) restated from node index `from`.
  void SendOrder(RobotRecord* robot, double now_s, std::size_t from);
  void Advance(RobotRecord* robot, double now_s);
  /// Gives back the zones behind the robot's last reached node; returns that node's index.
  std::size_t ReleaseBehind(RobotRecord* robot);
  std::vector<RobotAvailability> Availability(double now_s) const;
  std::uint32_t NextHeader(const std::string& serial);

  ManagerConfig config_;
  Transport* transport_;
  ZoneReservations zones_;
  std::map<std::string, RobotRecord> robots_;
  std::map<std::string, OrderRecord> orders_;
  std::vector<std::string> pending_;  ///< not yet allocated, in arrival order
  std::map<std::string, std::uint32_t> header_ids_;
  int rejected_ = 0;
  int vda_orders_ = 0;
  double last_tick_s_ = 0;
};

}  // namespace tianmu::fleet
