// Objects spawned from the knowledge base are MuJoCo bodies with the base's mass properties and
// behave physically: dropped just above the floor, they come to rest on it.
#include <gtest/gtest.h>
#include <mujoco/mujoco.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tianmu/control/posture_controller.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"
#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/knowledge/object_store.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::knowledge {
namespace {

ObjectRecord StarterObject(const std::string& id) {
  for (const ObjectRecord& o : ReadObjectsFile(StarterSetPath())) {
    if (o.id == id) return o;
  }
  ADD_FAILURE() << "no " << id;
  return {};
}

TEST(KnowledgeObjectPlacement, ParsesNameAtPositionAndOptionalYaw) {
  const ObjectPlacement p = ParseObjectPlacement("025_mug@0.6,-0.2,0.05,90", "--object");
  EXPECT_EQ(p.name, "025_mug");
  EXPECT_DOUBLE_EQ(p.position_m[1], -0.2);
  EXPECT_NEAR(p.yaw_rad, std::numbers::pi / 2, 1e-12);
  EXPECT_THROW(ParseObjectPlacement("025_mug", "--object"), InputError);
  EXPECT_THROW(ParseObjectPlacement("025_mug@1,2", "--object"), InputError);
  EXPECT_THROW(ParseObjectPlacement("025_mug@1,x,2", "--object"), InputError);
}

TEST(KnowledgeObjectSpawn, CrackerBoxInFrontOfTheRobotRestsOnTheFloorWithTheKnowledgeBaseMass) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s");
  const ObjectRecord box = StarterObject("003_cracker_box");
  const ObjectRecord can = StarterObject("005_tomato_soup_can");
  runtime::SimRunOptions options;
  options.scene = sim::ResolveScene("flat");
  options.duration_s = 1.0;
  options.world.sensor_noise = false;
  // Dropped from 2 cm above the floor, 1 m in front of the robot (out of its reach).
  ObjectPlacement at_box{box.id, {1.0, 0.0, box.height_m() / 2 + 0.02}, 0.3};
  ObjectPlacement at_can{can.id, {1.0, 0.4, can.height_m() / 2 + 0.02}, 0.0};
  options.world.extra_scene_xml.push_back(ObjectsSceneMjcf(
      {{box, ObjectBodyName(box.id, 0), at_box}, {can, ObjectBodyName(can.id, 0), at_can}}));
  double box_mass_kg = 0, box_z_m = 0, can_z_m = 0, box_speed_mps = 1;
  options.on_tick = [&](const runtime::TickContext& tick) {
    const mjModel* m = tick.world->model();
    const mjData* d = tick.world->data();
    const int b = mj_name2id(m, mjOBJ_BODY, "object_003_cracker_box");
    const int c = mj_name2id(m, mjOBJ_BODY, "object_005_tomato_soup_can");
    if (b < 0 || c < 0) return false;
    box_mass_kg = m->body_mass[b];
    box_z_m = d->xpos[3 * b + 2];
    can_z_m = d->xpos[3 * c + 2];
    const int dof = m->jnt_dofadr[m->body_jntadr[b]];
    box_speed_mps = std::hypot(d->qvel[dof], d->qvel[dof + 1], d->qvel[dof + 2]);
    return true;
  };
  control::PostureController controller(spec);
  const runtime::SimRunSummary s = runtime::RunSimulation(spec, options, &controller);
  EXPECT_NEAR(s.duration_s, 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(box_mass_kg, 0.411);
  // Resting on the floor: centre at half the height. 5 mm covers MuJoCo's soft-contact
  // penetration (about a millimetre for half a kilogram) with margin.
  EXPECT_NEAR(box_z_m, 0.21 / 2, 0.005);
  EXPECT_NEAR(can_z_m, 0.101 / 2, 0.005);
  EXPECT_LT(box_speed_mps, 0.01);
  EXPECT_FALSE(s.fell);
}

TEST(KnowledgeObjectSpawn, GeneratedMjcfCompilesInTheSceneWithDiagonalInertiaFromTheBase) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s");
  const ObjectRecord drill = StarterObject("035_power_drill");
  const std::string xml = ObjectsSceneMjcf({{drill, "object_a", {drill.id, {2, 0, 0.1}, 0}},
                                            {drill, "object_b", {drill.id, {2, 1, 0.1}, 0}}});
  const model::MjModelPtr m =
      sim::LoadRobotInScene(spec.model_path, sim::ResolveScene("flat"), {xml});
  for (const char* name : {"object_a", "object_b"}) {
    const int b = mj_name2id(m.get(), mjOBJ_BODY, name);
    ASSERT_GE(b, 0);
    EXPECT_DOUBLE_EQ(m->body_mass[b], drill.mass_kg);
    // MuJoCo sorts principal moments; compare as sets.
    std::vector<double> got = {m->body_inertia[3 * b], m->body_inertia[3 * b + 1],
                               m->body_inertia[3 * b + 2]};
    std::vector<double> want(drill.inertia_kgm2.begin(), drill.inertia_kgm2.end());
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], want[k], 1e-9 * want[2]);
    const int g = m->body_geomadr[b];
    EXPECT_EQ(m->geom_contype[g], 1);
    EXPECT_EQ(m->geom_conaffinity[g], 1);
    EXPECT_DOUBLE_EQ(m->geom_friction[3 * g], drill.friction[0]);
  }
}

TEST(KnowledgeObjectSpawn, ExtraSceneDocumentsFollowTheSceneContract) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1s");
  const auto flat = sim::ResolveScene("flat");
  try {
    sim::LoadRobotInScene(spec.model_path, flat,
                          {"<mujoco><worldbody/></mujoco>", "<mujoco><actuator/></mujoco>"});
    FAIL() << "an <actuator> section was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("extra scene document 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(sim::LoadRobotInScene(spec.model_path, flat, {"<mujoco><worldbody>"}), InputError);
}

}  // namespace
}  // namespace tianmu::knowledge
