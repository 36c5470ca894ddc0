// Depth images as point clouds: every valid depth pixel back-projected through the pinhole
// intrinsics and carried into the world frame with the camera's pose, with its colour.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <vector>

#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/camera_pose.h"
#include "tianmu/perception/image.h"

namespace tianmu::perception {

/// Points in the world frame W and the colours of the pixels they came from.
struct PointCloud {
  std::vector<Eigen::Vector3d> points_W_m;
  std::vector<std::array<std::uint8_t, 3>> rgb;  ///< same length; zeros without an RGB image
};

/// The points of every `stride`-th pixel (rows and columns) of `depth` with a reading (> 0):
/// (u, v, z) -> z ((u - cx) / fx, (v - cy) / fy, 1) in C, then to W. `rgb` may be null; when
/// given it must have the depth image's size.
PointCloud DepthToWorldPoints(const DepthImage& depth, const RgbImage* rgb,
                              const CameraIntrinsics& intrinsics, const CameraPose& camera,
                              int stride = 1);

}  // namespace tianmu::perception
