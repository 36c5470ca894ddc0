// The vision perception port against ground truth: TM-1 standing before a table with a tagged
// cracker box and an orange; one head-camera frame places both where the simulator has them,
// and the robot's own frames come from its kinematics.
#include "tianmu/skills/vision_port.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/tag_texture.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

namespace tianmu::skills {
namespace {

namespace fs = std::filesystem;
using knowledge::ObjectRecord;
using knowledge::ShapeType;

ObjectRecord Record(const std::string& id, ShapeType shape, std::vector<double> dims,
                    std::array<double, 4> rgba) {
  ObjectRecord o;
  o.id = id;
  o.name_en = id;
  o.category = "test";
  o.shape = shape;
  o.dims_m = std::move(dims);
  o.mass_kg = 0.4;
  o.inertia_kgm2 = knowledge::UniformSolidInertia(shape, o.dims_m, o.mass_kg);
  o.rgba = rgba;
  o.source = "test";
  return o;
}

TEST(VisionPort, TaggedBoxAndOrangeOnATableAreSeenWhereTheSimulatorHasThem) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  ObjectRecord box =
      Record("003_cracker_box", ShapeType::kBox, {0.06, 0.158, 0.21}, {0.85, 0.2, 0.15, 1});
  box.tag = knowledge::FiducialTag{"tag36h11", 0, 0.12, "-x"};
  const ObjectRecord orange = Record("017_orange", ShapeType::kSphere, {0.0365}, {1, 0.55, 0.1, 1});
  // A counter 1.1 m high: TM-1's level head camera (1.45 m up, 58 degrees of vertical view) sees
  // objects on it 1.2-1.3 m ahead without moving its head.
  const double table_z = 1.1;
  std::vector<knowledge::SpawnedObject> spawned(2);
  spawned[0].object = box;
  spawned[0].body_name = "object_003_cracker_box";
  spawned[0].placement.position_m = {1.3, 0.15, table_z + 0.105};
  spawned[0].placement.yaw_rad = 0.1;
  spawned[1].object = orange;
  spawned[1].body_name = "object_017_orange";
  spawned[1].placement.position_m = {1.25, -0.3, table_z + 0.0365};
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu_vision_port_" + std::to_string(getpid()));
  fs::create_directories(dir);
  perception::WriteTagPng("tag36h11", 0, 16, dir / knowledge::TagTextureFileName(*box.tag));
  std::string xml = knowledge::ObjectsSceneMjcf(spawned, dir.string());
  // Large enough that its top is the largest horizontal surface in view.
  xml.insert(xml.find("  <worldbody>\n") + 14,
             "    <geom type=\"box\" pos=\"1.8 0 " + std::to_string(table_z - 0.015) +
                 "\" size=\"1.2 1.5 0.015\" rgba=\"0.45 0.5 0.42 1\"/>\n");
  sim::WorldOptions options;
  options.extra_scene_xml = {xml};
  sim::World world(spec, sim::ResolveScene("flat"), options);
  world.Reset();

  VisionPort port(spec, &world, {{"object_003_cracker_box", box}, {"object_017_orange", orange}},
                  {.seed = 5});
  EXPECT_STREQ(port.kind(), "vision");
  ASSERT_TRUE(port.Track("object_003_cracker_box"));
  ASSERT_TRUE(port.Track("object_017_orange"));
  ASSERT_TRUE(port.Track(spec.head_camera));
  EXPECT_FALSE(port.Track("no_such_frame"));
  EXPECT_FALSE(port.Observe("object_003_cracker_box").has_value());  // no frame yet

  port.Sample();
  EXPECT_EQ(port.frames(), 1);
  port.Sample();  // same simulated time: no new frame is due
  EXPECT_EQ(port.frames(), 1);
  for (const knowledge::SpawnedObject& s : spawned) {
    const std::optional<PerceivedPose> seen = port.Observe(s.body_name);
    ASSERT_TRUE(seen.has_value()) << s.body_name;
    const Eigen::Vector3d truth(s.placement.position_m[0], s.placement.position_m[1],
                                s.placement.position_m[2]);
    // The bars: 2 cm for tagged objects, 3 cm for marker-free primitives.
    const double bar_m = s.object.tag ? 0.02 : 0.03;
    EXPECT_LT((seen->position_m - truth).norm(), bar_m) << s.body_name;
  }
  const std::optional<PerceivedPose> head = port.Observe(spec.head_camera);
  ASSERT_TRUE(head.has_value());
  const int cam = mj_name2id(world.model(), mjOBJ_CAMERA, spec.head_camera.c_str());
  EXPECT_NEAR(head->position_m.z(), world.data()->cam_xpos[3 * cam + 2], 1e-12);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tianmu::skills
