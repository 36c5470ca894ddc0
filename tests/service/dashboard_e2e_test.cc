// The dashboard end to end in headless Chromium (Debian's chromium, playwright-core from web/):
// log in with the token, press Walk, see the base move in the state stream, press E-STOP, see
// the robot stop. Screenshots go to BUILD_DIR/screenshots/dashboard. Requires the built
// dashboard (web/dist) and web/node_modules, which scripts/setup.sh provides; fails otherwise.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "run_command.h"
#include "service_test_util.h"

namespace tianmu::service {
namespace {

const std::filesystem::path kWebDir = TIANMU_WEB_DIR;

TEST(DashboardE2e, LogInWalkSeeTheBaseMoveEstopSeeItStop) {
  ASSERT_TRUE(std::filesystem::exists(kWebDir / "dist" / "index.html"))
      << "web/dist is missing: run scripts/setup.sh (npm ci && npm run build in web/)";
  ASSERT_TRUE(std::filesystem::exists(kWebDir / "node_modules" / "playwright-core"))
      << "web/node_modules is missing: run scripts/setup.sh";
  ServiceOptions options;
  options.static_dir = kWebDir / "dist";
  testing::TestService s(options);
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
  ASSERT_EQ(j["steps"].size(), 3u) << r.out;
  EXPECT_GT(j["steps"][1]["base_x_m"].get<double>(), j["steps"][0]["base_x_m"].get<double>());
  for (const auto& file : j["screenshots"]) {
    EXPECT_TRUE(std::filesystem::exists(file.get<std::string>())) << file;
  }
  // The robot really stopped: ground truth agrees with what the page showed.
  const RobotSnapshot snapshot = s.service->loop().Snapshot();
  EXPECT_TRUE(snapshot.estop);
  EXPECT_LT(std::hypot(snapshot.base_linear_velocity_mps[0], snapshot.base_linear_velocity_mps[1]),
            0.05);
}

}  // namespace
}  // namespace tianmu::service
