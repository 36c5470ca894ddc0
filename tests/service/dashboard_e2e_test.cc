// The dashboard end to end in headless Chromium (Debian's chromium, playwright-core from web/):
// log in with the token, play a motion, record while spawning an object, press Walk, see the
// base move in the state stream, press E-STOP, see the robot stop. Screenshots go to
// BUILD_DIR/screenshots/dashboard. Requires the built dashboard (web/dist) and web/node_modules,
// which scripts/setup.sh provides; fails otherwise.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "run_command.h"
#include "service_test_util.h"
#include "tianmu/motion/library.h"
#include "tianmu/record/dataset.h"

namespace tianmu::service {
namespace {

const std::filesystem::path kWebDir = TIANMU_WEB_DIR;

TEST(DashboardE2e, LogInPlayRecordSpawnWalkSeeTheBaseMoveEstopSeeItStop) {
  ASSERT_TRUE(std::filesystem::exists(kWebDir / "dist" / "index.html"))
      << "web/dist is missing: run scripts/setup.sh (npm ci && npm run build in web/)";
  ASSERT_TRUE(std::filesystem::exists(kWebDir / "node_modules" / "playwright-core"))
      << "web/node_modules is missing: run scripts/setup.sh";
  ServiceOptions options;
  options.static_dir = kWebDir / "dist";
  testing::TestService s(options);
  // What `tianmu serve` does at start-up: the starter clips for the motion list.
  motion::MotionLibrary(s.dir.path() / "motions").EnsureStarterClips(testing::Tm1());
  const std::filesystem::path shots = std::filesystem::path(TIANMU_SCREENSHOT_DIR) / "dashboard";
  const std::string command = std::string("'") + TIANMU_NODE_EXECUTABLE + "' '" +
                              (kWebDir / "e2e" / "dashboard.mjs").string() +
                              "' http://127.0.0.1:" + std::to_string(s.port()) + "/ " +
                              s.operator_token() + " '" + shots.string() + "' '" + TIANMU_CHROMIUM +
                              "'";
  const tianmu::testing::CommandResult r = tianmu::testing::RunCommand(command);
  ASSERT_EQ(r.exit_code, 0) << r.out << "\n" << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  ASSERT_EQ(j["steps"].size(), 5u) << r.out;
  const nlohmann::json& walk = j["steps"][3];
  EXPECT_GT(walk["base_x_m"].get<double>(), walk["from_x_m"].get<double>() + 0.25) << walk;
  // The buttons did what they say: an object is in the world, an episode is on disk.
  EXPECT_NE(s.service->loop().Snapshot().model->geometry_json.find("object_"), std::string::npos);
  const record::DatasetInfo episodes = record::InspectDataset(s.dir.path() / "datasets" / "live");
  EXPECT_EQ(episodes.valid_episodes, 1) << r.out;
  for (const auto& file : j["screenshots"]) {
    EXPECT_TRUE(std::filesystem::exists(file.get<std::string>())) << file;
  }
  // The robot really stopped: ground truth agrees with what the page showed. A category-1 stop
  // then lowers the robot to its rest posture before the drives go to damping; wait for that
  // (deadline: the 5 s bar plus margin for a loaded machine) and see it at rest, not fallen.
  RobotSnapshot snapshot = s.service->loop().Snapshot();
  EXPECT_TRUE(snapshot.estop);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         !(snapshot.mode == "damping" && std::hypot(snapshot.base_linear_velocity_mps[0],
                                                    snapshot.base_linear_velocity_mps[1]) < 0.05)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    snapshot = s.service->loop().Snapshot();
  }
  EXPECT_EQ(snapshot.mode, "damping");
  EXPECT_LT(std::hypot(snapshot.base_linear_velocity_mps[0], snapshot.base_linear_velocity_mps[1]),
            0.05);
  EXPECT_FALSE(snapshot.fallen);
}

}  // namespace
}  // namespace tianmu::service
