// Episode files: what is written is read back exactly, unfinished files never appear under the
// final name, and damaged files are reported with a reason.
#include "tianmu/record/episode_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace tianmu::record {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path FreshDir(const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-episode-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

constexpr int kJoints = 3;
constexpr int kTouch = 2;

EpisodeFrame Frame(int i) {
  EpisodeFrame f;
  f.time_s = 0.02 * i;
  for (auto* v : {&f.q_rad, &f.dq_radps, &f.tau_Nm, &f.q_des_rad, &f.dq_des_radps, &f.kp_Nm_per_rad,
                  &f.kd_Nms_per_rad, &f.tau_ff_Nm}) {
    v->assign(kJoints, 0.0);
  }
  for (int j = 0; j < kJoints; ++j) {
    f.q_rad[j] = i + 0.1 * j;
    f.q_des_rad[j] = -i - 0.1 * j;
    f.kp_Nm_per_rad[j] = 100 + j;
  }
  f.touch_N = {1.0 * i, 2.0 * i};
  f.foot_wrench[1][5] = i;  // right foot torque z
  f.command_velocity = {0.1 * i, 0, 0};
  return f;
}

EpisodeAttributes Attributes() {
  EpisodeAttributes a;
  a.robot = "testbot";
  a.scene = "flat";
  a.task = "random-walk";
  a.instruction = "walk forward at 0.30 m/s 走";
  a.seed = 42;
  a.fps = 50;
  a.success = true;
  a.joint_names = {"hip", "knee", "ankle"};
  a.touch_names = {"palm_l", "palm_r"};
  return a;
}

// Writes `frames` frames (more than one 256-row chunk when large) and finishes.
fs::path WriteEpisode(const fs::path& dir, int frames) {
  const fs::path file = dir / "episode_000000.hdf5";
  EpisodeWriter w(file, kJoints, kTouch);
  for (int i = 0; i < frames; ++i) w.Append(Frame(i));
  w.Finish(Attributes());
  return file;
}

TEST(RecordEpisodeFile, WhatIsWrittenIsReadBackWithTheDocumentedShapesAndAttributes) {
  const fs::path dir = FreshDir("roundtrip");
  const fs::path file = WriteEpisode(dir, 300);  // two chunks: the flush path and the tail
  EXPECT_FALSE(fs::exists(dir / "episode_000000.hdf5.tmp"));
  const EpisodeCheck check = ValidateEpisode(file);
  ASSERT_TRUE(check.summary) << check.reason;
  EXPECT_EQ(check.summary->frames, 300);
  EXPECT_NEAR(check.summary->duration_s, 300 * 0.02, 1e-9);
  EXPECT_EQ(check.summary->attributes.robot, "testbot");
  EXPECT_EQ(check.summary->attributes.instruction, "walk forward at 0.30 m/s 走");
  EXPECT_EQ(check.summary->attributes.seed, 42u);
  EXPECT_TRUE(check.summary->attributes.success);
  EXPECT_EQ(check.summary->attributes.joint_names, Attributes().joint_names);

  const ArrayData qpos = ReadEpisodeArray(file, "/observations/qpos");
  EXPECT_EQ(qpos.shape, (std::vector<std::uint64_t>{300, kJoints}));
  EXPECT_DOUBLE_EQ(qpos.values[299 * kJoints + 2], 299.2);
  const ArrayData action = ReadEpisodeArray(file, "/action");
  EXPECT_DOUBLE_EQ(action.values[7 * kJoints + 1], -7.1);
  const ArrayData wrench = ReadEpisodeArray(file, "/observations/foot_wrench");
  EXPECT_EQ(wrench.shape, (std::vector<std::uint64_t>{300, 2, 6}));
  EXPECT_DOUBLE_EQ(wrench.values[(260 * 2 + 1) * 6 + 5], 260);
  EXPECT_EQ(ReadEpisodeArray(file, "/observations/touch").shape,
            (std::vector<std::uint64_t>{300, kTouch}));
  EXPECT_EQ(ReadEpisodeArray(file, "/time").shape, (std::vector<std::uint64_t>{300}));
  EXPECT_DOUBLE_EQ(ReadEpisodeArray(file, "/action_full/kp").values[2], 102);
  fs::remove_all(dir);
}

TEST(RecordEpisodeFile, AnUnfinishedWriterLeavesNoFileBehind) {
  const fs::path dir = FreshDir("unfinished");
  {
    EpisodeWriter w(dir / "episode_000001.hdf5", kJoints, kTouch);
    for (int i = 0; i < 10; ++i) w.Append(Frame(i));
    EXPECT_TRUE(fs::exists(dir / "episode_000001.hdf5.tmp"));
  }
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST(RecordEpisodeFile, FramesOfTheWrongSizeAreRefused) {
  const fs::path dir = FreshDir("size");
  EpisodeWriter w(dir / "episode_000000.hdf5", kJoints, kTouch);
  EpisodeFrame f = Frame(0);
  f.q_rad.pop_back();
  EXPECT_ANY_THROW(w.Append(f));
  fs::remove_all(dir);
}

TEST(RecordEpisodeFile, TruncatedAndForeignFilesAreInvalidWithAReason) {
  const fs::path dir = FreshDir("damaged");
  const fs::path file = WriteEpisode(dir, 100);
  const auto size = fs::file_size(file);
  fs::copy_file(file, dir / "half.hdf5");
  fs::resize_file(dir / "half.hdf5", size / 2);
  const EpisodeCheck half = ValidateEpisode(dir / "half.hdf5");
  EXPECT_FALSE(half.summary);
  EXPECT_THAT(half.reason, HasSubstr("truncated"));
  fs::copy_file(file, dir / "short.hdf5");
  fs::resize_file(dir / "short.hdf5", size - 100);  // only the tail missing
  EXPECT_FALSE(ValidateEpisode(dir / "short.hdf5").summary);
  std::ofstream(dir / "text.hdf5") << "not hdf5";
  EXPECT_THAT(ValidateEpisode(dir / "text.hdf5").reason, HasSubstr("not an HDF5 file"));
  EXPECT_TRUE(ValidateEpisode(file).summary);  // the original is untouched
  fs::remove_all(dir);
}

TEST(RecordEpisodeFile, ARobotWithoutTouchSensorsGetsNoTouchDatasetAndAnEmptyNameList) {
  const fs::path dir = FreshDir("notouch");
  const fs::path file = dir / "episode_000000.hdf5";
  EpisodeWriter w(file, kJoints, 0);
  for (int i = 0; i < 5; ++i) {
    EpisodeFrame f = Frame(i);
    f.touch_N.clear();
    w.Append(f);
  }
  EpisodeAttributes a = Attributes();
  a.touch_names.clear();
  w.Finish(a);
  const EpisodeCheck check = ValidateEpisode(file);
  ASSERT_TRUE(check.summary) << check.reason;
  EXPECT_TRUE(check.summary->attributes.touch_names.empty());
  EXPECT_ANY_THROW(ReadEpisodeArray(file, "/observations/touch"));
  fs::remove_all(dir);
}

TEST(RecordEpisodeFile, AnEpisodeWithoutFramesIsInvalid) {
  const fs::path dir = FreshDir("empty");
  EpisodeWriter w(dir / "episode_000000.hdf5", kJoints, kTouch);
  w.Finish(Attributes());
  EXPECT_THAT(ValidateEpisode(dir / "episode_000000.hdf5").reason, HasSubstr("no frames"));
  fs::remove_all(dir);
}

// Found by fuzz/hdf5_episode_fuzzer: a dataset whose element type claims to be an 18952-byte
// float made libhdf5's type conversion inside H5Dread copy past its own buffer (a segfault, an
// ASan heap-buffer-overflow); the reader now accepts standard number types only.
TEST(RecordEpisodeFile, ADatasetOfANonStandardNumberTypeIsInvalidWithoutBeingRead) {
  const EpisodeCheck check = ValidateEpisode(fs::path(TIANMU_FUZZ_REGRESSIONS_DIR) /
                                             "hdf5_episode/float_of_18952_bytes.hdf5");
  EXPECT_FALSE(check.summary);
  EXPECT_THAT(check.reason, HasSubstr("/action_full/q_des: not a standard number type"));
}

// Converting an out-of-range double attribute to an integer was undefined behaviour (UBSan).
TEST(RecordEpisodeFile, ASeedOutsideTheIntegerRangeIsInvalid) {
  const fs::path dir = FreshDir("seed");
  const fs::path file = WriteEpisode(dir, 3);
  {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    ASSERT_GE(H5Adelete(f, "seed"), 0);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attribute =
        H5Acreate2(f, "seed", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
    const double huge = 1e30;
    ASSERT_GE(H5Awrite(attribute, H5T_NATIVE_DOUBLE, &huge), 0);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Fclose(f);
  }
  const EpisodeCheck check = ValidateEpisode(file);
  EXPECT_FALSE(check.summary);
  EXPECT_THAT(check.reason, HasSubstr("attribute seed"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tianmu::record
