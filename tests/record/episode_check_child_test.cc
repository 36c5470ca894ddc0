// Episode validation in a child process: the verdict on good and bad files is the in-process
// one, and a reader that crashes or hangs becomes an invalid verdict, never the caller's end.
#include "tianmu/record/episode_check_child.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace tianmu::record {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A finished two-joint episode of `frames` frames in a fresh directory.
fs::path WriteEpisode(const std::string& tag, int frames) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-child-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "episode_000000.hdf5";
  EpisodeWriter w(file, 2, 0);
  for (int i = 0; i < frames; ++i) {
    EpisodeFrame f;
    f.time_s = 0.02 * i;
    for (auto* v : {&f.q_rad, &f.dq_radps, &f.tau_Nm, &f.q_des_rad, &f.dq_des_radps,
                    &f.kp_Nm_per_rad, &f.kd_Nms_per_rad, &f.tau_ff_Nm}) {
      v->assign(2, 0.1 * i);
    }
    w.Append(f);
  }
  EpisodeAttributes a;
  a.robot = "testbot";
  a.scene = "flat";
  a.task = "stand";
  a.instruction = "stand still 站";
  a.seed = 1234567890123ull;
  a.fps = 50;
  a.success = true;
  a.episode_index = 7;
  a.joint_names = {"hip", "knee"};
  w.Finish(a);
  return file;
}

TEST(EpisodeCheckChild, VerdictsOnGoodAndBadFilesMatchTheInProcessReader) {
  const fs::path file = WriteEpisode("good", 60);
  const EpisodeCheck here = ValidateEpisode(file);
  const EpisodeCheck child = ValidateEpisodeInChild(file);
  ASSERT_TRUE(here.summary) << here.reason;
  ASSERT_TRUE(child.summary) << child.reason;
  EXPECT_EQ(child.summary->frames, here.summary->frames);
  EXPECT_DOUBLE_EQ(child.summary->duration_s, here.summary->duration_s);
  EXPECT_EQ(child.summary->bytes, here.summary->bytes);
  EXPECT_EQ(child.summary->tianmu_version, here.summary->tianmu_version);
  EXPECT_EQ(child.summary->attributes.instruction, "stand still 站");
  EXPECT_EQ(child.summary->attributes.seed, here.summary->attributes.seed);
  EXPECT_EQ(child.summary->attributes.episode_index, 7);
  EXPECT_EQ(child.summary->attributes.joint_names, here.summary->attributes.joint_names);
  EXPECT_TRUE(child.summary->attributes.success);

  const fs::path text = file.parent_path() / "text.hdf5";
  std::ofstream(text) << "not hdf5";
  EXPECT_EQ(ValidateEpisodeInChild(text).reason, ValidateEpisode(text).reason);
  EXPECT_FALSE(ValidateEpisodeInChild(text).summary);
  fs::remove_all(file.parent_path());
}

TEST(EpisodeCheckChild, AReaderThatCrashesGivesAnInvalidVerdictAndTheCallerCarriesOn) {
  const EpisodeCheck crashed = CheckInChild(
      []() -> EpisodeCheck {
        ::raise(SIGSEGV);  // what libhdf5's overrun does to the reading process
        return {};
      },
      10);
  EXPECT_FALSE(crashed.summary);
  EXPECT_THAT(crashed.reason, HasSubstr("crashed"));
  EXPECT_THAT(crashed.reason, HasSubstr("SIGSEGV"));
}

TEST(EpisodeCheckChild, AReaderThatHangsIsKilledAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const EpisodeCheck hung = CheckInChild(
      []() -> EpisodeCheck {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        return {};
      },
      0.3);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(hung.summary);
  EXPECT_THAT(hung.reason, HasSubstr("did not finish"));
  EXPECT_LT(elapsed_s, 10.0);  // killed at 0.3 s; generous for a loaded machine
}

}  // namespace
}  // namespace tianmu::record
