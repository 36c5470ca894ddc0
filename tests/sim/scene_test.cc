#include "tianmu/sim/scene.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "tianmu/core/error.h"

namespace tianmu::sim {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path TempDir() {
  fs::path dir = fs::temp_directory_path() / ("tianmu-scene-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

const char* kRobot = R"(<mujoco model="box"><worldbody><body name="b" pos="0 0 1">
<freejoint/><geom type="box" size=".1 .1 .1" mass="1"/></body></worldbody></mujoco>)";

TEST(Scene, KnownScenesResolveByName) {
  for (const char* name : {"flat", "slope", "steps", "rough"}) {
    EXPECT_TRUE(fs::is_regular_file(ResolveScene(name))) << name;
  }
  EXPECT_GE(ListScenes().size(), 4u);
}

TEST(Scene, UnknownSceneListsTheKnownOnes) {
  try {
    ResolveScene("moon");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("unknown scene 'moon'"));
    EXPECT_THAT(e.what(), HasSubstr("flat"));
  }
}

TEST(Scene, MergesAssetsAndWorldbodyIntoTheRobot) {
  const fs::path dir = TempDir();
  Write(dir / "robot.xml", kRobot);
  Write(dir / "scene.xml", R"(<mujoco model="s"><asset><material name="scene_m" rgba="1 0 0 1"/>
</asset><worldbody><geom name="scene_floor" type="plane" size="5 5 .1" material="scene_m"/>
</worldbody></mujoco>)");
  model::MjModelPtr m = LoadRobotInScene(dir / "robot.xml", dir / "scene.xml");
  EXPECT_EQ(m->ngeom, 2);
  EXPECT_EQ(m->nbody, 2);  // world and the robot's body: the floor is static
  EXPECT_GE(mj_name2id(m.get(), mjOBJ_GEOM, "scene_floor"), 0);
  fs::remove_all(dir);
}

TEST(Scene, RejectsSectionsOtherThanAssetWorldbodyVisual) {
  const fs::path dir = TempDir();
  Write(dir / "robot.xml", kRobot);
  Write(dir / "scene.xml", "<mujoco>\n<option timestep=\"0.01\"/>\n</mujoco>");
  try {
    LoadRobotInScene(dir / "robot.xml", dir / "scene.xml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("scene.xml:2: option"));
  }
  fs::remove_all(dir);
}

TEST(Scene, MalformedSceneXmlNamesTheFileAndLine) {
  const fs::path dir = TempDir();
  Write(dir / "robot.xml", kRobot);
  Write(dir / "scene.xml", "<mujoco>\n<worldbody>\n</mujoco>");
  try {
    LoadRobotInScene(dir / "robot.xml", dir / "scene.xml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("scene.xml"));
    EXPECT_THAT(e.what(), HasSubstr("malformed XML"));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tianmu::sim
