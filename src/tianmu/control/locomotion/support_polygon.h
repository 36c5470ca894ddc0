// SupportPolygon: the convex region where the CoP can be, i.e. the hull of the loaded soles
// (rectangles around the sole sites, shrunk by a margin). Fixed capacity, no allocation.
#pragma once

#include <Eigen/Dense>
#include <array>

#include "tianmu/control/locomotion/footstep.h"

namespace tianmu::control::locomotion {

/// A convex polygon in the ground plane (world x, y; m), vertices counter-clockwise.
class SupportPolygon {
 public:
  static constexpr int kMaxVertices = 8;

  /// The sole rectangle (`length_m` x `width_m`, centred on the sole site) of one foot,
  /// shrunk by `margin_m` on every side.
  static SupportPolygon FromFoot(const FootPose& foot, double length_m, double width_m,
                                 double margin_m);
  /// The convex hull of both soles, each shrunk by `margin_m`.
  static SupportPolygon FromFeet(const FootPose& left, const FootPose& right, double length_m,
                                 double width_m, double margin_m);

  int size() const { return size_; }
  const Eigen::Vector2d& vertex(int i) const { return vertices_[i]; }
  /// Signed distance of `point` to the boundary: negative inside, positive outside.
  double SignedDistance(const Eigen::Vector2d& point) const;
  bool Contains(const Eigen::Vector2d& point) const { return SignedDistance(point) <= 0; }
  /// The closest point of the polygon to `point` (itself when inside).
  Eigen::Vector2d Clip(const Eigen::Vector2d& point) const;
  /// Mean of the vertices.
  Eigen::Vector2d Centroid() const;

 private:
  // Convex hull of `points` (Andrew's monotone chain) into this polygon.
  void SetHull(std::array<Eigen::Vector2d, kMaxVertices> points, int count);
  std::array<Eigen::Vector2d, kMaxVertices> vertices_{};
  int size_ = 0;
};

}  // namespace tianmu::control::locomotion
