// `tianmu sim` as a user runs it: JSON summary, pushes, logs, and every kind of bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::RunCommand;

const std::string kCli = TIANMU_CLI;

fs::path TempDir(const std::string& tag) {
  fs::path dir =
      fs::temp_directory_path() / ("tianmu-e2e-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(SimCommand, JsonSummaryHasTheDocumentedFields) {
  const auto r = RunCommand(kCli + " sim --robot tm1 --scene flat --duration 1.5 --seed 7 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("robot"), "tm1");
  EXPECT_EQ(j.at("scene"), "flat");
  EXPECT_EQ(j.at("seed"), 7);
  EXPECT_NEAR(j.at("duration_s").get<double>(), 1.5, 1e-6);
  EXPECT_EQ(j.at("fell"), false);
  EXPECT_TRUE(j.at("fall_time_s").is_null());
  EXPECT_LT(j.at("distance_m").get<double>(), 0.02);
  ASSERT_EQ(j.at("final_base_pos").size(), 3u);
  EXPECT_LT(j.at("max_tilt_deg").get<double>(), 3.0);
  EXPECT_GT(j.at("energy_J").get<double>(), 0.0);
  EXPECT_EQ(j.at("rejected_commands"), 0);
  EXPECT_THAT(r.err, HasSubstr("sim: tm1 in flat"));  // progress goes to stderr
}

TEST(SimCommand, SameSeedGivesTheSameResult) {
  const std::string run =
      kCli + " sim --robot tm1s --duration 1 --json --push t=0.3,body=base,f=40,0,0 --seed 5";
  const auto a = nlohmann::json::parse(RunCommand(run).out);
  const auto b = nlohmann::json::parse(RunCommand(run).out);
  EXPECT_EQ(a.at("final_base_pos"), b.at("final_base_pos"));
  EXPECT_EQ(a.at("energy_J"), b.at("energy_J"));
  EXPECT_EQ(a.at("max_tilt_deg"), b.at("max_tilt_deg"));
}

TEST(SimCommand, LargePushKnocksTheRobotOverAndIsReported) {
  const auto r = RunCommand(
      kCli + " sim --robot tm1 --duration 3 --json --push t=0.5,body=base,impulse=0,-150,0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("fell"), true);
  EXPECT_GT(j.at("fall_time_s").get<double>(), 0.5);
  EXPECT_LT(j.at("final_base_pos")[1].get<double>(), -0.1);  // fell the way it was pushed
  ASSERT_EQ(j.at("pushes").size(), 1u);
  EXPECT_EQ(j.at("pushes")[0].at("body"), "pelvis");  // "base" resolved to TM-1's base body
  EXPECT_NEAR(j.at("pushes")[0].at("impulse_Ns").get<double>(), 150.0, 1e-9);
}

TEST(SimCommand, WritesALogThatLogInfoReads) {
  const fs::path dir = TempDir("log");
  const fs::path log = dir / "run.mcap";
  const auto r = RunCommand(kCli + " sim --robot tm1s --duration 0.5 --log " + log.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::is_regular_file(log));
  const auto info = RunCommand(kCli + " log info " + log.string() + " --json");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  // 500 control ticks, five channels each.
  EXPECT_EQ(j.at("messages"), 2500);
  std::set<std::string> topics;
  for (const auto& c : j.at("channels")) {
    topics.insert(c.at("topic").get<std::string>());
    EXPECT_EQ(c.at("messages"), 500);
  }
  EXPECT_EQ(topics, (std::set<std::string>{"/state/joints", "/state/imu", "/state/feet",
                                           "/command/joints", "/truth/base_pose"}));
  EXPECT_NEAR(j.at("duration_s").get<double>(), 0.499, 1e-6);
  fs::remove_all(dir);
}

struct BadInput {
  std::string args;
  std::string message;
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << "sim " << b.args; }

class SimBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(SimBadInput, ExitsTwoWithOneClearLine) {
  const auto r = RunCommand(kCli + " sim " + GetParam().args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr(GetParam().message));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.out.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Flags, SimBadInput,
    ::testing::Values(
        BadInput{"--robot nobody", "unknown robot 'nobody'"},
        BadInput{"--scene moon", "unknown scene 'moon' (known: "},
        BadInput{"--duration abc", "--duration: expected a number"},
        BadInput{"--duration -1", "--duration: expected a number"},
        BadInput{"--seed -3", "--seed: expected a non-negative integer"},
        BadInput{"--speed 3", "--speed: unknown flag"},
        BadInput{"--duration", "--duration: missing value"},
        BadInput{"--push t=1,body=tail,f=1,0,0 --duration 0.1", "push body 'tail'"},
        BadInput{"--push t=1,body=pelvis,f=1,0 --duration 0.1", "f: expected 3 components"},
        BadInput{"--log /nonexistent-dir/x.mcap --duration 0.1", "/nonexistent-dir/x.mcap"},
        BadInput{"--robot /nonexistent/robot.yaml", "/nonexistent/robot.yaml"},
        BadInput{"--controller magic", "--controller: unknown controller 'magic'"},
        BadInput{"--cmd 0.5,0", "--cmd: expected three numbers"},
        BadInput{"--cmd 0.5,x,0", "--cmd: expected three numbers"},
        BadInput{"--controller posture --cmd 0.5,0,0", "--cmd: needs --controller wbc"},
        BadInput{"--cmd 0.1,0,0 --cmd-file x.yaml", "give one of them"},
        BadInput{"--cmd-file /nonexistent/course.yaml", "/nonexistent/course.yaml"},
        BadInput{"--estop-at -1", "--estop-at: expected a number"},
        BadInput{"--controller-config /nonexistent/c.yaml", "/nonexistent/c.yaml"},
        BadInput{"--camera head_rgbd", "--camera and --follow go with --video"},
        BadInput{"--video x.mp4 --camera head_rgbd --follow", "choose one view"},
        BadInput{"--video /nonexistent-dir/v.mp4 --duration 0.1", "/nonexistent-dir/v.mp4"},
        BadInput{"--log-cameras --duration 0.1", "--log-cameras goes with --log"}));

TEST(SimCommand, VideoThroughTheHeadCameraHasAFrameEveryThirtiethOfASecond) {
  const fs::path dir = TempDir("video");
  const auto r = RunCommand(kCli + " sim --duration 0.5 --json --camera head_rgbd --video " +
                            (dir / "head.mp4").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto video = nlohmann::json::parse(r.out).at("video");
  // Frames at 0, 1/30, ..., 15/30 s of simulated time.
  EXPECT_EQ(video.at("frames"), 16);
  EXPECT_EQ(video.at("view"), "camera head_rgbd");
  EXPECT_EQ(video.at("path"), (dir / "head.mp4").string());
  EXPECT_GT(fs::file_size(dir / "head.mp4"), 1000u);
  fs::remove_all(dir);
}

TEST(SimCommand, LoggedCamerasPutEveryFrameIntoTheRunLog) {
  const fs::path dir = TempDir("camera-log");
  const fs::path log = dir / "run.mcap";
  const auto r = RunCommand(kCli + " sim --duration 0.5 --log-cameras --log " + log.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = RunCommand(kCli + " log info --json " + log.string());
  ASSERT_EQ(info.exit_code, 0) << info.err;
  std::map<std::string, std::pair<std::string, int>> channels;  // topic -> schema, messages
  const auto summary = nlohmann::json::parse(info.out);
  for (const auto& c : summary.at("channels")) {
    channels[c.at("topic").get<std::string>()] = {c.at("schema").get<std::string>(),
                                                  c.at("messages").get<int>()};
  }
  // TM-1's head camera at 30 Hz over 0.5 s: frames at 0, 1/30, ..., 15/30 s, none dropped.
  using Row = std::pair<std::string, int>;
  EXPECT_EQ(channels["/camera/head_rgbd/image"], Row("foxglove.CompressedImage", 16));
  EXPECT_EQ(channels["/camera/head_rgbd/depth"], Row("foxglove.RawImage", 16));
  EXPECT_EQ(channels["/camera/head_rgbd/calibration"], Row("foxglove.CameraCalibration", 16));
  EXPECT_EQ(channels["/state/joints"].second, 500);  // the control channels are all still there
  fs::remove_all(dir);
}

TEST(SimCommand, VideoThroughAnUnknownCameraIsAnInputErrorNamingTheCameras) {
  const fs::path dir = TempDir("video-eye");
  const auto r =
      RunCommand(kCli + " sim --duration 0.1 --camera eye --video " + (dir / "eye.mp4").string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no camera 'eye' in the model (cameras: head_rgbd)"));
  EXPECT_FALSE(fs::exists(dir / "eye.mp4"));
  fs::remove_all(dir);
}

// Writes `text` to a file in a fresh temporary directory and returns its path.
fs::path WriteTemp(const std::string& name, const std::string& text) {
  const fs::path dir = TempDir("file");
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(SimCommand, CommandScheduleAndControllerConfigErrorsNameFileLineAndField) {
  const fs::path course =
      WriteTemp("course.yaml", "commands:\n  - {t: 1, vx: 0.2}\n  - {t: 0.5, vx: 0}\n");
  auto r = RunCommand(kCli + " sim --duration 0.1 --cmd-file " + course.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("course.yaml:3: commands[1].t: expected a time >= the previous"));
  const fs::path typo = WriteTemp("typo.yaml", "commands:\n  - {t: 1, speed: 0.2}\n");
  r = RunCommand(kCli + " sim --duration 0.1 --cmd-file " + typo.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("commands[0].speed: unknown field"));
  const fs::path config = WriteTemp("wbc.yaml", "wbc:\n  com_weight: 100\n  swing_kp: -3\n");
  r = RunCommand(kCli + " sim --duration 0.1 --controller-config " + config.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("wbc.yaml:3: wbc.swing_kp: expected a number in [0,"));
  const fs::path limits = WriteTemp("limits.yaml", "locomotion:\n  max_vx_mps: -1\n");
  r = RunCommand(kCli + " sim --duration 0.1 --controller-config " + limits.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("locomotion.max_vx_mps"));
}

TEST(SimCommand, VelocityBeyondTheLimitsIsClampedAndReported) {
  const auto r = RunCommand(kCli + " sim --robot tm1 --duration 0.3 --cmd 9,0,0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(nlohmann::json::parse(r.out).at("commands_clamped").get<int>(), 0);
}

TEST(SimCommand, BadPushLeavesNoLogBehind) {
  const fs::path dir = TempDir("nolog");
  const fs::path log = dir / "run.mcap";
  const auto r = RunCommand(kCli + " sim --duration 0.2 --log " + log.string() +
                            " --push t=0.1,body=tail,f=1,0,0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(fs::is_empty(dir)) << "a partial file was left in " << dir;
  fs::remove_all(dir);
}

TEST(Cli, UnknownCommandExitsTwo) {
  const auto r = RunCommand(kCli + " fly");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command 'fly'"));
}

}  // namespace
}  // namespace tianmu
