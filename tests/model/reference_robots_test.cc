// The reference robots in assets/robots (TIANMU_ASSETS, set by ctest to the source assets):
// tm1, the full-size humanoid with hands, and tm1s, the small one without hands. They must load
// with the real component library and have the joint counts the documentation promises.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "tianmu/model/robot_binding.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

std::map<std::string, int> GroupSizes(const RobotSpec& spec) {
  std::map<std::string, int> sizes;
  for (const GroupSpec& g : spec.groups) sizes[g.name] = static_cast<int>(g.joints.size());
  return sizes;
}

// Checks shared by both robots: a usable, self-consistent description.
void ExpectSoundHumanoid(const RobotSpec& spec) {
  ASSERT_NE(spec.model, nullptr);
  for (const JointSpec& j : spec.joints) {
    EXPECT_GT(j.peak_torque_Nm, 0) << j.name;
    EXPECT_GT(j.max_velocity_radps, 0) << j.name;
    EXPECT_TRUE(j.limited) << j.name << ": humanoid joints have mechanical stops";
    EXPECT_GT(j.upper_rad, j.lower_rad) << j.name;
  }
  // A humanoid's pelvis stands between knee and chest height of a person: 0.4 m to 1.3 m.
  EXPECT_GT(spec.standing_base_height_m, 0.4);
  EXPECT_LT(spec.standing_base_height_m, 1.3);
  EXPECT_GT(spec.feet[0].sole_length_m, spec.feet[0].sole_width_m);
  EXPECT_NO_THROW(BindRobot(spec, spec.model.get()));
}

TEST(ReferenceRobots, BothAreListed) {
  const std::vector<std::string> robots = ListRobots();
  EXPECT_NE(std::find(robots.begin(), robots.end(), "tm1"), robots.end());
  EXPECT_NE(std::find(robots.begin(), robots.end(), "tm1s"), robots.end());
}

TEST(ReferenceRobots, Tm1HasFortyTwoActuatedJointsIncludingTwelveInTheHands) {
  const RobotSpec spec = LoadRobotByNameOrPath("tm1");
  EXPECT_EQ(spec.name, "tm1");
  EXPECT_EQ(spec.num_joints(), 42);
  const std::map<std::string, int> sizes = GroupSizes(spec);
  auto size = [&sizes](const char* g) { return sizes.count(g) ? sizes.at(g) : 0; };
  EXPECT_EQ(size("left_leg") + size("right_leg"), 12);
  EXPECT_EQ(size("waist"), 2);
  EXPECT_EQ(size("left_arm") + size("right_arm"), 14);
  EXPECT_EQ(size("head"), 2);
  EXPECT_EQ(size("left_hand") + size("right_hand"), 12);
  EXPECT_EQ(spec.hands.size(), 2u);
  // A full-size humanoid (about 1.6-1.8 m tall) weighs between 40 and 90 kg.
  EXPECT_GT(spec.total_mass_kg, 40);
  EXPECT_LT(spec.total_mass_kg, 90);
  EXPECT_TRUE(spec.feet[0].has_force_torque());
  EXPECT_TRUE(spec.feet[1].has_force_torque());
  ExpectSoundHumanoid(spec);
}

TEST(ReferenceRobots, Tm1sIsASmallerHumanoidWithoutHands) {
  const RobotSpec tm1s = LoadRobotByNameOrPath("tm1s");
  const RobotSpec tm1 = LoadRobotByNameOrPath("tm1");
  EXPECT_EQ(tm1s.name, "tm1s");
  EXPECT_EQ(tm1s.Group("left_hand"), nullptr);
  EXPECT_EQ(tm1s.Group("right_hand"), nullptr);
  EXPECT_TRUE(tm1s.hands.empty());
  const std::map<std::string, int> sizes = GroupSizes(tm1s);
  EXPECT_EQ(sizes.at("left_leg") + sizes.at("right_leg"), 12);
  EXPECT_LT(tm1s.num_joints(), tm1.num_joints());
  // A 1.2 m humanoid weighs between 15 and 45 kg, less than the full-size tm1.
  EXPECT_GT(tm1s.total_mass_kg, 15);
  EXPECT_LT(tm1s.total_mass_kg, 45);
  EXPECT_LT(tm1s.total_mass_kg, tm1.total_mass_kg);
  EXPECT_LT(tm1s.standing_base_height_m, tm1.standing_base_height_m);
  ExpectSoundHumanoid(tm1s);
}

}  // namespace
}  // namespace tianmu::model
