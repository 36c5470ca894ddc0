#include "tianmu/perception/primitive_fit.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tianmu::perception {
namespace {

using knowledge::ObjectRecord;
using knowledge::ShapeType;

// Distance from q (object frame, centred) to the surface of a solid box of half extents h.
double BoxSurfaceDistance(const Eigen::Vector3d& q, const Eigen::Vector3d& h) {
  const Eigen::Vector3d d = q.cwiseAbs() - h;
  const double outside = d.cwiseMax(0.0).norm();
  return outside > 0 ? outside : -d.maxCoeff();
}

// Distance from q (object frame) to the surface of a solid upright cylinder.
double CylinderSurfaceDistance(const Eigen::Vector3d& q, double radius, double half_height) {
  const double dr = q.head<2>().norm() - radius;
  const double dz = std::abs(q.z()) - half_height;
  const double outside = std::hypot(std::max(dr, 0.0), std::max(dz, 0.0));
  return outside > 0 ? outside : -std::max(dr, dz);
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  const std::size_t k = static_cast<std::size_t>(q * (v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

// Circle of known radius through the points' xy (seen from `eye`): Gauss-Newton from a start
// behind the centroid, as the visible arc faces the camera.
Eigen::Vector2d FitCircle(const std::vector<Eigen::Vector3d>& pts, double radius,
                          const Eigen::Vector2d& eye) {
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (const auto& p : pts) mean += p.head<2>();
  mean /= static_cast<double>(pts.size());
  Eigen::Vector2d c = mean + 0.5 * radius * (mean - eye).normalized();
  for (int it = 0; it < 20; ++it) {
    Eigen::Matrix2d JtJ = Eigen::Matrix2d::Zero();
    Eigen::Vector2d Jtr = Eigen::Vector2d::Zero();
    for (const auto& p : pts) {
      const Eigen::Vector2d d = p.head<2>() - c;
      const double n = d.norm();
      if (n < 1e-9) continue;
      const Eigen::Vector2d J = -d / n;  // d(|p - c| - r)/dc
      JtJ += J * J.transpose();
      Jtr += J * (n - radius);
    }
    const Eigen::Vector2d step = JtJ.ldlt().solve(-Jtr);
    c += step;
    if (step.norm() < 1e-6) break;
  }
  return c;
}

Eigen::Vector3d FitSphere(const std::vector<Eigen::Vector3d>& pts, double radius,
                          const Eigen::Vector3d& eye) {
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (const auto& p : pts) mean += p;
  mean /= static_cast<double>(pts.size());
  Eigen::Vector3d c = mean + 0.5 * radius * (mean - eye).normalized();
  for (int it = 0; it < 20; ++it) {
    Eigen::Matrix3d JtJ = Eigen::Matrix3d::Zero();
    Eigen::Vector3d Jtr = Eigen::Vector3d::Zero();
    for (const auto& p : pts) {
      const Eigen::Vector3d d = p - c;
      const double n = d.norm();
      if (n < 1e-9) continue;
      const Eigen::Vector3d J = -d / n;
      JtJ += J * J.transpose();
      Jtr += J * (n - radius);
    }
    const Eigen::Vector3d step = JtJ.ldlt().solve(-Jtr);
    c += step;
    if (step.norm() < 1e-6) break;
  }
  return c;
}

// Chromaticity (r, g) / (r + g + b).
Eigen::Vector2d Chroma(double r, double g, double b) {
  const double s = r + g + b;
  return s > 0 ? Eigen::Vector2d(r / s, g / s) : Eigen::Vector2d(1.0 / 3, 1.0 / 3);
}

double ColourMatch(const ObjectRecord& object, const ClusterView& view) {
  const Eigen::Vector2d want = Chroma(object.rgba[0], object.rgba[1], object.rgba[2]);
  int lit = 0, match = 0;
  for (const auto& c : view.rgb) {
    if (c[0] + c[1] + c[2] < 60) continue;  // too dark to tell a colour
    ++lit;
    const Eigen::Vector2d chroma = Chroma(c[0], c[1], c[2]);
    // A tagged object's look includes its black-and-white tag: grey pixels match it too.
    const bool grey = (chroma - Eigen::Vector2d(1.0 / 3, 1.0 / 3)).norm() < 0.04;
    if ((chroma - want).norm() < 0.06 || (object.tag && grey)) ++match;
  }
  return lit ? static_cast<double>(match) / lit : 0.0;
}

}  // namespace

PrimitiveFit FitPrimitive(const ObjectRecord& object, const ClusterView& view) {
  PrimitiveFit fit;
  const auto& pts = view.points_W_m;
  if (pts.empty()) {
    fit.residual_m = 1e9;
    return fit;
  }
  std::vector<double> z;
  for (const auto& p : pts) z.push_back(p.z());
  const double top_z = Percentile(z, 0.98);
  fit.height_error_m = (top_z - view.support_z_m) - object.height_m();
  double sum = 0;
  switch (object.shape) {
    case ShapeType::kSphere: {
      const double r = object.dims_m[0];
      fit.position_W_m = FitSphere(pts, r, view.camera_W_m);
      for (const auto& p : pts) sum += std::abs((p - fit.position_W_m).norm() - r);
      break;
    }
    case ShapeType::kCylinder: {
      const double r = object.dims_m[0];
      const double h = object.dims_m[1];
      // The side's points fix the axis; the top disc's would pull the circle inwards.
      std::vector<Eigen::Vector3d> side;
      for (const auto& p : pts) {
        if (p.z() < view.support_z_m + h - 0.01) side.push_back(p);
      }
      if (side.size() < 10) side = pts;
      const Eigen::Vector2d c = FitCircle(side, r, view.camera_W_m.head<2>());
      fit.position_W_m = {c.x(), c.y(), view.support_z_m + h / 2};
      for (const auto& p : pts) {
        sum += std::abs(CylinderSurfaceDistance(p - fit.position_W_m, r, h / 2));
      }
      break;
    }
    case ShapeType::kBox: {
      const Eigen::Vector3d half(object.dims_m[0] / 2, object.dims_m[1] / 2, object.dims_m[2] / 2);
      const double cz = view.support_z_m + object.dims_m[2] / 2;
      Eigen::Vector2d mean = Eigen::Vector2d::Zero();
      for (const auto& p : pts) mean += p.head<2>();
      mean /= static_cast<double>(pts.size());
      // For a yaw, each horizontal axis's centre follows from the face the camera sees: its
      // points lie at the extreme of the cluster on the camera's side, the centre half a size
      // behind it. Coarse search over [0, pi), then a fine one around the best.
      const auto evaluate = [&](double yaw, Eigen::Vector3d* centre) {
        const Eigen::Vector2d u(std::cos(yaw), std::sin(yaw));
        const Eigen::Vector2d v(-u.y(), u.x());
        std::vector<double> pu, pv;
        for (const auto& p : pts) {
          pu.push_back(u.dot(p.head<2>()));
          pv.push_back(v.dot(p.head<2>()));
        }
        const Eigen::Vector2d to_eye = view.camera_W_m.head<2>() - mean;
        const double cu =
            u.dot(to_eye) < 0 ? Percentile(pu, 0.98) - half.x() : Percentile(pu, 0.02) + half.x();
        const double cv =
            v.dot(to_eye) < 0 ? Percentile(pv, 0.98) - half.y() : Percentile(pv, 0.02) + half.y();
        const Eigen::Vector2d c = cu * u + cv * v;
        *centre = {c.x(), c.y(), cz};
        double s = 0;
        for (const auto& p : pts) {
          const Eigen::Vector3d d = p - *centre;
          const Eigen::Vector3d q(u.dot(d.head<2>()), v.dot(d.head<2>()), d.z());
          s += std::abs(BoxSurfaceDistance(q, half));
        }
        return s;
      };
      double best = 1e18, best_yaw = 0;
      Eigen::Vector3d centre;
      for (int k = 0; k < 60; ++k) {
        const double yaw = k * std::numbers::pi / 60;
        const double s = evaluate(yaw, &centre);
        if (s < best) best = s, best_yaw = yaw;
      }
      for (int k = -6; k <= 6; ++k) {
        const double yaw = best_yaw + k * std::numbers::pi / 360;
        const double s = evaluate(yaw, &centre);
        if (s < best) best = s, best_yaw = yaw;
      }
      evaluate(best_yaw, &centre);
      // Pattern search on (x, y, yaw) from there: the face-extreme estimate is off by the
      // percentiles and the noise; the mean distance to the surface is what the fit means.
      const auto cost = [&](const Eigen::Vector3d& s) {  // (x, y, yaw)
        const Eigen::Vector2d u(std::cos(s.z()), std::sin(s.z()));
        const Eigen::Vector2d v(-u.y(), u.x());
        double total = 0;
        for (const auto& p : pts) {
          const Eigen::Vector2d d = p.head<2>() - s.head<2>();
          const Eigen::Vector3d q(u.dot(d), v.dot(d), p.z() - cz);
          total += std::min(std::abs(BoxSurfaceDistance(q, half)), 0.03);
        }
        return total;
      };
      Eigen::Vector3d state(centre.x(), centre.y(), best_yaw);
      double state_cost = cost(state);
      Eigen::Vector3d step(0.01, 0.01, 2 * std::numbers::pi / 180);
      for (int it = 0; it < 200 && step.x() > 2e-4; ++it) {
        bool improved = false;
        for (int k = 0; k < 3; ++k) {
          for (double sign : {-1.0, 1.0}) {
            Eigen::Vector3d trial = state;
            trial[k] += sign * step[k];
            const double c = cost(trial);
            if (c < state_cost) state = trial, state_cost = c, improved = true;
          }
        }
        if (!improved) step *= 0.5;
      }
      fit.position_W_m = {state.x(), state.y(), cz};
      {
        const Eigen::Vector2d u(std::cos(state.z()), std::sin(state.z()));
        const Eigen::Vector2d v(-u.y(), u.x());
        std::vector<double> pu, pv;
        for (const auto& p : pts) {
          pu.push_back(u.dot(p.head<2>()));
          pv.push_back(v.dot(p.head<2>()));
        }
        fit.coverage = std::min((Percentile(pu, 0.98) - Percentile(pu, 0.02)) / object.dims_m[0],
                                (Percentile(pv, 0.98) - Percentile(pv, 0.02)) / object.dims_m[1]);
      }
      sum = state_cost;
      fit.yaw_rad =
          std::fmod(std::fmod(state.z(), std::numbers::pi) + std::numbers::pi, std::numbers::pi);
      break;
    }
    default:
      sum = 1e9 * pts.size();
  }
  if (object.shape == ShapeType::kSphere || object.shape == ShapeType::kCylinder) {
    // Width across the line of sight: a round object's silhouette is its diameter wide.
    const Eigen::Vector2d sight = (fit.position_W_m - view.camera_W_m).head<2>().normalized();
    const Eigen::Vector2d across(-sight.y(), sight.x());
    std::vector<double> w;
    for (const auto& p : pts) w.push_back(across.dot(p.head<2>()));
    fit.coverage = (Percentile(w, 0.98) - Percentile(w, 0.02)) / (2 * object.dims_m[0]);
  }
  fit.residual_m = sum / static_cast<double>(pts.size());
  fit.colour_match = ColourMatch(object, view);
  return fit;
}

std::optional<std::pair<int, PrimitiveFit>> IdentifyCluster(
    const std::vector<ObjectRecord>& candidates, const ClusterView& view,
    const IdentifyOptions& options) {
  std::optional<std::pair<int, PrimitiveFit>> best;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const PrimitiveFit fit = FitPrimitive(candidates[i], view);
    if (fit.residual_m > options.max_residual_m ||
        std::abs(fit.height_error_m) > options.max_height_error_m ||
        fit.colour_match < options.min_colour_match || fit.coverage < options.min_coverage) {
      continue;
    }
    if (!best || fit.residual_m < best->second.residual_m) {
      best = std::make_pair(static_cast<int>(i), fit);
    }
  }
  return best;
}

}  // namespace tianmu::perception
