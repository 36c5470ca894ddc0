// `tianmu record` and `tianmu dataset` as a user runs them, and h5py (Debian's python3-h5py)
// reading a recorded episode to show that outside tools can consume the files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::RunCommand;

const std::string kCli = TIANMU_CLI;

fs::path TempDir(const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-record-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

// Two 2 s episodes of TM-1 at 50 Hz, recorded once for the whole suite (about 5 s).
class RecordedDataset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    parent_ = new fs::path(TempDir("suite"));
    fs::create_directories(*parent_);
    const auto r =
        RunCommand(kCli + " record --robot tm1 --scene flat --task random-walk " +
                   "--episodes 2 --duration 2 --rate 50 --seed 3 --json --out " + Dir().string());
    record_exit_ = r.exit_code;
    record_err_ = new std::string(r.err);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*parent_);
    delete parent_;
    delete record_err_;
  }
  void SetUp() override { ASSERT_EQ(record_exit_, 0) << *record_err_; }
  static fs::path Dir() { return *parent_ / "walks"; }

  static fs::path* parent_;
  static int record_exit_;
  static std::string* record_err_;
};
fs::path* RecordedDataset::parent_ = nullptr;
int RecordedDataset::record_exit_ = -1;
std::string* RecordedDataset::record_err_ = nullptr;

TEST_F(RecordedDataset, InfoJsonReportsEpisodesFramesBytesAndRate) {
  const auto r = RunCommand(kCli + " dataset info " + Dir().string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("episodes"), 2);
  EXPECT_EQ(j.at("valid_episodes"), 2);
  EXPECT_EQ(j.at("total_frames"), 200);  // 2 s at 50 Hz, twice
  EXPECT_DOUBLE_EQ(j.at("fps").get<double>(), 50);
  EXPECT_TRUE(j.at("invalid").empty());
  EXPECT_NEAR(j.at("total_duration_s").get<double>(), 4.0, 1e-6);
  const auto bytes =
      fs::file_size(Dir() / "episode_000000.hdf5") + fs::file_size(Dir() / "episode_000001.hdf5");
  EXPECT_EQ(j.at("total_bytes").get<std::uintmax_t>(), bytes);
  EXPECT_EQ(j.at("robot"), "tm1");
  EXPECT_EQ(j.at("successful_episodes"), 2);  // the random walk does not knock TM-1 over
  const auto validate = RunCommand(kCli + " dataset validate " + Dir().string());
  EXPECT_EQ(validate.exit_code, 0) << validate.out;
  EXPECT_THAT(validate.out, HasSubstr("dataset valid"));
  EXPECT_TRUE(fs::is_regular_file(Dir() / "dataset.json"));
  for (const auto& entry : fs::directory_iterator(Dir())) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST_F(RecordedDataset, H5pyReadsAnEpisodeWithTheDocumentedLayout) {
  const std::string script =
      "import h5py, numpy as np\n"
      "f = h5py.File('" +
      (Dir() / "episode_000001.hdf5").string() +
      "', 'r')\n"
      "T = f['/time'].shape[0]\n"
      "assert T == 100, T\n"
      "n = len(f.attrs['joint_names'])\n"
      "assert n == 42, n\n"
      "for k in ['qpos', 'qvel', 'effort']: assert f['observations'][k].shape == (T, n), k\n"
      "assert f['/observations/imu/orientation_wxyz'].shape == (T, 4)\n"
      "assert f['/observations/base_estimate/position'].shape == (T, 3)\n"
      "assert f['/observations/foot_wrench'].shape == (T, 2, 6)\n"
      "assert f['/observations/touch'].shape == (T, len(f.attrs['touch_names']))\n"
      "assert f['/action'].shape == (T, n)\n"
      "for k in ['q_des', 'dq_des', 'kp', 'kd', 'tau_ff']: assert f['action_full'][k].shape == (T, "
      "n)\n"
      "assert f['/command/velocity'].shape == (T, 3)\n"
      "assert np.all(np.diff(f['/time'][:]) > 0)\n"
      "assert f.attrs['robot'] == 'tm1' and f.attrs['scene'] == 'flat'\n"
      "assert f.attrs['seed'] == 4 and f.attrs['fps'] == 50.0\n"
      "assert bool(f.attrs['sim']) and f.attrs['success'] in (True, False)\n"
      "assert 'walk' in f.attrs['instruction']\n"
      "assert f['/observations/foot_wrench'][:, :, 2].mean() > 200  # feet carry the weight\n"
      "print('ok', T, n)\n";
  const fs::path py = *parent_ / "check.py";
  std::ofstream(py) << script;
  // Debian's interpreter, where python3-h5py is installed (a python3 earlier on PATH, e.g. from
  // pyenv, may not have it).
  const auto r = RunCommand("/usr/bin/python3 " + py.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ok 100 42\n");
}

TEST_F(RecordedDataset, ATruncatedEpisodeIsReportedAndTheOthersStayValid) {
  const fs::path copy = *parent_ / "damaged";
  fs::copy(Dir(), copy);
  const fs::path victim = copy / "episode_000001.hdf5";
  fs::resize_file(victim, fs::file_size(victim) / 2);
  const auto validate = RunCommand(kCli + " dataset validate " + copy.string());
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_THAT(validate.out, HasSubstr("ok       episode_000000.hdf5"));
  EXPECT_THAT(validate.out, HasSubstr("INVALID  episode_000001.hdf5"));
  EXPECT_THAT(validate.out, HasSubstr("dataset INVALID"));
  const auto info = RunCommand(kCli + " dataset info " + copy.string() + " --json");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j.at("episodes"), 2);
  EXPECT_EQ(j.at("valid_episodes"), 1);
  EXPECT_EQ(j.at("total_frames"), 100);
  ASSERT_EQ(j.at("invalid").size(), 1u);
  EXPECT_EQ(j.at("invalid")[0].at("file"), "episode_000001.hdf5");
  EXPECT_THAT(j.at("invalid")[0].at("reason").get<std::string>(), HasSubstr("truncated"));
}

TEST_F(RecordedDataset, AnExistingOutputDirectoryIsRefusedWithoutForce) {
  const fs::path copy = *parent_ / "again";
  fs::copy(Dir(), copy);
  const std::string run =
      kCli + " record --robot tm1s --episodes 1 --duration 0.3 --out " + copy.string();
  const auto refused = RunCommand(run);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--force"));
  EXPECT_TRUE(fs::exists(copy / "episode_000001.hdf5"));  // untouched
  const auto forced = RunCommand(run + " --force --json");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  const auto info =
      nlohmann::json::parse(RunCommand(kCli + " dataset info --json " + copy.string()).out);
  EXPECT_EQ(info.at("episodes"), 1);  // the earlier recording's episodes were replaced
  EXPECT_EQ(info.at("robot"), "tm1s");
}

TEST(RecordCommand, BadFlagsExitTwoBeforeAnythingIsWritten) {
  const fs::path out = TempDir("bad");
  struct Case {
    std::string args, message;
  };
  for (const Case& c : {Case{"--rate 0", "--rate"}, Case{"--rate 2000", "--rate"},
                        Case{"--task fly", "unknown task 'fly'"},
                        Case{"--episodes 0", "--episodes"}, Case{"--episodes 1.5", "--episodes"},
                        Case{"--colour red", "--colour"}, Case{"--scene moon", "unknown scene"}}) {
    const auto r = RunCommand(kCli + " record --duration 0.2 --out " + out.string() + " " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
  const auto missing = RunCommand(kCli + " record --duration 0.2");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("--out"));
  const auto no_dir = RunCommand(kCli + " dataset info " + out.string());
  EXPECT_EQ(no_dir.exit_code, 2);
}

}  // namespace
}  // namespace tianmu
