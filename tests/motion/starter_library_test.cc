// The starter motions of TM-1 and TM-1S: all seven exist for both robots, stay inside joint
// ranges and speed limits, keep the feet still and do not self-penetrate; clip files round-trip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "tianmu/core/error.h"
#include "tianmu/motion/library.h"
#include "tianmu/motion/motion_map.h"
#include "tianmu/motion/starter_clips.h"

namespace tianmu::motion {
namespace {

namespace fs = std::filesystem;

class MotionStarter : public ::testing::TestWithParam<std::string> {};

TEST_P(MotionStarter, SevenClipsInsideLimitsWithFeetStillAndNoSelfPenetration) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(GetParam());
  const MotionMap map = LoadMotionMap(DefaultMotionMapPath(spec), spec);
  const std::vector<RobotClip> clips = MakeStarterClips(spec, map);
  std::set<std::string> names;
  for (const RobotClip& clip : clips) {
    names.insert(clip.name);
    SCOPED_TRACE(clip.name);
    EXPECT_EQ(clip.robot, spec.name);
    EXPECT_EQ(clip.joint_names.size(), spec.joints.size());
    EXPECT_GE(clip.duration_s(), 3.0);
    EXPECT_EQ(clip.metrics.at("joint_limit_violations"), 0);
    EXPECT_EQ(clip.metrics.at("self_penetration_frames"), 0);
    EXPECT_EQ(clip.metrics.at("ground_penetration_frames"), 0);
    // Under half of any joint's no-load speed: room for the controller to catch up.
    EXPECT_LT(clip.metrics.at("max_velocity_ratio").get<double>(), 0.5);
    // The base is placed so the left sole stays put; the right one follows by symmetry of the
    // stance (squat and bow move both legs alike): well under a millimetre in total.
    EXPECT_LT(clip.metrics.at("foot_slide_cm").get<double>(), 0.1);
  }
  EXPECT_EQ(names, (std::set<std::string>{"wave", "bow", "point_left", "point_right",
                                          "reach_forward", "squat", "look_around"}));
}

INSTANTIATE_TEST_SUITE_P(BothRobots, MotionStarter, ::testing::Values("tm1", "tm1s"));

TEST(MotionLibrary, SeedsOnceStoresAndReloadsClips) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-motion-lib-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s");
  {
    MotionLibrary library(dir);
    EXPECT_EQ(library.EnsureStarterClips(spec), 7);
    EXPECT_EQ(library.EnsureStarterClips(spec), 0);
    EXPECT_EQ(library.List("tm1s").size(), 7u);
    EXPECT_TRUE(library.List("tm1").empty());
  }
  MotionLibrary reopened(dir);
  EXPECT_EQ(reopened.EnsureStarterClips(spec), 0);
  const LibraryEntry wave = reopened.Get("tm1s", "wave");
  const RobotClip clip = reopened.Load(wave);
  EXPECT_EQ(clip.num_frames(), wave.frames);
  EXPECT_EQ(clip.licence, "CC0-1.0");
  EXPECT_THROW(reopened.Add(clip, /*force=*/false), InputError);
  EXPECT_NO_THROW(reopened.Add(clip, /*force=*/true));
  EXPECT_THROW(reopened.Get("tm1s", "moonwalk"), InputError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tianmu::motion
