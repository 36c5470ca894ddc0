#include "tianmu/perception/run_video.h"

#include <chrono>
#include <utility>

#include "tianmu/core/error.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/image.h"
#include "tianmu/perception/offscreen_renderer.h"
#include "tianmu/perception/video_encoder.h"

namespace tianmu::perception {
namespace {

// A frame is due when the state is this close to its time (sums of 1 ms steps drift).
constexpr double kDueToleranceS = 1e-9;
// The follow view: three-quarter front view from the robot's right, slightly from above, at a
// distance that keeps a 1.65 m robot and a step or two around it in frame.
constexpr double kFollowDistanceM = 3.2;
constexpr double kFollowAzimuthDeg = 150;
constexpr double kFollowElevationDeg = -12;
constexpr double kFollowHeightM = 0.75;
// Look-at smoothing per frame: the view glides after the robot instead of shaking with its gait.
constexpr double kFollowSmoothing = 0.15;

}  // namespace

RunVideo::RunVideo(const model::RobotSpec& spec, RunVideoOptions options)
    : spec_(spec), options_(std::move(options)) {
  if (options_.width_px <= 0 || options_.height_px <= 0 || options_.width_px % 2 != 0 ||
      options_.height_px % 2 != 0) {
    throw InputError("video size must be even, got " + std::to_string(options_.width_px) + "x" +
                     std::to_string(options_.height_px));
  }
  if (options_.fps <= 0) throw InputError("video frame rate must be positive");
}

void RunVideo::Start(const mjModel* world_model, const mjData* data) {
  model_ = model::CopyModel(world_model);
  if (!options_.camera.empty()) {
    camera_id_ = mj_name2id(model_.get(), mjOBJ_CAMERA, options_.camera.c_str());
    if (camera_id_ < 0) {
      std::string known;
      for (int i = 0; i < model_->ncam; ++i) {
        const char* name = mj_id2name(model_.get(), mjOBJ_CAMERA, i);
        if (name != nullptr) known += std::string(known.empty() ? "" : ", ") + name;
      }
      throw InputError("--camera: no camera '" + options_.camera +
                       "' in the model (cameras: " + (known.empty() ? "none" : known) + ")");
    }
  }
  base_body_ = mj_name2id(model_.get(), mjOBJ_BODY, spec_.base_body.c_str());
  next_frame_s_ = data->time;
  Sample(data);
}

void RunVideo::Sample(const mjData* data) {
  if (!model_ || data->time + kDueToleranceS < next_frame_s_) return;
  time_s_.push_back(data->time);
  qpos_.emplace_back(data->qpos, data->qpos + model_->nq);
  std::vector<mjtNum> mocap(data->mocap_pos, data->mocap_pos + 3 * model_->nmocap);
  mocap.insert(mocap.end(), data->mocap_quat, data->mocap_quat + 4 * model_->nmocap);
  mocap_.push_back(std::move(mocap));
  next_frame_s_ += 1.0 / options_.fps;
}

RunVideoSummary RunVideo::Write() {
  if (!model_) throw RuntimeError("video: the run never started");
  const auto start = std::chrono::steady_clock::now();
  EglContext egl;
  OffscreenRenderer renderer(model_.get(), options_.width_px, options_.height_px,
                             RenderQuality::kPretty);
  model::MjDataPtr data = model::MakeData(renderer.model());
  VideoEncoder encoder(options_.path, options_.width_px, options_.height_px, options_.fps);

  CameraIntrinsics intrinsics;
  if (camera_id_ >= 0) {
    intrinsics =
        IntrinsicsFromFovy(model_->cam_fovy[camera_id_], options_.width_px, options_.height_px);
    for (const model::CameraSpec& camera : spec_.cameras) {
      if (camera.name != options_.camera) continue;
      // The robot.yaml camera's field of view, scaled to the video's size.
      const CameraIntrinsics own = IntrinsicsOf(camera, model_->cam_fovy[camera_id_]);
      intrinsics = IntrinsicsFromFovy(own.FovyDeg(), options_.width_px, options_.height_px);
    }
  }
  FreeView view;
  view.distance_m = kFollowDistanceM;
  view.azimuth_deg = kFollowAzimuthDeg;
  view.elevation_deg = kFollowElevationDeg;
  RgbImage image;
  const int nmocap = model_->nmocap;
  for (std::size_t i = 0; i < time_s_.size(); ++i) {
    std::copy(qpos_[i].begin(), qpos_[i].end(), data->qpos);
    std::copy(mocap_[i].begin(), mocap_[i].begin() + 3 * nmocap, data->mocap_pos);
    std::copy(mocap_[i].begin() + 3 * nmocap, mocap_[i].end(), data->mocap_quat);
    data->time = time_s_[i];
    mj_kinematics(renderer.model(), data.get());
    mj_camlight(renderer.model(), data.get());
    if (camera_id_ >= 0) {
      renderer.RenderCamera(data.get(), camera_id_, intrinsics, &image, nullptr);
    } else {
      const mjtNum* base = base_body_ >= 0 ? data->xpos + 3 * base_body_ : data->xpos;
      const std::array<double, 3> target = {base[0], base[1], kFollowHeightM};
      for (int k = 0; k < 3; ++k) {
        view.lookat_m[k] =
            i == 0 ? target[k]
                   : view.lookat_m[k] + kFollowSmoothing * (target[k] - view.lookat_m[k]);
      }
      renderer.RenderFree(data.get(), view, options_.width_px, options_.height_px, &image);
    }
    encoder.AddFrame(image);
  }
  encoder.Finish();
  RunVideoSummary summary;
  summary.frames = encoder.frames();
  summary.duration_s = static_cast<double>(summary.frames) / options_.fps;
  summary.codec_name = encoder.codec_name();
  summary.render_wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace tianmu::perception
