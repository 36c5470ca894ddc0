#include "tianmu/perception/camera_intrinsics.h"

#include <cmath>
#include <numbers>

namespace tianmu::perception {

std::array<double, 2> CameraIntrinsics::Project(const std::array<double, 3>& p_C_m) const {
  return {fx_px * p_C_m[0] / p_C_m[2] + cx_px, fy_px * p_C_m[1] / p_C_m[2] + cy_px};
}

double CameraIntrinsics::FovyDeg() const {
  // Rows span [-0.5, height - 0.5] around the principal point.
  const double top = (cy_px + 0.5) / fy_px;
  const double bottom = (height_px - 0.5 - cy_px) / fy_px;
  return (std::atan(top) + std::atan(bottom)) * 180.0 / std::numbers::pi;
}

CameraIntrinsics IntrinsicsFromFovy(double fovy_deg, int width_px, int height_px) {
  CameraIntrinsics k;
  k.width_px = width_px;
  k.height_px = height_px;
  // The image's height spans fovy at unit distance: 2 tan(fovy / 2).
  k.fy_px = 0.5 * height_px / std::tan(0.5 * fovy_deg * std::numbers::pi / 180.0);
  k.fx_px = k.fy_px;
  // Pixel centres sit at integer coordinates, so the image centre is at (W - 1) / 2.
  k.cx_px = 0.5 * (width_px - 1);
  k.cy_px = 0.5 * (height_px - 1);
  return k;
}

CameraIntrinsics IntrinsicsOf(const model::CameraSpec& camera, double model_fovy_deg) {
  if (camera.has_pinhole()) {
    CameraIntrinsics k;
    k.width_px = camera.width_px;
    k.height_px = camera.height_px;
    k.fx_px = camera.fx_px;
    k.fy_px = camera.fy_px;
    k.cx_px = camera.cx_px;
    k.cy_px = camera.cy_px;
    return k;
  }
  const double fovy_deg = camera.fovy_deg > 0 ? camera.fovy_deg : model_fovy_deg;
  return IntrinsicsFromFovy(fovy_deg, camera.width_px, camera.height_px);
}

Frustum FrustumFor(const CameraIntrinsics& k, double near_m) {
  // On the near plane a pixel is near_m / f wide. The image's top edge (continuous row 0, half a
  // pixel above row 0's centre) is cy + 0.5 pixels above the principal point.
  Frustum f;
  f.top_m = (k.cy_px + 0.5) * near_m / k.fy_px;
  f.bottom_m = f.top_m - k.height_px * near_m / k.fy_px;
  // MuJoCo spans [center - w/2, center + w/2] with w from the aspect ratio; the principal point
  // sits cx + 0.5 pixels from the left edge, and the centre of the image at W / 2.
  f.center_m = (0.5 * k.width_px - (k.cx_px + 0.5)) * near_m / k.fx_px;
  return f;
}

}  // namespace tianmu::perception
