// The published Foxglove WebSocket client (@foxglove/ws-protocol under node) connects to the
// service, reads the advertised JSON-schema channels, receives joint states and drives the
// robot through client publishing. Requires node and tests/service/node/node_modules
// (scripts/setup.sh installs both); fails otherwise.
#include <gtest/gtest.h>

#include <filesystem>

#include "run_command.h"
#include "service_test_util.h"

namespace tianmu::service {
namespace {

const std::filesystem::path kNodeDir = TIANMU_SERVICE_NODE_DIR;

TEST(FoxgloveNode, PublishedClientSubscribesToJointStatesAndPublishesCommands) {
  ASSERT_TRUE(std::filesystem::exists(kNodeDir / "node_modules" / "@foxglove" / "ws-protocol"))
      << (kNodeDir / "node_modules").string()
      << " is missing: run scripts/setup.sh (it runs `npm ci` in tests/service/node)";
  testing::TestService s;
  const std::string command = std::string("'") + TIANMU_NODE_EXECUTABLE + "' '" +
                              (kNodeDir / "foxglove_client.mjs").string() +
                              "' ws://127.0.0.1:" + std::to_string(s.port()) + " " +
                              s.operator_token();
  const tianmu::testing::CommandResult r = tianmu::testing::RunCommand(command);
  ASSERT_EQ(r.exit_code, 0) << r.out << "\n" << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["serverInfo"]["name"], "tianmu tm1");
  EXPECT_EQ(j["channels"].size(), 6u);
  EXPECT_GE(j["jointMessages"].get<int>(), 20);
  EXPECT_EQ(j["jointNames"].get<int>(), 42);
  EXPECT_TRUE(j["positionsFinite"].get<bool>());
  EXPECT_TRUE(j["timestampsIncrease"].get<bool>());
  EXPECT_TRUE(j["commandSeen"].get<bool>());
  EXPECT_TRUE(j["statusMessages"].empty()) << j["statusMessages"].dump();
}

}  // namespace
}  // namespace tianmu::service
