// The shared floor: named places (stations where work happens, parking spots where robots wait)
// in one floor frame, and the geometry of going straight from one place to another.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::fleet {

/// What a place is for.
enum class PlaceKind { kStation, kParking };

/// A place on the floor.
struct Place {
  std::string name;                                      ///< node id in orders ("pick_a")
  Eigen::Vector2d position_m = Eigen::Vector2d::Zero();  ///< floor frame
  PlaceKind kind = PlaceKind::kStation;
};

/// The floor's places; robots travel in straight lines between them.
struct FloorMap {
  std::vector<Place> places;

  /// The index of the place called `name`, or nullopt.
  std::optional<int> Find(const std::string& name) const;
  /// Straight-line distance between two places (m).
  double Distance(int from, int to) const;
};

/// Distance from point `p` to the segment a–b (m).
double PointSegmentDistance(const Eigen::Vector2d& p, const Eigen::Vector2d& a,
                            const Eigen::Vector2d& b);

/// Smallest distance between segments a–b and c–d (m); 0 when they cross.
double SegmentSegmentDistance(const Eigen::Vector2d& a, const Eigen::Vector2d& b,
                              const Eigen::Vector2d& c, const Eigen::Vector2d& d);

}  // namespace tianmu::fleet
