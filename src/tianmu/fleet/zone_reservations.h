// Conflict-free movement by reservation: a robot may stand at a place or walk a straight lane
// between two places only while it holds that zone, and no two robots hold zones closer than the
// clearance (two footprint radii plus a margin). Reservations are all-or-nothing, so a robot
// reserves the lane and the next place together before it leaves the place it holds.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/fleet/floor_map.h"

namespace tianmu::fleet {

/// A zone: a place (from == to) or the lane between two places (unordered).
struct Zone {
  int from = 0;
  int to = 0;

  /// The place `place`.
  static Zone AtPlace(int place) { return {place, place}; }
  /// The lane between two places, the same zone either way round.
  static Zone Lane(int a, int b) { return {std::min(a, b), std::max(a, b)}; }
  bool is_place() const { return from == to; }
  bool operator<(const Zone& o) const { return from != o.from ? from < o.from : to < o.to; }
  bool operator==(const Zone& o) const { return from == o.from && to == o.to; }
};

/// The table of who holds which zone.
class ZoneReservations {
 public:
  /// Zones closer than `clearance_m` (point or segment distance) conflict.
  ZoneReservations(FloorMap map, double clearance_m);

  /// Reserves every zone of `zones` for `robot`, or none: fails when one conflicts with a zone
  /// another robot holds, and then names that robot in `blocker` (when not null).
  bool TryReserve(const std::string& robot, const std::vector<Zone>& zones,
                  std::string* blocker = nullptr);
  /// Gives `zone` back (no-op when `robot` does not hold it).
  void Release(const std::string& robot, const Zone& zone);
  /// Gives back everything `robot` holds except `keep`.
  void ReleaseAllBut(const std::string& robot, const std::vector<Zone>& keep);
  /// The zones `robot` holds.
  std::vector<Zone> HeldBy(const std::string& robot) const;
  /// The robot holding `zone`, or nullopt.
  std::optional<std::string> Holder(const Zone& zone) const;
  /// True when the zones conflict (closer than the clearance, or the same).
  bool Conflict(const Zone& a, const Zone& b) const;
  /// Pairs of different robots holding conflicting zones: empty unless the table is broken.
  std::vector<std::pair<std::string, std::string>> Violations() const;
  /// "place NAME" or "lane A-B".
  std::string Describe(const Zone& zone) const;
  const FloorMap& map() const { return map_; }
  double clearance_m() const { return clearance_m_; }

 private:
  FloorMap map_;
  double clearance_m_;
  std::map<Zone, std::string> holders_;
};

}  // namespace tianmu::fleet
