#include "tianmu/certify/items/payload_carry.h"

#include <algorithm>
#include <cmath>

#include "tianmu/certify/measurements.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"
#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/knowledge/object_store.h"
#include "tianmu/skills/box_hold.h"

namespace tianmu::certify {
namespace {

knowledge::ObjectRecord BoxOfMass(const std::string& id, double mass_kg) {
  for (knowledge::ObjectRecord o : knowledge::ReadObjectsFile(knowledge::StarterSetPath())) {
    if (o.id != id) continue;
    if (o.shape != knowledge::ShapeType::kBox) throw InputError(id + ": not a box");
    // The same box, heavier or lighter: a uniform solid's inertia scales with its mass.
    for (double& i : o.inertia_kgm2) i *= mass_kg / o.mass_kg;
    o.mass_kg = mass_kg;
    return o;
  }
  throw InputError(id + ": not in the starter set (" + knowledge::StarterSetPath().string() + ")");
}

enum class Phase { kStand, kApproach, kSqueeze, kSettle, kCarry, kStop };

}  // namespace

PayloadCarryResult RunPayloadCarry(const model::RobotSpec& spec,
                                   const PayloadCarryOptions& options) {
  if (!(options.mass_kg > 0) || !(options.distance_m > 0) || !(options.speed_mps > 0)) {
    throw InputError("payload carry: mass, distance and speed must be positive");
  }
  const knowledge::ObjectRecord box = BoxOfMass(options.box_id, options.mass_kg);
  const Eigen::Vector3d centre = skills::BoxHoldCentre(spec);
  PayloadCarryResult out;
  out.squeeze_N = skills::BoxSqueezeN(box.mass_kg, box.friction[0]);
  // Width between the faces the palms touch: the box's y extent (it is spawned unrotated). The
  // palms grip the lower half of the sides, a quarter of the box's height below its centre: at
  // the centre the box slid down the palms while walking (5 kg dropped after 2-3 m on seeds 1-3;
  // gripped low, carried 5 m with 1-8 cm of sag).
  skills::BoxHold hold(spec, box.dims_m[1], centre, out.squeeze_N, -0.25 * box.dims_m[2]);

  // The robot starts at the origin facing +x, so the hold's heading frame is the world's.
  const knowledge::SpawnedObject spawned{
      box, knowledge::ObjectBodyName(box.id, 0), {box.id, {centre.x(), centre.y(), centre.z()}, 0}};
  const std::string body = spawned.body_name;
  Scenario s;
  s.seed = options.seed;
  s.stop_after_fall_s = 0.2;
  s.friction_impedance_ratio = 10;  // stiff friction for a friction grasp (docs/skills.md)
  s.extra_scene_xml = {knowledge::ObjectsSceneMjcf({spawned}),
                       "<mujoco><equality><weld name=\"payload_fixture\" body1=\"" + body +
                           "\" active=\"false\"/></equality></mujoco>"};
  constexpr double kStand_s = 1.0, kApproachDeadline_s = 3.0, kSqueeze_s = 0.5, kSettle_s = 1.0;
  constexpr double kStop_s = 2.0, kDrop_m = 0.1;
  const double carry_deadline_s = 2.0 * options.distance_m / options.speed_mps + 5.0;
  s.duration_s =
      kStand_s + kApproachDeadline_s + kSqueeze_s + kSettle_s + carry_deadline_s + kStop_s + 1.0;
  s.on_start = [](sim::World* world, hal::SimPort*) {
    world->SetWeldActive("payload_fixture", true);
  };
  Phase phase = Phase::kStand;
  double phase_start_s = 0, carry_start_x = 0, carry_start_y = 0;
  int box_body = -1;
  s.on_tick = [&](const runtime::TickContext& t, control::HumanoidController* controller) {
    sim::World* world = t.world;
    if (box_body < 0) box_body = mj_name2id(world->model(), mjOBJ_BODY, body.c_str());
    const double box_z = world->data()->xpos[3 * box_body + 2];
    const sim::GroundTruth truth = world->Truth();
    auto enter = [&](Phase next) {
      phase = next;
      phase_start_s = t.time_s;
    };
    if (phase >= Phase::kSettle) {
      out.lowest_box_drop_m = std::max(out.lowest_box_drop_m, centre.z() - box_z);
      if (centre.z() - box_z > kDrop_m) {
        out.dropped = true;
        out.reason = "drop";
        return false;
      }
    }
    switch (phase) {
      case Phase::kStand:
        if (t.time_s >= kStand_s) {
          hold.Approach(controller);
          enter(Phase::kApproach);
        }
        break;
      case Phase::kApproach:
        if (hold.PalmErrorM(*controller) < 0.03) {
          out.reached = true;
          hold.Squeeze(controller);
          enter(Phase::kSqueeze);
        } else if (t.time_s - phase_start_s > kApproachDeadline_s) {
          out.reason = "unreachable";
          return false;
        }
        break;
      case Phase::kSqueeze:
        if (t.time_s - phase_start_s >= kSqueeze_s) {
          world->SetWeldActive("payload_fixture", false);
          // The load as the controller learns it: mass and inertia from the knowledge base,
          // the pose from the simulator (an oracle: no perception in this measurement).
          control::HeldObject held;
          held.mass_kg = box.mass_kg;
          held.com_m = Eigen::Map<const Eigen::Vector3d>(world->data()->xipos + 3 * box_body);
          const Eigen::Matrix3d R = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(
              world->data()->ximat + 9 * box_body);
          held.inertia_kgm2 =
              R *
              Eigen::Vector3d(box.inertia_kgm2[0], box.inertia_kgm2[1], box.inertia_kgm2[2])
                  .asDiagonal() *
              R.transpose();
          held.hands = {hold.hands()[0], hold.hands()[1]};
          controller->SetHeldObject(held);
          enter(Phase::kSettle);
        }
        break;
      case Phase::kSettle:
        if (t.time_s - phase_start_s >= kSettle_s) {
          carry_start_x = truth.base_position_m[0];
          carry_start_y = truth.base_position_m[1];
          controller->SetVelocityCommand({options.speed_mps, 0, 0});
          enter(Phase::kCarry);
        }
        break;
      case Phase::kCarry:
        out.distance_m = std::hypot(truth.base_position_m[0] - carry_start_x,
                                    truth.base_position_m[1] - carry_start_y);
        if (out.distance_m >= options.distance_m) {
          controller->SetVelocityCommand({});
          enter(Phase::kStop);
        } else if (t.time_s - phase_start_s > carry_deadline_s) {
          out.reason = "timeout";
          return false;
        }
        break;
      case Phase::kStop:
        if (t.time_s - phase_start_s >= kStop_s) {
          out.carried = true;
          return false;
        }
        break;
    }
    hold.Follow(controller);
    return true;
  };
  const runtime::SimRunSummary run = RunScenario(spec, s);
  out.simulated_s = run.duration_s;
  if (run.fell) {
    out.fell = true;
    out.carried = false;
    out.reason = "fall";
  } else if (!out.carried && out.reason.empty()) {
    out.reason = "timeout";
  }
  return out;
}

}  // namespace tianmu::certify
