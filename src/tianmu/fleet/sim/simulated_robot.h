// One robot of a simulated fleet: its own MuJoCo world, simulated HAL port, whole-body controller
// and oracle perception, placed at a start pose on the shared floor; it turns the fleet agent's
// motion commands into the walk_to skill and reports its pose in the floor frame.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <string>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/fleet/robot_agent.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/world.h"
#include "tianmu/skills/oracle_port.h"
#include "tianmu/skills/walk_to_skill.h"

namespace tianmu::fleet {

/// A start pose on the floor: position (m) and heading (rad), floor frame.
struct FloorPose {
  Eigen::Vector2d position_m = Eigen::Vector2d::Zero();
  double heading_rad = 0;
};

/// A robot and its simulation. Each robot's world has it start at the origin; X_FloorWorld (the
/// start pose) maps its world to the shared floor.
class SimulatedRobot {
 public:
  /// Builds the world from `scene` with `world_options` (seed, noise) and resets the controller.
  SimulatedRobot(const model::RobotSpec& spec, const std::filesystem::path& scene,
                 const sim::WorldOptions& world_options, const FloorPose& start);

  /// One control tick (1 kHz): read state, control, command, step physics, sample perception.
  void Tick();
  /// Applies the agent's command (call at the skill rate, e.g. every 10 ticks).
  void Execute(const MotionCommand& command);
  /// The robot's perceived pose and motion, floor frame (what its agent may use).
  BodyReading Reading();
  /// Ground-truth base position, floor frame (for measuring clearance only).
  Eigen::Vector2d TrueBasePosition_m() const;
  /// Radius of the circle around the robot's geometry seen from above, centred on the base,
  /// measured at the start pose (m).
  double footprint_radius_m() const { return footprint_radius_m_; }
  double time_s() const { return world_->time_s(); }
  bool fallen() const { return world_->Fallen(); }

 private:
  Eigen::Vector2d ToFloor(const Eigen::Vector2d& world_m) const;
  Eigen::Vector2d ToWorld(const Eigen::Vector2d& floor_m) const;

  const model::RobotSpec& spec_;
  FloorPose start_;
  std::unique_ptr<sim::World> world_;
  std::unique_ptr<hal::SimPort> port_;
  std::unique_ptr<control::HumanoidController> controller_;
  std::unique_ptr<skills::OraclePort> perception_;
  std::unique_ptr<skills::WalkToSkill> walk_;
  Eigen::Vector2d walk_target_m_ = Eigen::Vector2d::Zero();  ///< floor frame
  bool walk_done_ = false;
  int ticks_ = 0;
  hal::LowState state_;
  hal::LowCmd cmd_;
  double footprint_radius_m_ = 0;
  Eigen::Vector2d last_position_m_ = Eigen::Vector2d::Zero();
  double last_reading_s_ = 0;
};

}  // namespace tianmu::fleet
