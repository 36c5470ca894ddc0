// The camera thread: frames at the camera's rate in simulated time, each showing the state it
// is stamped with, held back by the camera's latency; the control side never waits.
#include "tianmu/perception/camera_runner.h"

#include <gtest/gtest.h>

#include <cmath>

#include "box_scene.h"
#include "tianmu/core/error.h"

namespace tianmu::perception {
namespace {

using testing::BoxSceneXml;
using testing::CompileXml;
using testing::FindRed;

// A robot description holding only the camera the runner needs.
model::RobotSpec EyeOnly(double rate_hz, double latency_s) {
  model::RobotSpec spec;
  model::CameraSpec camera;
  camera.name = "eye";
  camera.width_px = 160;
  camera.height_px = 120;
  camera.depth = true;
  camera.rate_hz = rate_hz;
  camera.latency_s = latency_s;
  camera.depth_min_m = 0.1;
  camera.depth_max_m = 10;
  spec.cameras.push_back(camera);
  return spec;
}

// Plate's lateral position at time t: sweeps across the view, 0.2 m/s.
double PlateY(double t_s) { return 0.4 - 0.2 * t_s; }

TEST(CameraRunner, RendersAtTheCameraRateAndEachFrameShowsItsStampedState) {
  model::MjModelPtr m = CompileXml(BoxSceneXml(2.0, PlateY(0), 1.0));
  model::MjDataPtr d = model::MakeData(m.get());
  const model::RobotSpec spec = EyeOnly(30, 0.0);
  CameraRunner runner(spec, m.get(), 7);
  std::vector<CameraFrame> frames;
  std::mutex frames_mutex;
  runner.SetFrameCallback([&](const CameraFrame& frame) {
    std::lock_guard<std::mutex> lock(frames_mutex);
    frames.push_back(frame);
  });
  runner.Start();
  // One simulated second at 1 kHz; after each published tick, wait for the camera thread so
  // no frame is dropped (a real loop would not wait: frames would be dropped, not delayed).
  for (int tick = 0; tick <= 1000; ++tick) {
    d->time = tick * 1e-3;
    d->mocap_pos[1] = PlateY(d->time);
    runner.Publish(d.get());
    runner.Flush();
  }
  runner.Stop();
  const CameraRunnerStats stats = runner.stats();
  // Frames due at 0, 1/30, ..., 30/30 s: 31.
  EXPECT_EQ(stats.frames_rendered, 31u);
  EXPECT_EQ(stats.frames_dropped, 0u);
  EXPECT_EQ(stats.snapshots, 31u);  // only due ticks hand over a state
  ASSERT_EQ(frames.size(), 31u);

  const CameraIntrinsics& k = runner.intrinsics()[0];
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const CameraFrame& f = frames[i];
    EXPECT_EQ(f.sequence, i);
    // The first tick at or after i / 30 s, on the 1 ms grid.
    EXPECT_NEAR(f.stamp_s, std::ceil(i / 30.0 * 1000 - 1e-6) / 1000, 1e-9);
    // The plate's front face at x = 1.995, camera at height 1 looking along +x, image right is
    // world -y: column cx - fx y / 1.995.
    const double expected_col = k.cx_px - k.fx_px * PlateY(f.stamp_s) / 1.995;
    const auto blob = FindRed(f.rgb);
    ASSERT_GT(blob.pixels, 0) << "frame " << i;
    EXPECT_NEAR(blob.col, expected_col, 1.0) << "frame " << i << " at " << f.stamp_s << " s";
    EXPECT_NEAR(f.depth.At(static_cast<int>(std::lround(expected_col)), 59), 1.995, 0.01);
  }
}

TEST(CameraRunner, LatencyHoldsFramesBackUntilTheyAreDue) {
  model::MjModelPtr m = CompileXml(BoxSceneXml(2.0, 0.0, 1.0));
  model::MjDataPtr d = model::MakeData(m.get());
  CameraRunner runner(EyeOnly(10, 0.05), m.get(), 1);
  runner.Start();
  CameraFrame frame;
  d->time = 0;
  runner.Publish(d.get());
  runner.Flush();
  // Rendered from the state at 0 s, but the camera delivers it 50 ms later.
  EXPECT_FALSE(runner.Latest("eye", 0.049, &frame));
  ASSERT_TRUE(runner.Latest("eye", 0.050, &frame));
  EXPECT_DOUBLE_EQ(frame.stamp_s, 0);
  EXPECT_DOUBLE_EQ(frame.available_s, 0.05);
  d->time = 0.1;
  runner.Publish(d.get());
  runner.Flush();
  ASSERT_TRUE(runner.Latest("eye", 0.12, &frame));
  EXPECT_DOUBLE_EQ(frame.stamp_s, 0) << "the 0.1 s frame is not out before 0.15 s";
  ASSERT_TRUE(runner.Latest("eye", 0.15, &frame));
  EXPECT_DOUBLE_EQ(frame.stamp_s, 0.1);
  EXPECT_EQ(frame.sequence, 1u);
  EXPECT_FALSE(runner.Latest("no_such_camera", 1.0, &frame));
}

TEST(CameraRunner, AControlLoopThatNeverWaitsLosesFramesNotTicks) {
  // Publishing as fast as possible (no Flush): the runner must accept every call at once and
  // account for every due frame as rendered or dropped.
  model::MjModelPtr m = CompileXml(BoxSceneXml(2.0, 0.0, 1.0));
  model::MjDataPtr d = model::MakeData(m.get());
  CameraRunner runner(EyeOnly(200, 0.0), m.get(), 1);
  runner.Start();
  for (int tick = 0; tick < 2000; ++tick) {
    d->time = tick * 1e-3;
    runner.Publish(d.get());
  }
  runner.Flush();
  runner.Stop();
  const CameraRunnerStats stats = runner.stats();
  EXPECT_GE(stats.frames_rendered, 1u);
  // Due at 0, 5, ..., 1995 ms: 400 frames, each rendered or dropped once Flush has seen the
  // last hand-over. (Should the hand-overs at 1995-1999 ms all find the thread copying, the
  // last frame would be neither: hence 399.)
  EXPECT_LE(stats.frames_rendered + stats.frames_dropped, 400u);
  EXPECT_GE(stats.frames_rendered + stats.frames_dropped, 399u);
}

TEST(CameraRunner, UnknownCameraIsAnInputError) {
  model::MjModelPtr m = CompileXml(BoxSceneXml(2.0, 0.0, 1.0));
  model::RobotSpec spec = EyeOnly(30, 0);
  spec.cameras[0].name = "chest";
  EXPECT_THROW(CameraRunner(spec, m.get(), 1), InputError);
}

}  // namespace
}  // namespace tianmu::perception
