// The camera sensor model of robot.yaml applied to a rendered frame: depth outside the camera's
// range is invalid (0), Gaussian noise on RGB levels and on valid depth.
#pragma once

#include "tianmu/core/rng.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/image.h"

namespace tianmu::perception {

/// Applies `camera`'s depth range and noise to `rgb` and (when not null) `depth`, drawing noise
/// from `rng`. Noise-free cameras only lose out-of-range depth.
void ApplySensorModel(const model::CameraSpec& camera, Rng* rng, RgbImage* rgb, DepthImage* depth);

}  // namespace tianmu::perception
