#include "tianmu/perception/sensor_model.h"

#include <algorithm>
#include <cmath>

namespace tianmu::perception {

void ApplySensorModel(const model::CameraSpec& camera, Rng* rng, RgbImage* rgb, DepthImage* depth) {
  if (camera.rgb_noise_std > 0) {
    for (std::uint8_t& level : rgb->rgb) {
      const double noisy = level + rng->Gaussian(camera.rgb_noise_std);
      level = static_cast<std::uint8_t>(std::clamp(std::lround(noisy), 0L, 255L));
    }
  }
  if (depth == nullptr) return;
  const float near_m = static_cast<float>(camera.depth_min_m);
  const float far_m = static_cast<float>(camera.depth_max_m);
  for (float& z : depth->depth_m) {
    if (z < near_m || z > far_m) {
      z = 0;
    } else if (camera.depth_noise_std_m > 0) {
      z = std::max(0.0f, z + static_cast<float>(rng->Gaussian(camera.depth_noise_std_m)));
    }
  }
}

}  // namespace tianmu::perception
