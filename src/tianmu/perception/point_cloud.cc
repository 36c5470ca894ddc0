#include "tianmu/perception/point_cloud.h"

namespace tianmu::perception {

PointCloud DepthToWorldPoints(const DepthImage& depth, const RgbImage* rgb,
                              const CameraIntrinsics& intrinsics, const CameraPose& camera,
                              int stride) {
  PointCloud cloud;
  for (int row = 0; row < depth.height_px; row += stride) {
    for (int col = 0; col < depth.width_px; col += stride) {
      const double z = depth.At(col, row);
      if (!(z > 0)) continue;
      const Eigen::Vector3d p_C(z * (col - intrinsics.cx_px) / intrinsics.fx_px,
                                z * (row - intrinsics.cy_px) / intrinsics.fy_px, z);
      cloud.points_W_m.push_back(camera.ToWorld(p_C));
      if (rgb) {
        const std::uint8_t* c = rgb->At(col, row);
        cloud.rgb.push_back({c[0], c[1], c[2]});
      } else {
        cloud.rgb.push_back({0, 0, 0});
      }
    }
  }
  return cloud;
}

}  // namespace tianmu::perception
