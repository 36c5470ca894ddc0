#include "tianmu/fleet/sim/simulated_robot.h"

#include <mujoco/mujoco.h>

#include <cmath>

#include "tianmu/skills/robot_frames.h"

namespace tianmu::fleet {
namespace {

constexpr int kSkillEveryTicks = 10;  ///< walk_to decides at 100 Hz, as in skill trials

}  // namespace

SimulatedRobot::SimulatedRobot(const model::RobotSpec& spec, const std::filesystem::path& scene,
                               const sim::WorldOptions& world_options, const FloorPose& start)
    : spec_(spec), start_(start) {
  world_ = std::make_unique<sim::World>(spec, scene, world_options);
  port_ = std::make_unique<hal::SimPort>(world_.get(), hal::SimPortOptions{});
  controller_ = std::make_unique<control::HumanoidController>(spec);
  skills::OracleOptions oracle;
  oracle.seed = world_options.seed * 7919 + 17;  // as skill trials derive it
  perception_ = std::make_unique<skills::OraclePort>(world_.get(), oracle);
  perception_->Track(spec.base_body);
  cmd_.Resize(spec.num_joints());
  port_->ReadState(&state_);
  controller_->Reset(state_);
  perception_->Sample();
  // Footprint: every robot geom's bounding sphere around its centre, seen from above.
  const mjModel* m = world_->model();
  const mjData* d = world_->data();
  const int base = mj_name2id(m, mjOBJ_BODY, spec.base_body.c_str());
  const Eigen::Vector2d base_xy(d->xpos[3 * base], d->xpos[3 * base + 1]);
  for (int g = 0; g < m->ngeom; ++g) {
    const int body = m->geom_bodyid[g];
    if (body == 0 || m->body_rootid[body] != m->body_rootid[base]) continue;
    const Eigen::Vector2d xy(d->geom_xpos[3 * g], d->geom_xpos[3 * g + 1]);
    footprint_radius_m_ = std::max(footprint_radius_m_, (xy - base_xy).norm() + m->geom_rbound[g]);
  }
  last_position_m_ = start_.position_m;
}

Eigen::Vector2d SimulatedRobot::ToFloor(const Eigen::Vector2d& world_m) const {
  const double c = std::cos(start_.heading_rad), s = std::sin(start_.heading_rad);
  return start_.position_m +
         Eigen::Vector2d(c * world_m.x() - s * world_m.y(), s * world_m.x() + c * world_m.y());
}

Eigen::Vector2d SimulatedRobot::ToWorld(const Eigen::Vector2d& floor_m) const {
  const Eigen::Vector2d d = floor_m - start_.position_m;
  const double c = std::cos(start_.heading_rad), s = std::sin(start_.heading_rad);
  return Eigen::Vector2d(c * d.x() + s * d.y(), -s * d.x() + c * d.y());
}

void SimulatedRobot::Tick() {
  port_->ReadState(&state_);
  controller_->Compute(state_, &cmd_);
  port_->WriteCommand(cmd_);
  port_->Advance();
  perception_->Sample();
  if (++ticks_ % kSkillEveryTicks == 0 && walk_ && !walk_done_) {
    const skills::SkillContext context{world_->time_s(), &spec_, controller_.get(),
                                       perception_.get()};
    const skills::SkillOutcome outcome = walk_->Tick(context);
    if (outcome.state != skills::SkillState::kRunning) {
      walk_->Stop(context);
      walk_done_ = true;
    }
  }
}

void SimulatedRobot::Execute(const MotionCommand& command) {
  const skills::SkillContext context{world_->time_s(), &spec_, controller_.get(),
                                     perception_.get()};
  if (!command.walk) {
    if (walk_) walk_->Stop(context);
    walk_.reset();
    controller_->SetVelocityCommand({});
    return;
  }
  if (walk_ && (command.target_m - walk_target_m_).norm() < 1e-6) {
    if (walk_done_ && (Reading().position_m - walk_target_m_).norm() > command.tolerance_m * 2) {
      walk_.reset();  // finished short of the target (drifted): walk again
    } else {
      return;
    }
  }
  const Eigen::Vector2d target = ToWorld(command.target_m);
  skills::SkillParams params;
  params.Set("target", std::to_string(target.x()) + "," + std::to_string(target.y()));
  params.Set("tolerance_m", std::to_string(std::clamp(command.tolerance_m, 0.02, 2.0)));
  params.Set("speed_mps", std::to_string(std::clamp(command.speed_mps, 0.05, 1.5)));
  params.Set("timeout_s", "3600");
  walk_ = std::make_unique<skills::WalkToSkill>(params);
  walk_target_m_ = command.target_m;
  walk_done_ = false;
  if (walk_->CheckPreconditions(context).state != skills::SkillState::kRunning) {
    walk_.reset();
    return;
  }
  walk_->Start(context);
}

BodyReading SimulatedRobot::Reading() {
  BodyReading r;
  const std::optional<skills::PerceivedPose> base = perception_->Observe(spec_.base_body);
  if (base) {
    r.position_m = ToFloor(base->position_m.head<2>());
    r.heading_rad = skills::WrapAngleRad(skills::HeadingRad(base->rotation) + start_.heading_rad);
  } else {
    r.position_m = last_position_m_;
  }
  const double dt_s = world_->time_s() - last_reading_s_;
  r.speed_mps = dt_s > 0 ? (r.position_m - last_position_m_).norm() / dt_s : 0.0;
  last_position_m_ = r.position_m;
  last_reading_s_ = world_->time_s();
  const control::ControllerStatus status = controller_->status();
  r.standing = std::string(status.mode) == "standing";
  r.fallen = status.fall_detected_time_s >= 0;
  return r;
}

Eigen::Vector2d SimulatedRobot::TrueBasePosition_m() const {
  const sim::GroundTruth truth = world_->Truth();
  return ToFloor(Eigen::Vector2d(truth.base_position_m[0], truth.base_position_m[1]));
}

}  // namespace tianmu::fleet
