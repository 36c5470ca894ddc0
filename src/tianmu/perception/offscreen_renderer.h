// OffscreenRenderer: MuJoCo's renderer (mjvScene, mjvOption, mjrContext) drawing into an
// offscreen buffer: RGB and metric depth from a model camera with given intrinsics, or RGB from
// a free viewpoint for videos. Needs a current OpenGL context (EglContext) on its thread.
#pragma once

#include <mujoco/mujoco.h>

#include <array>
#include <memory>

#include "tianmu/model/mujoco_handles.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/image.h"

namespace tianmu::perception {

/// What the renderer spends time on.
enum class RenderQuality {
  kFast,    ///< camera sensors: no shadows, reflections, skybox or multisampling
  kPretty,  ///< videos for people: shadows, skybox and 4x multisampling, no reflections
};

/// A viewpoint not attached to the model (MuJoCo's free camera), with the model's vis fovy.
struct FreeView {
  std::array<double, 3> lookat_m{};  ///< world point at the image centre
  double distance_m = 3;             ///< from the viewpoint to lookat_m
  double azimuth_deg = 90;           ///< about world z, 0 looking along +x
  double elevation_deg = -15;        ///< negative looks down
};

/// Renders one model's scenes. Create, use and destroy it on the thread whose OpenGL context is
/// current; that context must outlive it.
class OffscreenRenderer {
 public:
  /// Copies `model` (to size its offscreen buffer to `max_width_px` x `max_height_px`) and
  /// builds MuJoCo's scene and GPU context. Raises RuntimeError when no OpenGL context is
  /// current or the buffer cannot be made.
  OffscreenRenderer(const mjModel* model, int max_width_px, int max_height_px,
                    RenderQuality quality);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  /// Renders model camera `camera_id` with `intrinsics` (its size must fit the buffer) at the
  /// kinematic state in `data` (mj_kinematics and mj_camlight done). Fills `rgb` and, when not
  /// null, `depth` (metres along the optical axis, 0 where nothing lies inside the frustum).
  void RenderCamera(mjData* data, int camera_id, const CameraIntrinsics& intrinsics, RgbImage* rgb,
                    DepthImage* depth);
  /// Renders `view` at `width_px` x `height_px` (fits the buffer) into `rgb`.
  void RenderFree(mjData* data, const FreeView& view, int width_px, int height_px, RgbImage* rgb);

  /// The renderer's copy of the model; mjData made for the original model fit it too.
  const mjModel* model() const { return model_.get(); }
  /// Near and far clipping distances (MJCF visual/map znear, zfar times the model's extent).
  double near_m() const { return near_m_; }
  double far_m() const { return far_m_; }
  int max_width_px() const { return max_width_px_; }
  int max_height_px() const { return max_height_px_; }

 private:
  struct Gpu;  // mjvScene, mjvOption, mjrContext and the read-back buffers
  void ReadBack(int width_px, int height_px, RgbImage* rgb, DepthImage* depth);

  model::MjModelPtr model_;
  std::unique_ptr<Gpu> gpu_;
  RenderQuality quality_;
  int max_width_px_ = 0;
  int max_height_px_ = 0;
  double near_m_ = 0;
  double far_m_ = 0;
};

}  // namespace tianmu::perception
