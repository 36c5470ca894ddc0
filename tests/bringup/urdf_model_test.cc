// URDF robots: tm1s-urdf (TM-1S written as a URDF plus robot.yaml's urdf: section) must compile
// to the same robot as tm1s (MJCF), and a bad urdf: section must be reported at its line.
#include "tianmu/model/urdf_model.h"

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>
#include <unistd.h>

#include <Eigen/Dense>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A copy of assets/robots/tm1s-urdf in a temporary directory whose robot.yaml has `from`
// replaced by `to`; returns the robot.yaml path.
fs::path Tm1sUrdfVariant(const std::string& from, const std::string& to) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::temp_directory_path() / ("tianmu-urdf-" + std::string(info->name()) +
                                                    "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path source = fs::path(TIANMU_SOURCE_ASSETS) / "robots" / "tm1s-urdf";
  fs::copy_file(source / "tm1s.urdf", dir / "tm1s.urdf");
  std::string yaml = ReadText(source / "robot.yaml");
  const std::size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  std::ofstream(dir / "robot.yaml") << yaml;
  return dir / "robot.yaml";
}

// Body `i`'s inertia tensor about its CoM, in the body frame.
Eigen::Matrix3d InertiaTensor(const mjModel* m, int i) {
  double R[9];
  mju_quat2Mat(R, m->body_iquat + 4 * i);
  const Eigen::Matrix3d rotation =
      Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(R);
  const Eigen::Vector3d principal(m->body_inertia[3 * i], m->body_inertia[3 * i + 1],
                                  m->body_inertia[3 * i + 2]);
  return rotation * principal.asDiagonal() * rotation.transpose();
}

std::string LoadError(const fs::path& yaml) {
  try {
    LoadRobotByNameOrPath(yaml.string());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(UrdfModel, Tm1sUrdfCompilesToTheSameRobotAsTm1s) {
  const RobotSpec mjcf = LoadRobotByNameOrPath("tm1s");
  const RobotSpec urdf = LoadRobotByNameOrPath("tm1s-urdf");
  EXPECT_TRUE(IsUrdfPath(urdf.yaml_path.parent_path() / "tm1s.urdf"));
  EXPECT_EQ(urdf.model_path.extension(), ".xml");  // the generated MJCF
  EXPECT_NEAR(urdf.total_mass_kg, mjcf.total_mass_kg, 1e-9);
  EXPECT_NEAR(urdf.standing_base_height_m, mjcf.standing_base_height_m, 1e-9);
  ASSERT_EQ(urdf.num_joints(), mjcf.num_joints());
  for (int j = 0; j < mjcf.num_joints(); ++j) {
    EXPECT_EQ(urdf.joints[j].name, mjcf.joints[j].name);
    EXPECT_EQ(urdf.joints[j].limited, mjcf.joints[j].limited);
    EXPECT_DOUBLE_EQ(urdf.joints[j].lower_rad, mjcf.joints[j].lower_rad);
    EXPECT_DOUBLE_EQ(urdf.joints[j].upper_rad, mjcf.joints[j].upper_rad);
    EXPECT_EQ(urdf.joints[j].actuator, urdf.joints[j].name + "_motor");
  }
  const mjModel* a = mjcf.model.get();
  const mjModel* b = urdf.model.get();
  // Every body of tm1s has a namesake with the same mass, inertia, joint axes and damping, and
  // the contact settings match geom for geom in the collision set (capsules became cylinders
  // plus end spheres, so the count differs; the settings must not).
  for (int i = 1; i < a->nbody; ++i) {
    const char* name = mj_id2name(a, mjOBJ_BODY, i);
    const int k = mj_name2id(b, mjOBJ_BODY, name);
    ASSERT_GE(k, 0) << name;
    EXPECT_NEAR(b->body_mass[k], a->body_mass[i], 1e-9) << name;
    // The URDF import may express the same inertia in other principal axes: compare tensors.
    const Eigen::Matrix3d inertia_a = InertiaTensor(a, i);
    const Eigen::Matrix3d inertia_b = InertiaTensor(b, k);
    EXPECT_LT((inertia_a - inertia_b).norm(), 1e-9) << name;
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(b->body_ipos[3 * k + c], a->body_ipos[3 * i + c], 1e-9) << name;
      // The floating base's own position is only the model's starting pose.
      if (a->body_parentid[i] != 0) {
        EXPECT_NEAR(b->body_pos[3 * k + c], a->body_pos[3 * i + c], 1e-9) << name;
      }
    }
  }
  for (int j = 0; j < a->njnt; ++j) {
    const char* name = mj_id2name(a, mjOBJ_JOINT, j);
    const int k = mj_name2id(b, mjOBJ_JOINT, name);
    ASSERT_GE(k, 0) << name;
    EXPECT_EQ(b->jnt_type[k], a->jnt_type[j]) << name;
    EXPECT_NEAR(b->dof_damping[b->jnt_dofadr[k]], a->dof_damping[a->jnt_dofadr[j]], 1e-12) << name;
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(b->jnt_axis[3 * k + c], a->jnt_axis[3 * j + c], 1e-12);
  }
  for (int g = 0; g < b->ngeom; ++g) {
    EXPECT_EQ(b->geom_contype[g], 1);
    EXPECT_EQ(b->geom_conaffinity[g], 0);
    EXPECT_EQ(b->geom_condim[g], 3);
    EXPECT_DOUBLE_EQ(b->geom_friction[3 * g], 1);
  }
  EXPECT_DOUBLE_EQ(b->opt.timestep, a->opt.timestep);
  EXPECT_EQ(b->opt.integrator, a->opt.integrator);
  EXPECT_EQ(b->nsensor, a->nsensor);
}

TEST(UrdfModel, GeneratedMjcfIsReusedForTheSameContent) {
  const RobotSpec first = LoadRobotByNameOrPath("tm1s-urdf");
  const RobotSpec second = LoadRobotByNameOrPath("tm1s-urdf");
  EXPECT_EQ(first.model_path, second.model_path);
  EXPECT_EQ(first.model_path.parent_path(), UrdfCacheDir());
}

TEST(UrdfModel, UrdfWithoutUrdfSectionNamesTheModelLine) {
  const fs::path yaml = Tm1sUrdfVariant("", "");
  // Cut the whole urdf: section (it runs up to base_body:).
  std::string text = ReadText(yaml);
  text = text.substr(0, text.find("urdf:\n")) + text.substr(text.find("base_body:"));
  std::ofstream(yaml) << text;
  const std::string error = LoadError(yaml);
  EXPECT_NE(error.find("robot.yaml:7: model: a URDF model needs a urdf: section"),
            std::string::npos)
      << error;
}

TEST(UrdfModel, SiteOnUnknownLinkNamesItsLine) {
  const fs::path yaml = Tm1sUrdfVariant("body: l_foot_link, pos: [0.02", "body: l_toe, pos: [0.02");
  const std::string error = LoadError(yaml);
  EXPECT_NE(error.find("urdf.sites[1].body: no link 'l_toe' in tm1s.urdf"), std::string::npos)
      << error;
}

TEST(UrdfModel, UnknownSensorTypeIsRejected) {
  const fs::path yaml = Tm1sUrdfVariant("type: gyro", "type: gyroscope");
  const std::string error = LoadError(yaml);
  EXPECT_NE(error.find("urdf.sensors[1].type: expected one of framequat, gyro"), std::string::npos)
      << error;
}

TEST(UrdfModel, UrdfSectionOnAnMjcfModelIsRejected) {
  const fs::path yaml = Tm1sUrdfVariant("model: tm1s.urdf", "model: tm1s.xml");
  fs::copy_file(fs::path(TIANMU_SOURCE_ASSETS) / "robots" / "tm1s" / "tm1s.xml",
                yaml.parent_path() / "tm1s.xml");
  const std::string error = LoadError(yaml);
  EXPECT_NE(error.find("urdf: only for URDF models"), std::string::npos) << error;
}

TEST(UrdfModel, NonRootBaseIsRejected) {
  const fs::path yaml = Tm1sUrdfVariant("base_body: base_link", "base_body: torso_link");
  const std::string error = LoadError(yaml);
  EXPECT_NE(error.find("base_body: link 'torso_link' is not the root of tm1s.urdf"),
            std::string::npos)
      << error;
}

// Found by fuzz/urdf_fuzzer: MuJoCo 2.2.2's URDF import segfaults on a joint type it does not
// know; Tianmu refuses it first, naming the joint's line.
TEST(UrdfModel, UnknownJointTypeIsRejectedBeforeMuJoCoReadsIt) {
  const fs::path yaml = Tm1sUrdfVariant("", "");
  const fs::path urdf = yaml.parent_path() / "tm1s.urdf";
  std::string text = ReadText(urdf);
  const std::string fixed = "name=\"r_foot_link_fixed\" type=\"fixed\"";
  const std::size_t at = text.find(fixed);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, fixed.size(), "name=\"r_foot_link_fixed\" type=\"fixe\"");
  std::ofstream(urdf) << text;
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  try {
    LoadUrdf(urdf);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("tm1s.urdf:" + std::to_string(line) + ": joint.type"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NE(LoadError(yaml).find("joint.type"), std::string::npos);
}

}  // namespace
}  // namespace tianmu::model
