// MP4 writing with FFmpeg: a short video must decode back to the frames written, at their size;
// and a run's video samples the run at the video's rate in simulated time.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "box_scene.h"
#include "tianmu/core/error.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/offscreen_renderer.h"
#include "tianmu/perception/run_video.h"
#include "tianmu/perception/video_encoder.h"

namespace tianmu::perception {
namespace {

using testing::BoxSceneXml;
using testing::CompileXml;

std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("tianmu_video_" + std::to_string(getpid()) + "_" + name);
}

TEST(VideoEncoder, ShortRenderedVideoDecodesToTheFramesWritten) {
  const std::filesystem::path path = TempPath("plate.mp4");
  {
    EglContext egl;
    model::MjModelPtr m = CompileXml(BoxSceneXml(2.0, 0.3, 1.0));
    model::MjDataPtr d = model::MakeData(m.get());
    OffscreenRenderer renderer(m.get(), 320, 240, RenderQuality::kFast);
    const int cam = mj_name2id(m.get(), mjOBJ_CAMERA, "eye");
    const CameraIntrinsics k = IntrinsicsFromFovy(60, 320, 240);
    VideoEncoder encoder(path, 320, 240, 15);
    RgbImage rgb;
    for (int i = 0; i < 30; ++i) {
      d->mocap_pos[1] = 0.3 - 0.02 * i;  // the plate slides across
      mj_forward(m.get(), d.get());
      renderer.RenderCamera(d.get(), cam, k, &rgb, nullptr);
      encoder.AddFrame(rgb);
    }
    encoder.Finish();
    EXPECT_EQ(encoder.frames(), 30);
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
  const VideoInfo info = ProbeVideo(path);
  EXPECT_EQ(info.frames, 30);
  EXPECT_EQ(info.width_px, 320);
  EXPECT_EQ(info.height_px, 240);
  EXPECT_NEAR(info.fps, 15, 1e-6);
  std::filesystem::remove(path);
}

TEST(VideoEncoder, OddFrameSizeIsRefused) {
  EXPECT_THROW(VideoEncoder(TempPath("odd.mp4"), 321, 240, 30), RuntimeError);
}

TEST(RunVideo, SamplesTheRunAtTheVideoRateAndWritesEveryFrame) {
  const std::filesystem::path path = TempPath("run.mp4");
  model::MjModelPtr m = CompileXml(BoxSceneXml(2.0, 0.0, 1.0));
  model::MjDataPtr d = model::MakeData(m.get());
  model::RobotSpec spec;
  spec.base_body = "plate";
  RunVideoOptions options;
  options.path = path;
  options.camera = "eye";
  options.width_px = 160;
  options.height_px = 120;
  options.fps = 20;
  RunVideo video(spec, options);
  video.Start(m.get(), d.get());
  // 1 s at 1 kHz: frames at 0, 50, ..., 1000 ms.
  for (int tick = 1; tick <= 1000; ++tick) {
    d->time = tick * 1e-3;
    video.Sample(d.get());
  }
  EXPECT_EQ(video.frames(), 21);
  const RunVideoSummary summary = video.Write();
  EXPECT_EQ(summary.frames, 21);
  const VideoInfo info = ProbeVideo(path);
  EXPECT_EQ(info.frames, 21);
  EXPECT_EQ(info.width_px, 160);
  EXPECT_EQ(info.height_px, 120);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tianmu::perception
