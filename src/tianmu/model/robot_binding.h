// RobotBinding: where a RobotSpec's names live inside one compiled mjModel (indices and
// addresses). The robot alone and the robot inside a scene have different models, so each
// user binds the spec to its own model once, by name.
#pragma once

#include <mujoco/mujoco.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"

namespace tianmu::model {

/// Indices of one foot's parts in a model; sensor addresses are -1 without F/T.
struct FootBinding {
  int body = -1;
  int sole_site = -1;
  int force_adr = -1;   ///< sensordata address of the 3 force values
  int torque_adr = -1;  ///< sensordata address of the 3 torque values
};

/// Indices of a RobotSpec inside one mjModel.
struct RobotBinding {
  int base_body = -1;
  int base_qpos_adr = -1;     ///< 7 values: position, quaternion (w, x, y, z)
  int base_dof_adr = -1;      ///< 6 values: linear (world), angular (local)
  std::vector<int> joint_id;  ///< per RobotSpec joint
  std::vector<int> joint_qpos_adr;
  std::vector<int> joint_dof_adr;
  std::vector<int> actuator_id;
  int imu_site = -1;
  int imu_orientation_adr = -1;  ///< sensordata addresses (orientation: -1 without one)
  int imu_gyro_adr = -1;
  int imu_accelerometer_adr = -1;
  std::array<FootBinding, 2> feet;
  std::vector<int> touch_adr;       ///< per RobotSpec touch sensor
  std::vector<int> hand_palm_site;  ///< per RobotSpec hand
};

/// Looks every name of `spec` up in `m`; raises InputError (naming the spec's yaml file and the
/// field) when something is missing or of the wrong kind.
RobotBinding BindRobot(const RobotSpec& spec, const mjModel* m);

/// As above, calling the model `model_label` in errors ("no site 'x' in tm1.xml"). Checks every
/// name the spec uses: element kinds, sensor types and sites, a free joint on the base, one
/// supported actuator (SupportedActuatorStyle) per actuated joint and none on passive joints.
RobotBinding BindRobot(const RobotSpec& spec, const mjModel* m, const std::string& model_label);

/// The style of actuator `a` when the simulator can drive it: a <motor> (joint transmission,
/// gain 1, no bias, no dynamics) or a position servo (<position kp>, or <general> with fixed
/// gain kp and affine bias [0, -kp, -kv], kv >= 0, no dynamics); nullopt otherwise.
std::optional<ActuatorStyle> SupportedActuatorStyle(const mjModel* m, int a);

/// What actuator `a` is, in MJCF terms, when it is not supported ("a <velocity> servo (kv 5)");
/// empty when it is.
std::string UnsupportedActuatorKind(const mjModel* m, int a);

/// Writes the joint ranges robot.yaml adds (range_rad, for joints the MJCF leaves unlimited) into
/// a compiled model, so that the simulated joints stop where the real ones do.
void ApplyYamlJointRanges(const RobotSpec& spec, const RobotBinding& b, mjModel* m);

/// Adds each actuated joint's reflected rotor inertia from its datasheet (rotor and reducer
/// inertia × ratio², `IntegratedJointSheet::ReflectedInertiaKgm2`) to the joint's armature, so
/// the model's mass matrix is the one the drives feel.
void AddReflectedRotorInertia(const RobotSpec& spec, const RobotBinding& b, mjModel* m);

}  // namespace tianmu::model
