// Finding robots: names under assets/robots/, paths to a robot directory or a robot.yaml, and the
// error for anything else. Uses the fixture asset tree through TIANMU_ASSETS.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mini_fixture.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

using testing::FixtureAssets;
using testing::MiniDir;
using testing::ScopedEnv;

TEST(RobotLookup, ListsTheRobotDirectoriesHoldingARobotYaml) {
  const ScopedEnv assets("TIANMU_ASSETS", FixtureAssets().string());
  EXPECT_EQ(ListRobots(), (std::vector<std::string>{"mini"}));
}

TEST(RobotLookup, ResolvesANameAPathToTheDirectoryAndAPathToTheFile) {
  const ScopedEnv assets("TIANMU_ASSETS", FixtureAssets().string());
  EXPECT_EQ(ResolveRobotYaml("mini"), FixtureAssets() / "robots" / "mini" / "robot.yaml");
  EXPECT_EQ(ResolveRobotYaml(MiniDir().string()), MiniDir() / "robot.yaml");
  EXPECT_EQ(ResolveRobotYaml((MiniDir() / "robot.yaml").string()), MiniDir() / "robot.yaml");
}

TEST(RobotLookup, AFileNeedNotBeCalledRobotYaml) {
  const ScopedEnv assets("TIANMU_ASSETS", FixtureAssets().string());
  testing::MiniCopy mini;
  mini.Write();
  const auto other = mini.dir.path() / "variant.yaml";
  std::filesystem::copy_file(mini.yaml_path(), other);
  EXPECT_EQ(ResolveRobotYaml(other.string()), other);
  EXPECT_EQ(LoadRobotByNameOrPath(other.string()).name, "mini");
}

TEST(RobotLookup, UnknownRobotListsTheKnownOnes) {
  const ScopedEnv assets("TIANMU_ASSETS", FixtureAssets().string());
  try {
    ResolveRobotYaml("nope");
    FAIL() << "resolved an unknown robot";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "unknown robot 'nope' (known: mini)");
  }
}

TEST(RobotLookup, DirectoryWithoutRobotYamlIsAnError) {
  const ScopedEnv assets("TIANMU_ASSETS", FixtureAssets().string());
  testing::TempDir dir;
  try {
    ResolveRobotYaml(dir.path().string());
    FAIL() << "resolved a directory without robot.yaml";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no robot.yaml in this directory"), std::string::npos)
        << e.what();
  }
}

TEST(RobotLookup, LoadsByNameWithTheAssetComponents) {
  const ScopedEnv assets("TIANMU_ASSETS", FixtureAssets().string());
  const RobotSpec spec = LoadRobotByNameOrPath("mini");
  EXPECT_EQ(spec.name, "mini");
  EXPECT_EQ(spec.num_joints(), 9);
  EXPECT_EQ(LoadRobotByNameOrPath(MiniDir().string()).num_joints(), 9);
}

}  // namespace
}  // namespace tianmu::model
