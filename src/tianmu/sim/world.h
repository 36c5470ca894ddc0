// sim::World: one robot in one scene, stepped by MuJoCo at a fixed step with its joint drivers,
// actuator models, sensor noise and scheduled perturbations. Deterministic for a seed. Control
// code reaches it only through hal::SimPort; ground truth is for tests and measurements.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/core/rng.h"
#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/low_state.h"
#include "tianmu/model/robot_binding.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/imu_model.h"
#include "tianmu/sim/joint_drive.h"
#include "tianmu/sim/perturbation.h"

namespace tianmu::sim {

/// How the world is simulated.
struct WorldOptions {
  std::uint64_t seed = 0;        ///< sensor noise and any other randomness
  double timestep_s = 0.001;     ///< physics step
  bool component_models = true;  ///< datasheet actuators, latency, quantisation, armature
  bool sensor_noise = true;      ///< add robot.yaml sensor_noise to readings
  double ambient_temperature_C = 25;
  /// MuJoCo's ratio of frictional to normal constraint impedance (`impratio`); 0 keeps the
  /// model's own (1 unless its MJCF says otherwise). Higher makes friction stiffer: a grasp held
  /// by friction creeps less (docs/skills.md "Friction grasps").
  double friction_impedance_ratio = 0;
  /// Scene-format MJCF documents merged after the scene (e.g. objects from the knowledge base).
  std::vector<std::string> extra_scene_xml;
};

/// Simulator ground truth (never given to controllers).
struct GroundTruth {
  double time_s = 0;
  std::array<double, 3> base_position_m{};              ///< world frame
  std::array<double, 4> base_orientation_wxyz{};        ///< world <- base
  std::array<double, 3> base_linear_velocity_mps{};     ///< world frame
  std::array<double, 3> base_angular_velocity_radps{};  ///< base frame
  std::array<double, 3> com_m{};                        ///< robot centre of mass, world frame
  std::array<std::array<double, 3>, 2> foot_contact_force_N{};  ///< ground on foot, world frame
  double tilt_rad = 0;  ///< angle between the base's z axis and the world's z axis
  double energy_J = 0;  ///< electrical energy drawn by all actuators since reset
  double power_W = 0;   ///< electrical power of the last step
};

/// A robot in a scene.
class World {
 public:
  /// Compiles `spec`'s MJCF inside `scene_mjcf`, binds the robot and resets. Raises InputError
  /// when the scene or a perturbation body is invalid.
  World(const model::RobotSpec& spec, const std::filesystem::path& scene_mjcf,
        const WorldOptions& options);

  /// Nominal posture, soles on the ground at the origin, zero velocity, drivers damping.
  void Reset();
  /// Schedules a perturbation; its body must exist ("base" means the robot's base body).
  void AddPerturbation(Perturbation p);
  /// Hands one joint command to the drivers (takes effect after each driver's latency).
  void SetCommand(const hal::LowCmd& cmd);
  /// Advances physics by one step.
  void Step();
  /// The sensor readings now: encoders, orientation and gyro of the current state; accelerometer,
  /// foot force/torque and touch averaged over the last step (as a sampled sensor reports them).
  void Sense(hal::LowState* state);
  /// Ground truth at the current time.
  GroundTruth Truth() const;
  /// True when the base tilts more than 45 degrees, drops below a quarter of its standing height,
  /// or a body other than the legs and the base (torso, arms, head) touches the ground (a static
  /// scene geom). A crouch or a sit on the feet and pelvis is not a fall.
  bool Fallen() const;
  /// The body whose acceleration head-injury figures use: the head group's last body, else the
  /// torso (waist group), else the base.
  int head_body() const { return head_body_; }

  double time_s() const { return data_->time; }
  double timestep_s() const { return options_.timestep_s; }
  const model::RobotSpec& spec() const { return spec_; }
  const model::RobotBinding& binding() const { return binding_; }
  const mjModel* model() const { return model_.get(); }
  const mjData* data() const { return data_.get(); }
  /// Switches the MJCF <weld> equality `name` on or off (a scene's grip or fixture). Switched on,
  /// it holds its two bodies at their relative pose of this moment. Raises InputError when the
  /// model has no weld of that name.
  void SetWeldActive(const std::string& name, bool active);
  /// Mutable drives, for fault injection.
  std::vector<JointDrive>& drives() { return drives_; }
  /// The simulated IMU's error state (biases, AHRS drift), for tests.
  const ImuModel& imu() const { return imu_; }

 private:
  void ConfigureModelFromComponents();
  void ApplyPerturbations();
  std::array<double, 3> FootContactForce(int foot) const;
  void FillFootWrench(int foot, hal::FootWrench* out);

  model::RobotSpec spec_;
  WorldOptions options_;
  model::MjModelPtr model_;
  model::MjDataPtr data_;
  model::RobotBinding binding_;
  std::vector<JointDrive> drives_;
  std::vector<Perturbation> perturbations_;
  std::vector<int> perturbation_body_;
  std::vector<std::array<bool, 2>> geom_on_foot_;
  std::vector<bool> geom_falls_on_contact_;  ///< per geom: a torso/arm/head geom of the robot
  int head_body_ = -1;
  std::array<int, 2> foot_ft_site_{
      -1, -1};  ///< site of each foot's F/T sensors  ///< per geom: belongs to left/right foot
  Rng rng_;
  ImuModel imu_;  ///< own random stream, so IMU draws do not shift the other sensors' noise
  std::array<std::array<double, 3>, 2> foot_contact_force_N_{};  ///< from the last step
  std::vector<double> tau_last_Nm_;
  std::vector<double> frictionloss_Nm_;  ///< per joint: the MJCF plus reducer friction loss
  std::vector<std::array<double, 2>> friction_solref_;  ///< per joint: its friction's solref
  std::vector<std::array<double, 2>> friction_solimp_;  ///< ... and first two solimp values
  double energy_J_ = 0;
  double power_W_ = 0;
};

}  // namespace tianmu::sim
