#include "tianmu/perception/offscreen_renderer.h"

#include <EGL/egl.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "tianmu/core/error.h"

namespace tianmu::perception {

// MuJoCo's visualisation objects: plain C structs with make/free pairs, owned here.
struct OffscreenRenderer::Gpu {
  mjvScene scene;
  mjvOption option;
  mjrContext context;
  mjvCamera camera;
  bool scene_made = false;
  bool context_made = false;
  std::vector<unsigned char> rgb_bottom_up;  // glReadPixels order
  std::vector<float> depth_bottom_up;        // depth-buffer values in [0, 1]

  Gpu() {
    mjv_defaultScene(&scene);
    mjv_defaultOption(&option);
    mjr_defaultContext(&context);
    mjv_defaultCamera(&camera);
  }
  ~Gpu() {
    if (context_made) mjr_freeContext(&context);
    if (scene_made) mjv_freeScene(&scene);
  }
  Gpu(const Gpu&) = delete;
  Gpu& operator=(const Gpu&) = delete;
};

OffscreenRenderer::OffscreenRenderer(const mjModel* model, int max_width_px, int max_height_px,
                                     RenderQuality quality)
    : model_(model::CopyModel(model)),
      gpu_(std::make_unique<Gpu>()),
      quality_(quality),
      max_width_px_(max_width_px),
      max_height_px_(max_height_px) {
  if (eglGetCurrentContext() == EGL_NO_CONTEXT) {
    throw RuntimeError("OffscreenRenderer: no OpenGL context is current on this thread");
  }
  if (max_width_px <= 0 || max_height_px <= 0) {
    throw RuntimeError("OffscreenRenderer: buffer size must be positive");
  }
  mjModel* m = model_.get();
  m->vis.global.offwidth = max_width_px;
  m->vis.global.offheight = max_height_px;
  m->vis.quality.offsamples = quality == RenderQuality::kFast ? 0 : 4;
  near_m_ = m->vis.map.znear * m->stat.extent;
  far_m_ = m->vis.map.zfar * m->stat.extent;

  // Room for every geom once plus decorations; the scene holds no more than the model has.
  mjv_makeScene(m, &gpu_->scene, m->ngeom + 1000);
  gpu_->scene_made = true;
  mjr_makeContext(m, &gpu_->context, mjFONTSCALE_100);
  gpu_->context_made = true;
  mjr_setBuffer(mjFB_OFFSCREEN, &gpu_->context);
  if (gpu_->context.currentBuffer != mjFB_OFFSCREEN || gpu_->context.offWidth < max_width_px ||
      gpu_->context.offHeight < max_height_px) {
    throw RuntimeError("OffscreenRenderer: MuJoCo could not make a " +
                       std::to_string(max_width_px) + "x" + std::to_string(max_height_px) +
                       " offscreen buffer");
  }
  const bool pretty = quality == RenderQuality::kPretty;
  gpu_->scene.flags[mjRND_SHADOW] = pretty;
  gpu_->scene.flags[mjRND_REFLECTION] = 0;
  gpu_->scene.flags[mjRND_SKYBOX] = pretty;
  gpu_->scene.flags[mjRND_FOG] = 0;
  gpu_->scene.flags[mjRND_HAZE] = 0;
  gpu_->rgb_bottom_up.resize(static_cast<std::size_t>(max_width_px) * max_height_px * 3);
  gpu_->depth_bottom_up.resize(static_cast<std::size_t>(max_width_px) * max_height_px);
}

OffscreenRenderer::~OffscreenRenderer() = default;

void OffscreenRenderer::RenderCamera(mjData* data, int camera_id,
                                     const CameraIntrinsics& intrinsics, RgbImage* rgb,
                                     DepthImage* depth) {
  if (camera_id < 0 || camera_id >= model_->ncam) {
    throw RuntimeError("OffscreenRenderer: no camera " + std::to_string(camera_id));
  }
  if (intrinsics.width_px > max_width_px_ || intrinsics.height_px > max_height_px_) {
    throw RuntimeError("OffscreenRenderer: image larger than the offscreen buffer");
  }
  mjvCamera& camera = gpu_->camera;
  camera.type = mjCAMERA_FIXED;
  camera.fixedcamid = camera_id;
  mjv_updateScene(model_.get(), data, &gpu_->option, nullptr, &camera, mjCAT_ALL, &gpu_->scene);
  // Replace the frustum MuJoCo derived from fovy by the one of the requested intrinsics; both
  // eyes, since mono rendering uses their average.
  const Frustum frustum = FrustumFor(intrinsics, near_m_);
  for (mjvGLCamera& eye : gpu_->scene.camera) {
    eye.frustum_center = static_cast<float>(frustum.center_m);
    eye.frustum_bottom = static_cast<float>(frustum.bottom_m);
    eye.frustum_top = static_cast<float>(frustum.top_m);
    eye.frustum_near = static_cast<float>(near_m_);
    eye.frustum_far = static_cast<float>(far_m_);
  }
  const mjrRect viewport = {0, 0, intrinsics.width_px, intrinsics.height_px};
  mjr_render(viewport, &gpu_->scene, &gpu_->context);
  ReadBack(intrinsics.width_px, intrinsics.height_px, rgb, depth);
}

void OffscreenRenderer::RenderFree(mjData* data, const FreeView& view, int width_px, int height_px,
                                   RgbImage* rgb) {
  if (width_px > max_width_px_ || height_px > max_height_px_) {
    throw RuntimeError("OffscreenRenderer: image larger than the offscreen buffer");
  }
  mjvCamera& camera = gpu_->camera;
  camera.type = mjCAMERA_FREE;
  for (int i = 0; i < 3; ++i) camera.lookat[i] = view.lookat_m[i];
  camera.distance = view.distance_m;
  camera.azimuth = view.azimuth_deg;
  camera.elevation = view.elevation_deg;
  mjv_updateScene(model_.get(), data, &gpu_->option, nullptr, &camera, mjCAT_ALL, &gpu_->scene);
  const mjrRect viewport = {0, 0, width_px, height_px};
  mjr_render(viewport, &gpu_->scene, &gpu_->context);
  ReadBack(width_px, height_px, rgb, nullptr);
}

void OffscreenRenderer::ReadBack(int width_px, int height_px, RgbImage* rgb, DepthImage* depth) {
  const mjrRect viewport = {0, 0, width_px, height_px};
  mjr_readPixels(gpu_->rgb_bottom_up.data(), depth ? gpu_->depth_bottom_up.data() : nullptr,
                 viewport, &gpu_->context);
  // OpenGL rows run bottom-up; images here run top-down.
  rgb->Resize(width_px, height_px);
  const std::size_t row_bytes = static_cast<std::size_t>(width_px) * 3;
  for (int row = 0; row < height_px; ++row) {
    std::memcpy(rgb->rgb.data() + row * row_bytes,
                gpu_->rgb_bottom_up.data() + (height_px - 1 - row) * row_bytes, row_bytes);
  }
  if (depth == nullptr) return;
  depth->Resize(width_px, height_px);
  // A perspective depth buffer stores d = (1/n - 1/z) / (1/n - 1/f); inverted, z = n f /
  // (f - d (f - n)). d = 1 is the far plane: nothing was drawn there.
  const double n = near_m_;
  const double f = far_m_;
  for (int row = 0; row < height_px; ++row) {
    const float* in = gpu_->depth_bottom_up.data() + (height_px - 1 - row) * width_px;
    float* out = depth->depth_m.data() + static_cast<std::size_t>(row) * width_px;
    for (int col = 0; col < width_px; ++col) {
      const double d = in[col];
      out[col] = d >= 1.0 ? 0.0f : static_cast<float>(n * f / (f - d * (f - n)));
    }
  }
}

}  // namespace tianmu::perception
