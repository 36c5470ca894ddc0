#include "tianmu/fleet/zone_reservations.h"

#include <algorithm>

#include "tianmu/core/error.h"

namespace tianmu::fleet {

ZoneReservations::ZoneReservations(FloorMap map, double clearance_m)
    : map_(std::move(map)), clearance_m_(clearance_m) {
  if (!(clearance_m_ > 0)) throw InputError("clearance_m must be positive");
}

bool ZoneReservations::Conflict(const Zone& a, const Zone& b) const {
  if (a == b) return true;
  const Eigen::Vector2d& a0 = map_.places.at(a.from).position_m;
  const Eigen::Vector2d& a1 = map_.places.at(a.to).position_m;
  const Eigen::Vector2d& b0 = map_.places.at(b.from).position_m;
  const Eigen::Vector2d& b1 = map_.places.at(b.to).position_m;
  return SegmentSegmentDistance(a0, a1, b0, b1) < clearance_m_;
}

bool ZoneReservations::TryReserve(const std::string& robot, const std::vector<Zone>& zones,
                                  std::string* blocker) {
  for (const Zone& wanted : zones) {
    for (const auto& [held, holder] : holders_) {
      if (holder != robot && Conflict(wanted, held)) {
        if (blocker != nullptr) *blocker = holder;
        return false;
      }
    }
  }
  for (const Zone& z : zones) holders_[z] = robot;
  return true;
}

void ZoneReservations::Release(const std::string& robot, const Zone& zone) {
  const auto it = holders_.find(zone);
  if (it != holders_.end() && it->second == robot) holders_.erase(it);
}

void ZoneReservations::ReleaseAllBut(const std::string& robot, const std::vector<Zone>& keep) {
  for (auto it = holders_.begin(); it != holders_.end();) {
    const bool kept = std::find(keep.begin(), keep.end(), it->first) != keep.end();
    it = (it->second == robot && !kept) ? holders_.erase(it) : std::next(it);
  }
}

std::vector<Zone> ZoneReservations::HeldBy(const std::string& robot) const {
  std::vector<Zone> out;
  for (const auto& [zone, holder] : holders_) {
    if (holder == robot) out.push_back(zone);
  }
  return out;
}

std::optional<std::string> ZoneReservations::Holder(const Zone& zone) const {
  const auto it = holders_.find(zone);
  if (it == holders_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<std::string, std::string>> ZoneReservations::Violations() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto a = holders_.begin(); a != holders_.end(); ++a) {
    for (auto b = std::next(a); b != holders_.end(); ++b) {
      if (a->second != b->second && Conflict(a->first, b->first)) {
        out.emplace_back(a->second, b->second);
      }
    }
  }
  return out;
}

std::string ZoneReservations::Describe(const Zone& zone) const {
  if (zone.is_place()) return "place " + map_.places.at(zone.from).name;
  return "lane " + map_.places.at(zone.from).name + "-" + map_.places.at(zone.to).name;
}

}  // namespace tianmu::fleet
