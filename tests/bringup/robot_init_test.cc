// `robot init` on the reference robots: the draft must reproduce exactly the groups (joint
// lists), feet (body, sole site, F/T sensors), base body and IMU of their hand-written robot.yaml,
// and the draft must pass the same validation as check-robot.
#include "tianmu/bringup/robot_init.h"

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tianmu/core/assets.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::bringup {
namespace {

namespace fs = std::filesystem;

const actuators::ComponentLibrary& Components() {
  static const actuators::ComponentLibrary library =
      actuators::LoadComponentLibrary(AssetsDir() / "components");
  return library;
}

fs::path RobotDir(const std::string& name) { return AssetsDir() / "robots" / name; }

std::map<std::string, std::vector<std::string>> SpecGroups(const model::RobotSpec& spec) {
  std::map<std::string, std::vector<std::string>> out;
  for (const model::GroupSpec& g : spec.groups) {
    for (int j : g.joints) out[g.name].push_back(spec.joints[j].name);
  }
  return out;
}

std::map<std::string, std::vector<std::string>> DraftGroups(const RobotDraft& draft) {
  std::map<std::string, std::vector<std::string>> out;
  for (const DraftGroup& g : draft.groups) out[g.name] = g.joints;
  return out;
}

// Writes the draft as robot.yaml in a fresh directory and loads it as check-robot does.
model::RobotSpec LoadDraft(const RobotDraft& draft) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::temp_directory_path() / ("tianmu-init-" + std::string(info->name()) +
                                                    "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "robot.yaml") << DraftYaml(draft, dir);
  return model::LoadRobot(dir / "robot.yaml", Components());
}

void ExpectSameGroupsFeetAndImu(const RobotDraft& draft, const model::RobotSpec& spec,
                                bool compare_sensors_by_name) {
  EXPECT_EQ(draft.base_body, spec.base_body);
  EXPECT_EQ(DraftGroups(draft), SpecGroups(spec));
  // Group order too: it is the order of every joint array.
  ASSERT_EQ(draft.groups.size(), spec.groups.size());
  for (std::size_t i = 0; i < spec.groups.size(); ++i) {
    EXPECT_EQ(draft.groups[i].name, spec.groups[i].name);
  }
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(draft.feet[i].body, spec.feet[i].body);
    if (compare_sensors_by_name) {
      EXPECT_EQ(draft.feet[i].sole_site, spec.feet[i].sole_site);
      EXPECT_EQ(draft.feet[i].force_sensor, spec.feet[i].force_sensor);
      EXPECT_EQ(draft.feet[i].torque_sensor, spec.feet[i].torque_sensor);
    }
    EXPECT_NEAR(draft.feet[i].sole_length_m, spec.feet[i].sole_length_m, 1e-9);
    EXPECT_NEAR(draft.feet[i].sole_width_m, spec.feet[i].sole_width_m, 1e-9);
  }
  if (compare_sensors_by_name) {
    EXPECT_EQ(draft.imu.site, spec.imu.site);
    EXPECT_EQ(draft.imu.orientation_sensor, spec.imu.orientation_sensor);
    EXPECT_EQ(draft.imu.gyro_sensor, spec.imu.gyro_sensor);
    EXPECT_EQ(draft.imu.accelerometer_sensor, spec.imu.accelerometer_sensor);
  }
}

TEST(RobotInit, Tm1DraftReproducesGroupsFeetHandsAndImu) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  const RobotDraft draft = InspectModel(RobotDir("tm1") / "tm1.xml", "tm1", Components());
  ExpectSameGroupsFeetAndImu(draft, spec, true);
  ASSERT_EQ(draft.hands.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(draft.hands[i].body, spec.hands[i].body);
    EXPECT_EQ(draft.hands[i].palm_site, spec.hands[i].palm_site);
  }
  // Passive joints in any order: they are in no joint array.
  EXPECT_EQ(std::set<std::string>(draft.passive_joints.begin(), draft.passive_joints.end()),
            std::set<std::string>(spec.passive_joints.begin(), spec.passive_joints.end()));
  EXPECT_EQ(draft.touch_sensors, spec.touch_sensors);
  EXPECT_EQ(draft.head_camera, spec.head_camera);
  // No keyframe in tm1.xml: zero posture, marked as a TODO.
  EXPECT_TRUE(draft.nominal_posture_rad.empty());
  const model::RobotSpec loaded = LoadDraft(draft);
  EXPECT_EQ(loaded.num_joints(), spec.num_joints());
}

TEST(RobotInit, Tm1sDraftReproducesGroupsFeetAndImu) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s");
  const RobotDraft draft = InspectModel(RobotDir("tm1s") / "tm1s.xml", "tm1s", Components());
  ExpectSameGroupsFeetAndImu(draft, spec, true);
  EXPECT_TRUE(draft.hands.empty());
  EXPECT_TRUE(draft.passive_joints.empty());
  const model::RobotSpec loaded = LoadDraft(draft);
  EXPECT_NEAR(loaded.total_mass_kg, spec.total_mass_kg, 1e-9);
}

TEST(RobotInit, Tm1sUrdfDraftAddsSoleSitesWhereTm1sHasThem) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s-urdf");
  const RobotDraft draft =
      InspectModel(RobotDir("tm1s-urdf") / "tm1s.urdf", "tm1s-urdf", Components());
  EXPECT_TRUE(draft.urdf);
  // A URDF has no sensors or sites: the draft adds an IMU and sole sites, and has no foot F/T.
  ExpectSameGroupsFeetAndImu(draft, spec, false);
  EXPECT_TRUE(draft.imu.added);
  const model::RobotSpec loaded = LoadDraft(draft);
  const mjModel* m = loaded.model.get();
  const mjModel* ref = spec.model.get();
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(draft.feet[i].sole_site_added);
    EXPECT_FALSE(loaded.feet[i].has_force_torque());
    // The added sole site sits where TM-1S's hand-placed one does (centre of the box's bottom).
    const int s = mj_name2id(m, mjOBJ_SITE, loaded.feet[i].sole_site.c_str());
    const int r = mj_name2id(ref, mjOBJ_SITE, spec.feet[i].sole_site.c_str());
    ASSERT_GE(s, 0);
    ASSERT_GE(r, 0);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(m->site_pos[3 * s + k], ref->site_pos[3 * r + k], 1e-9);
  }
}

TEST(RobotInit, KeyframeBecomesTheNominalPosture) {
  const RobotDraft draft =
      InspectModel(fs::path(TIANMU_BRINGUP_FIXTURES) / "good_biped.xml", "biped", Components());
  std::map<std::string, double> posture(draft.nominal_posture_rad.begin(),
                                        draft.nominal_posture_rad.end());
  EXPECT_DOUBLE_EQ(posture.at("left_knee"), 0.6);
  EXPECT_DOUBLE_EQ(posture.at("right_ankle"), -0.3);
  const model::RobotSpec loaded = LoadDraft(draft);
  EXPECT_TRUE(loaded.feet[0].has_force_torque());
  EXPECT_EQ(loaded.Group("left_leg")->joints.size(), 3u);
}

}  // namespace
}  // namespace tianmu::bringup
