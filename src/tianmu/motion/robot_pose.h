// Placing a robot clip's frame into a MuJoCo model's qpos (base pose + actuated joints): the
// addresses of RobotSpec joints in an mjModel, shared by retargeting, metrics and playback.
#pragma once

#include <mujoco/mujoco.h>

#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/robot_clip.h"

namespace tianmu::motion {

/// Where each RobotSpec joint lives in one compiled model of the robot.
struct JointAddresses {
  std::vector<int> qpos;  ///< qpos index per RobotSpec joint
  std::vector<int> dof;   ///< dof (qvel) index per RobotSpec joint
  int base_qpos = 0;      ///< first qpos of the base free joint (position, then quaternion wxyz)
  int base_dof = 0;       ///< first dof of the base free joint (linear world, angular local)
};

/// Resolves every joint of `spec` and the base free joint in `m` (a model of the same robot).
JointAddresses ResolveJointAddresses(const model::RobotSpec& spec, const mjModel* m);

/// Writes `frame` (joint order of `clip`) into qpos; joints the clip does not name keep their
/// value. Runs no kinematics.
void ApplyRobotFrame(const model::RobotSpec& spec, const JointAddresses& addresses,
                     const RobotClip& clip, const RobotFrame& frame, double* qpos);

}  // namespace tianmu::motion
