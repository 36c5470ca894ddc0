#include "handles.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "tianmu/core/error.h"
#include "tianmu/hal/command_validation.h"
#include "tianmu/runtime/controller_factory.h"
#include "tianmu/sim/scene.h"

namespace tianmu::python {
namespace {

// Without a controller the same command is resent every tick, so the watchdog only trips when
// Python stops calling; with one, every tick carries a fresh command anyway.
hal::SimPortOptions PortOptions() {
  hal::SimPortOptions options;
  options.command_timeout_s = 0.02;
  return options;
}

}  // namespace

ControllerHandle::ControllerHandle(std::shared_ptr<const model::RobotSpec> spec, std::string name)
    : spec_(std::move(spec)), name_(std::move(name)) {
  impl_ = runtime::MakeController(name_, *spec_);
}

void ControllerHandle::Reset(const hal::LowState& state) {
  if (rebuild_on_reset_) {
    impl_ = runtime::MakeController(name_, *spec_);
    rebuild_on_reset_ = false;
  }
  impl_->Reset(state);
}

control::HumanoidController& ControllerHandle::Humanoid(const std::string& what, bool persistent) {
  auto* humanoid = dynamic_cast<control::HumanoidController*>(impl_.get());
  if (humanoid == nullptr) {
    throw InputError(what + ": needs the wbc controller (this is '" + name_ + "')");
  }
  rebuild_on_reset_ = rebuild_on_reset_ || persistent;
  return *humanoid;
}

WorldHandle::WorldHandle(std::shared_ptr<const model::RobotSpec> spec, const std::string& scene,
                         const sim::WorldOptions& options)
    : spec_(std::move(spec)),
      scene_(sim::ResolveScene(scene)),
      scene_name_(scene),
      options_(options) {
  Reset(std::nullopt);
}

void WorldHandle::Reset(std::optional<std::uint64_t> seed) {
  const bool rebuild = !world_ || (seed && (*seed != options_.seed || stepped_));
  if (seed) options_.seed = *seed;
  if (rebuild) {
    // World::Reset() keeps the noise generator's state, so reseeding needs a new World.
    world_ = std::make_shared<sim::World>(*spec_, scene_, options_);
  } else if (stepped_) {
    world_->Reset();
  }
  stepped_ = false;
  StartEpisode();
}

void WorldHandle::StartEpisode() {
  port_ = std::make_unique<hal::SimPort>(world_.get(), PortOptions());
  pushes_.clear();
  push_body_.clear();
  state_.Resize(spec_->num_joints(), static_cast<int>(spec_->touch_sensors.size()));
  cmd_.Resize(spec_->num_joints());
  cmd_.mode = hal::CommandMode::kDamping;
  have_command_ = false;
  port_->ReadState(&state_);
  state_fresh_ = true;
  if (controller_) controller_->Reset(state_);
}

void WorldHandle::AddPush(sim::Perturbation push) {
  if (push.body == "base") push.body = spec_->base_body;
  const int body = mj_name2id(world_->model(), mjOBJ_BODY, push.body.c_str());
  if (body <= 0) {
    throw InputError("push body '" + push.body + "': no such body in the robot or scene (use " +
                     "'base' for the robot's base body)");
  }
  pushes_.push_back(std::move(push));
  push_body_.push_back(body);
}

void WorldHandle::ApplyPushes() {
  if (pushes_.empty()) return;
  // xfrc_applied is an input of the simulation the World leaves alone for bodies it has no
  // perturbation on; it exposes its mjData read-only, hence the cast.
  mjData* d = const_cast<mjData*>(world_->data());
  const double t = d->time;
  for (int body : push_body_) {
    std::fill_n(d->xfrc_applied + 6 * static_cast<std::ptrdiff_t>(body), 6, 0.0);
  }
  for (std::size_t i = 0; i < pushes_.size(); ++i) {
    const sim::Perturbation& p = pushes_[i];
    if (t + 1e-9 < p.start_s || t + 1e-9 >= p.start_s + p.duration_s) continue;
    mjtNum* wrench = d->xfrc_applied + 6 * static_cast<std::ptrdiff_t>(push_body_[i]);
    for (int k = 0; k < 3; ++k) {
      wrench[k] += p.force_N[k];
      wrench[3 + k] += p.torque_Nm[k];
    }
  }
}

void WorldHandle::Attach(std::shared_ptr<ControllerHandle> controller) {
  if (controller && controller->spec()->name != spec_->name) {
    throw InputError("controller for robot '" + controller->spec()->name +
                     "' cannot drive robot '" + spec_->name + "'");
  }
  controller_ = std::move(controller);
  port_->ClearWatchdog();
  if (!state_fresh_) {
    port_->ReadState(&state_);
    state_fresh_ = true;
  }
  if (controller_) controller_->Reset(state_);
}

void WorldHandle::ClipToRange(std::vector<double>* q_rad) const {
  for (int j = 0; j < spec_->num_joints(); ++j) {
    const model::JointSpec& joint = spec_->joints[j];
    if (joint.limited) (*q_rad)[j] = std::clamp((*q_rad)[j], joint.lower_rad, joint.upper_rad);
  }
}

void WorldHandle::Step(int ticks, const double* q_offset_rad) {
  if (ticks < 0) throw InputError("steps: expected a number >= 0");
  const int n = spec_->num_joints();
  for (int k = 0; k < ticks; ++k) {
    if (controller_) {
      if (!state_fresh_) port_->ReadState(&state_);
      controller_->Compute(state_, &cmd_);
      if (q_offset_rad != nullptr && cmd_.mode == hal::CommandMode::kActive) {
        for (int j = 0; j < n; ++j) cmd_.q_des_rad[j] += q_offset_rad[j];
        ClipToRange(&cmd_.q_des_rad);
      }
      port_->WriteCommand(cmd_);
    } else if (have_command_) {
      port_->WriteCommand(cmd_);
    }
    ApplyPushes();
    port_->Advance();
    state_fresh_ = false;
    stepped_ = true;
  }
  if (!state_fresh_) {
    port_->ReadState(&state_);
    state_fresh_ = true;
  }
}

void WorldHandle::SetCommand(const hal::LowCmd& cmd) {
  std::string reason;
  if (ValidateCommand(cmd, *spec_, hal::CommandLimits{}, &reason) !=
      hal::CommandStatus::kAccepted) {
    throw InputError("command refused: " + reason);
  }
  cmd_ = cmd;
  have_command_ = true;
  // Python paused between commands is not a lost link: the new command is applied again.
  port_->ClearWatchdog();
}

void WorldHandle::SetPdTargets(const double* q_des_rad, const double* kp_Nm_per_rad,
                               const double* kd_Nms_per_rad) {
  const int n = spec_->num_joints();
  cmd_.mode = hal::CommandMode::kActive;
  for (int j = 0; j < n; ++j) {
    const model::JointSpec& joint = spec_->joints[j];
    cmd_.q_des_rad[j] = q_des_rad[j];
    cmd_.dq_des_radps[j] = 0;
    cmd_.kp_Nm_per_rad[j] = kp_Nm_per_rad != nullptr ? kp_Nm_per_rad[j] : joint.kp_Nm_per_rad;
    cmd_.kd_Nms_per_rad[j] = kd_Nms_per_rad != nullptr ? kd_Nms_per_rad[j] : joint.kd_Nms_per_rad;
    cmd_.tau_ff_Nm[j] = 0;
  }
  ClipToRange(&cmd_.q_des_rad);
  hal::LowCmd checked = cmd_;
  SetCommand(checked);
}

void WorldHandle::SetTorqueOff() {
  cmd_.mode = hal::CommandMode::kOff;
  have_command_ = true;
  port_->ClearWatchdog();
}

}  // namespace tianmu::python
