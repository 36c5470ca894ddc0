// Pinhole intrinsics of a rendered camera, consistent with what MuJoCo's renderer draws: from a
// vertical field of view (MJCF fovy) or from robot.yaml's fx/fy/cx/cy, and the OpenGL frustum
// that renders exactly those intrinsics.
#pragma once

#include <array>

#include "tianmu/model/robot_spec.h"

namespace tianmu::perception {

/// Pinhole camera model, OpenCV convention: the camera frame C has x right, y down, z forward
/// (the optical axis); a point (x, y, z) in C lands at column u = fx x / z + cx and row
/// v = fy y / z + cy, where pixel (col, row) has its centre at (col, row) and row 0 is the top.
struct CameraIntrinsics {
  int width_px = 0;
  int height_px = 0;
  double fx_px = 0;  ///< focal length along columns
  double fy_px = 0;  ///< focal length along rows
  double cx_px = 0;  ///< principal point column
  double cy_px = 0;  ///< principal point row

  /// Image coordinates (u, v) in pixels of a point in the camera frame C (z > 0).
  std::array<double, 2> Project(const std::array<double, 3>& p_C_m) const;
  /// The vertical field of view these intrinsics cover, in degrees.
  double FovyDeg() const;
};

/// Intrinsics of an image of `width_px` x `height_px` rendered with vertical field of view
/// `fovy_deg` and square pixels, principal point at the image centre (what MuJoCo draws).
CameraIntrinsics IntrinsicsFromFovy(double fovy_deg, int width_px, int height_px);

/// The intrinsics of a robot.yaml camera: its fx/fy/cx/cy when given, else its fovy_deg, else
/// the MJCF camera's fovy (`model_fovy_deg`).
CameraIntrinsics IntrinsicsOf(const model::CameraSpec& camera, double model_fovy_deg);

/// An OpenGL perspective frustum at near-plane distance `near_m` (MuJoCo's mjvGLCamera fields).
struct Frustum {
  double center_m = 0;  ///< horizontal offset of the frustum's centre at the near plane
  double bottom_m = 0;
  double top_m = 0;
};

/// The frustum that makes MuJoCo render `intrinsics` exactly (MuJoCo sizes the horizontal
/// extent from the viewport's aspect, so fx must equal fy).
Frustum FrustumFor(const CameraIntrinsics& intrinsics, double near_m);

}  // namespace tianmu::perception
