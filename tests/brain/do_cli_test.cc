// `tianmu do` from the outside: the built binary run with the hall's objects
// (tests/brain/data/hall.json) on TM-1 in the flat scene; exit codes, JSON, questions back for
// ambiguous instructions, errors for unknown verbs, and the tree written for Groot2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;
using tianmu::testing::CommandResult;

const std::string kHall = TIANMU_TEST_DATA_DIR "/hall.json";

CommandResult RunDo(const std::string& args) {
  return tianmu::testing::RunCommand(std::string("'") + TIANMU_CLI + "' do " + args);
}

TEST(DoCli, WavesAndReportsSuccessPlanAndDurationAsJson) {
  const CommandResult r = RunDo("wave --objects '" + kHall + "' --seed 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["success"].get<bool>());
  EXPECT_EQ(j["plan"], nlohmann::json::array({"wave()"}));
  EXPECT_GT(j["duration_s"].get<double>(), 1.0);  // three swings at 0.8 Hz take ~3.75 s
  EXPECT_EQ(j["language"], "en");
  EXPECT_EQ(j["perception"], "oracle");
  EXPECT_TRUE(j["failures"].empty());
}

TEST(DoCli, AsksBackOnAnAmbiguousInstructionWithoutMoving) {
  const CommandResult r = RunDo("'看杯子' --objects '" + kHall + "' --json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["understood"], "clarify");
  EXPECT_EQ(j["candidates"], nlohmann::json::array({"cup_red", "cup_blue"}));
  EXPECT_FALSE(j["executed"].get<bool>());
  EXPECT_EQ(j["failures"][0]["reason"], "ambiguous_instruction");
  EXPECT_NE(j["question"].get<std::string>().find("您指的是哪一个"), std::string::npos);
}

TEST(DoCli, UnknownVerbsAndMissingObjectsAreInputErrors) {
  CommandResult r = RunDo("'fly to the table' --objects '" + kHall + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown verb 'fly'"), std::string::npos) << r.err;
  r = RunDo("wave");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("objects"), std::string::npos) << r.err;
  r = RunDo("wave --objects /nonexistent/hall.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/hall.json"), std::string::npos) << r.err;
}

TEST(DoCli, PlanOnlyWritesTheTreeAsBehaviorTreeCppXml) {
  const fs::path out =
      fs::temp_directory_path() / ("tianmu_do_" + std::to_string(getpid()) + ".xml");
  const CommandResult r = RunDo("'greet the visitor' --objects '" + kHall +
                                "' --plan-only --tree-out '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  std::stringstream xml;
  xml << in.rdbuf();
  EXPECT_NE(xml.str().find("BTCPP_format=\"4\""), std::string::npos) << xml.str();
  EXPECT_NE(xml.str().find("<turn_to name=\"turn_to(visitor,entrance)\""), std::string::npos)
      << xml.str();
  fs::remove(out);
}

}  // namespace
}  // namespace tianmu
