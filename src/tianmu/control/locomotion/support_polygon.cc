#include "tianmu/control/locomotion/support_polygon.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tianmu::control::locomotion {
namespace {

using Points = std::array<Eigen::Vector2d, SupportPolygon::kMaxVertices>;

double Cross(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

// The four corners (counter-clockwise) of a foot's shrunk sole rectangle, written at `out`.
void Corners(const FootPose& foot, double length_m, double width_m, double margin_m,
             Eigen::Vector2d* out) {
  // A margin larger than the sole leaves a point: the sole centre.
  const double hl = std::max(0.5 * length_m - margin_m, 0.0);
  const double hw = std::max(0.5 * width_m - margin_m, 0.0);
  const Eigen::Matrix2d r = Rotation2d(foot.yaw_rad);
  const Eigen::Vector2d c = foot.position_m.head<2>();
  out[0] = c + r * Eigen::Vector2d(hl, hw);
  out[1] = c + r * Eigen::Vector2d(-hl, hw);
  out[2] = c + r * Eigen::Vector2d(-hl, -hw);
  out[3] = c + r * Eigen::Vector2d(hl, -hw);
}

// Closest point to `p` on segment [a, b].
Eigen::Vector2d ClosestOnSegment(const Eigen::Vector2d& p, const Eigen::Vector2d& a,
                                 const Eigen::Vector2d& b) {
  const Eigen::Vector2d ab = b - a;
  const double len2 = ab.squaredNorm();
  if (len2 <= 0) return a;
  const double s = std::clamp((p - a).dot(ab) / len2, 0.0, 1.0);
  return a + s * ab;
}

}  // namespace

SupportPolygon SupportPolygon::FromFoot(const FootPose& foot, double length_m, double width_m,
                                        double margin_m) {
  Points points;
  Corners(foot, length_m, width_m, margin_m, points.data());
  SupportPolygon polygon;
  polygon.SetHull(points, 4);
  return polygon;
}

SupportPolygon SupportPolygon::FromFeet(const FootPose& left, const FootPose& right,
                                        double length_m, double width_m, double margin_m) {
  Points points;
  Corners(left, length_m, width_m, margin_m, points.data());
  Corners(right, length_m, width_m, margin_m, points.data() + 4);
  SupportPolygon polygon;
  polygon.SetHull(points, 8);
  return polygon;
}

void SupportPolygon::SetHull(Points points, int count) {
  std::sort(points.begin(), points.begin() + count,
            [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
              return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
            });
  // Monotone chain: lower hull then upper hull; needs up to 2n slots, so build in a local array.
  std::array<Eigen::Vector2d, 2 * kMaxVertices> hull;
  int k = 0;
  constexpr double kEps = 1e-12;
  for (int i = 0; i < count; ++i) {
    while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) <= kEps) --k;
    hull[k++] = points[i];
  }
  for (int i = count - 2, lower = k + 1; i >= 0; --i) {
    while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= kEps) --k;
    hull[k++] = points[i];
  }
  size_ = std::max(1, std::min(k - 1, static_cast<int>(kMaxVertices)));
  if (count == 1 || k <= 1) size_ = 1;
  for (int i = 0; i < size_; ++i) vertices_[i] = hull[i];
}

double SupportPolygon::SignedDistance(const Eigen::Vector2d& point) const {
  if (size_ == 1) return (point - vertices_[0]).norm();
  if (size_ == 2) return (point - ClosestOnSegment(point, vertices_[0], vertices_[1])).norm();
  // Inside: the largest (least negative) signed distance to the edge lines. Outside: the
  // distance to the closest boundary point.
  bool inside = true;
  double max_edge = -std::numeric_limits<double>::infinity();
  double min_distance = std::numeric_limits<double>::infinity();
  for (int i = 0; i < size_; ++i) {
    const Eigen::Vector2d& a = vertices_[i];
    const Eigen::Vector2d& b = vertices_[(i + 1) % size_];
    const Eigen::Vector2d edge = b - a;
    const double len = edge.norm();
    const double outward = -Cross(a, b, point) / len;  // > 0 on the right of a->b = outside
    if (outward > 0) inside = false;
    max_edge = std::max(max_edge, outward);
    min_distance = std::min(min_distance, (point - ClosestOnSegment(point, a, b)).norm());
  }
  return inside ? max_edge : min_distance;
}

Eigen::Vector2d SupportPolygon::Clip(const Eigen::Vector2d& point) const {
  if (size_ == 1) return vertices_[0];
  if (size_ == 2) return ClosestOnSegment(point, vertices_[0], vertices_[1]);
  bool inside = true;
  for (int i = 0; i < size_; ++i) {
    if (Cross(vertices_[i], vertices_[(i + 1) % size_], point) < 0) {
      inside = false;
      break;
    }
  }
  if (inside) return point;
  Eigen::Vector2d best = vertices_[0];
  double best_distance = std::numeric_limits<double>::infinity();
  for (int i = 0; i < size_; ++i) {
    const Eigen::Vector2d q = ClosestOnSegment(point, vertices_[i], vertices_[(i + 1) % size_]);
    const double distance = (point - q).squaredNorm();
    if (distance < best_distance) {
      best_distance = distance;
      best = q;
    }
  }
  return best;
}

Eigen::Vector2d SupportPolygon::Centroid() const {
  Eigen::Vector2d sum = Eigen::Vector2d::Zero();
  for (int i = 0; i < size_; ++i) sum += vertices_[i];
  return size_ > 0 ? Eigen::Vector2d(sum / size_) : sum;
}

}  // namespace tianmu::control::locomotion
