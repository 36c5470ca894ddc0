// `tianmu demo` (the main job) and `tianmu bench sim` from the outside.
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
using ::testing::StartsWith;

const std::string kCli = TIANMU_CLI;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(DemoCommand, Tm1WalksStopsSurvivesThePushAndWritesLogSummaryPlotAndVideo) {
  const fs::path out = fs::temp_directory_path() / ("tianmu-demo-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const auto r = RunCommand(kCli + " demo --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto summary = nlohmann::json::parse(ReadFile(out / "summary.json"));
  EXPECT_EQ(summary.at("robot"), "tm1");
  EXPECT_EQ(summary.at("fell"), false);
  ASSERT_EQ(summary.at("pushes").size(), 1u);
  EXPECT_GT(summary.at("pushes")[0].at("impulse_Ns").get<double>(), 15.0);
  // It walked forward about 0.4 m/s for 5 s (minus start-up) and came to a stand.
  EXPECT_GT(summary.at("final_base_pos")[0].get<double>(), 1.5);
  EXPECT_EQ(summary.at("controller_mode"), "standing");
  // The push visibly moved the robot: it tilted, then recovered.
  EXPECT_GT(summary.at("max_tilt_deg").get<double>(), 0.5);
  EXPECT_THAT(ReadFile(out / "demo.svg"), StartsWith("<?xml"));
  EXPECT_THAT(ReadFile(out / "demo.svg"), HasSubstr("base height"));
  EXPECT_THAT(ReadFile(out / "demo.svg"), HasSubstr("walking progress"));
  const auto info = RunCommand(kCli + " log info --json " + (out / "demo.mcap").string());
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_GT(nlohmann::json::parse(info.out).at("messages").get<int>(), 1000);
  // The video follows the whole run: 11 s at 30 frames/s, the first frame at 0 s.
  EXPECT_EQ(summary.at("video").at("frames"), 331);
  EXPECT_EQ(summary.at("video").at("width_px"), 640);
  EXPECT_GT(fs::file_size(out / "demo.mp4"), 10000u);
  // No temporary files are left next to the outputs.
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp")));
  }
  fs::remove_all(out);
}

TEST(DemoCommand, UnwritableOutputIsAnInputError) {
  const auto r = RunCommand(kCli + " demo --out /proc/tianmu-cannot-write-here");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("/proc/tianmu-cannot-write-here"));
}

TEST(BenchCommand, SimPrintsMachineReadableFigures) {
  const auto r = RunCommand(kCli + " bench sim --robot tm1s --duration 0.3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("robot"), "tm1s");
  EXPECT_GT(j.at("steps_per_s").get<double>(), 0.0);
  EXPECT_GT(j.at("realtime_factor").get<double>(), 0.0);
  EXPECT_GT(j.at("ideal_actuators").at("steps_per_s").get<double>(), 0.0);
}

}  // namespace
}  // namespace tianmu
