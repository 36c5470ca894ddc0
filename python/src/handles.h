// Owners behind the Python classes: a controller that restarts afresh each episode, and a world
// with its simulated port and sensor/command buffers, stepped many ticks per call so Python pays
// its call overhead once per control step, not once per physics step.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/control/controller.h"
#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/low_state.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/world.h"

namespace tianmu::python {

/// A controller chosen by name (runtime::MakeController). Reset starts it afresh: after an
/// e-stop it builds a new instance (HumanoidController::Reset keeps a scheduled stop), otherwise
/// it resets the one it has (building one costs about a second for TM-1).
class ControllerHandle {
 public:
  /// Raises InputError naming the known controllers when `name` is unknown.
  ControllerHandle(std::shared_ptr<const model::RobotSpec> spec, std::string name);

  /// A fresh controller started from `state`.
  void Reset(const hal::LowState& state);
  /// One tick: the command for `state`.
  void Compute(const hal::LowState& state, hal::LowCmd* cmd) { impl_->Compute(state, cmd); }
  /// The controller now (replaced by Reset).
  control::Controller& impl() { return *impl_; }
  /// The whole-body controller, or InputError saying `what` needs it. `persistent`: the change
  /// outlives Reset, so the next Reset builds a new instance.
  control::HumanoidController& Humanoid(const std::string& what, bool persistent = false);

  /// The name it was made from ("wbc", "posture").
  const std::string& name() const { return name_; }
  /// The robot it controls.
  const std::shared_ptr<const model::RobotSpec>& spec() const { return spec_; }

 private:
  std::shared_ptr<const model::RobotSpec> spec_;
  std::string name_;
  std::unique_ptr<control::Controller> impl_;
  bool rebuild_on_reset_ = false;
};

/// A robot in a scene behind a simulated port ticking at the physics step, optionally driven by
/// a controller. Pushes are applied here rather than through World::AddPerturbation, so that a
/// reset can drop them without rebuilding the world (World has no way to clear its list).
class WorldHandle {
 public:
  /// Raises InputError when the scene or an option is invalid.
  WorldHandle(std::shared_ptr<const model::RobotSpec> spec, const std::string& scene,
              const sim::WorldOptions& options);

  /// Back to the start: nominal posture, drives damping, no pushes, the controller restarted.
  /// Without `seed` the world is reset in place and the sensor noise continues its sequence;
  /// with one, the world is rebuilt with that seed (about 0.5 s for TM-1) unless it is the
  /// current seed of a world not stepped yet, so the episode replays exactly.
  void Reset(std::optional<std::uint64_t> seed);
  /// Schedules a push (force and torque at the body's CoM, world frame, during [start, start +
  /// duration)); body "base" is the robot's base. InputError for an unknown body.
  void AddPush(sim::Perturbation push);
  /// Runs `ticks` physics steps. With a controller each step is a control tick (read, compute,
  /// write); `q_offset_rad` (num_joints values, or null) is added to its position targets,
  /// clipped to the joint ranges. Without one, the last command given is sent again each tick.
  void Step(int ticks, const double* q_offset_rad);
  /// Validates and keeps `cmd` for the ticks without a controller; InputError with the reason
  /// when the port would refuse it.
  void SetCommand(const hal::LowCmd& cmd);
  /// Joint PD to `q_des_rad` (clipped to the joint ranges) with per-joint gains (null: the
  /// robot.yaml gains), zero velocity target and feed-forward.
  void SetPdTargets(const double* q_des_rad, const double* kp_Nm_per_rad,
                    const double* kd_Nms_per_rad);
  /// Zero torque on every joint (the drives switched off).
  void SetTorqueOff();
  /// Attaches a controller (or detaches with null); it restarts from the current reading.
  void Attach(std::shared_ptr<ControllerHandle> controller);

  /// The world of this episode (replaced by a Reset with a new seed; views hold it alive).
  const std::shared_ptr<sim::World>& world() const { return world_; }
  /// The attached controller, or null.
  const std::shared_ptr<ControllerHandle>& controller() const { return controller_; }
  /// The robot.
  const model::RobotSpec& spec() const { return *spec_; }
  /// The robot, shared.
  const std::shared_ptr<const model::RobotSpec>& spec_ptr() const { return spec_; }
  /// The latest sensor reading (after the last step).
  const hal::LowState& state() const { return state_; }
  /// The command the drives were last sent.
  const hal::LowCmd& command() const { return cmd_; }
  /// Counters of the port since the last reset.
  const hal::PortStats& port_stats() const { return port_->stats(); }
  /// Seed of the sensor noise of the current world.
  std::uint64_t seed() const { return options_.seed; }
  /// The scene as given (name or path).
  const std::string& scene_name() const { return scene_name_; }

 private:
  void ClipToRange(std::vector<double>* q_rad) const;
  void StartEpisode();
  void ApplyPushes();

  std::shared_ptr<const model::RobotSpec> spec_;
  std::filesystem::path scene_;
  std::string scene_name_;
  sim::WorldOptions options_;
  std::shared_ptr<sim::World> world_;
  std::unique_ptr<hal::SimPort> port_;
  std::shared_ptr<ControllerHandle> controller_;
  hal::LowState state_;
  hal::LowCmd cmd_;
  bool state_fresh_ = false;  ///< state_ was read at the current time
  bool have_command_ = false;
  bool stepped_ = false;  ///< the world has advanced since it was built
  std::vector<sim::Perturbation> pushes_;
  std::vector<int> push_body_;  ///< MuJoCo body of each push
};

}  // namespace tianmu::python
