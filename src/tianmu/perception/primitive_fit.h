// Fits of the knowledge base's primitive shapes to a cluster of points standing on a support
// plane: a sphere of known radius, an upright cylinder or an upright box (with its yaw) of known
// size; and the choice among candidate objects by fit residual, height and colour.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "tianmu/knowledge/object_record.h"

namespace tianmu::perception {

/// The points of one cluster (world frame), their colours, and where they were seen from.
struct ClusterView {
  std::vector<Eigen::Vector3d> points_W_m;
  std::vector<std::array<std::uint8_t, 3>> rgb;
  Eigen::Vector3d camera_W_m = Eigen::Vector3d::Zero();  ///< optical centre
  double support_z_m = 0;  ///< height of the (horizontal) plane the object stands on
};

/// One candidate's fit to a cluster.
struct PrimitiveFit {
  Eigen::Vector3d position_W_m = Eigen::Vector3d::Zero();  ///< object frame origin
  double yaw_rad = 0;     ///< boxes: about world z, in [0, pi) (a box looks the same turned by pi)
  double residual_m = 0;  ///< mean distance of the points to the fitted surface
  double height_error_m = 0;  ///< cluster's top above the support minus the object's height
  double colour_match = 0;  ///< fraction of lit points of the object's chromaticity (tags: or grey)
  /// How much of the object the cluster spans: the smallest ratio of the cluster's extent to the
  /// object's size along the fitted box's axes, or across the line of sight for round shapes
  /// (a wood block's points fit the corner of a carton well, but span a third of it).
  double coverage = 0;
};

/// Fits `object`'s shape (box, cylinder, sphere; standing upright on the support) to `view`.
PrimitiveFit FitPrimitive(const knowledge::ObjectRecord& object, const ClusterView& view);

/// Acceptance thresholds of IdentifyCluster.
struct IdentifyOptions {
  double max_residual_m = 0.012;
  double max_height_error_m = 0.03;
  double min_colour_match = 0.5;
  double min_coverage = 0.5;
};

/// The best-fitting candidate that passes the thresholds: its index in `candidates` and its fit;
/// nullopt when none does.
std::optional<std::pair<int, PrimitiveFit>> IdentifyCluster(
    const std::vector<knowledge::ObjectRecord>& candidates, const ClusterView& view,
    const IdentifyOptions& options = {});

}  // namespace tianmu::perception
