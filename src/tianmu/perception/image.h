// Images as plain data: 8-bit RGB and 32-bit float depth in metres, row 0 at the top, rows
// packed without padding. What renderers produce, sensor models perturb and encoders consume.
#pragma once

#include <cstdint>
#include <vector>

namespace tianmu::perception {

/// An RGB image, 3 bytes per pixel (R, G, B), row-major, row 0 at the top.
struct RgbImage {
  int width_px = 0;
  int height_px = 0;
  std::vector<std::uint8_t> rgb;  ///< width_px * height_px * 3 bytes

  /// Sets the size and allocates (contents unspecified).
  void Resize(int width, int height) {
    width_px = width;
    height_px = height;
    rgb.resize(static_cast<std::size_t>(width) * height * 3);
  }
  /// The first of the three bytes of pixel (col, row).
  const std::uint8_t* At(int col, int row) const {
    return rgb.data() + (static_cast<std::size_t>(row) * width_px + col) * 3;
  }
};

/// A depth image: distance along the optical axis (camera frame z) in metres, row-major, row 0
/// at the top; 0 marks pixels without a valid reading (nothing in range).
struct DepthImage {
  int width_px = 0;
  int height_px = 0;
  std::vector<float> depth_m;  ///< width_px * height_px values

  /// Sets the size and allocates (contents unspecified).
  void Resize(int width, int height) {
    width_px = width;
    height_px = height;
    depth_m.resize(static_cast<std::size_t>(width) * height);
  }
  /// Depth of pixel (col, row) in metres.
  float At(int col, int row) const {
    return depth_m[static_cast<std::size_t>(row) * width_px + col];
  }
};

}  // namespace tianmu::perception
