#include "tianmu/motion/robot_pose.h"

#include "tianmu/core/error.h"

namespace tianmu::motion {

JointAddresses ResolveJointAddresses(const model::RobotSpec& spec, const mjModel* m) {
  JointAddresses a;
  for (const model::JointSpec& j : spec.joints) {
    const int id = mj_name2id(m, mjOBJ_JOINT, j.name.c_str());
    if (id < 0) throw RuntimeError("joint '" + j.name + "' missing from the model");
    a.qpos.push_back(m->jnt_qposadr[id]);
    a.dof.push_back(m->jnt_dofadr[id]);
  }
  const int base = mj_name2id(m, mjOBJ_BODY, spec.base_body.c_str());
  if (base < 0 || m->body_jntnum[base] < 1 || m->jnt_type[m->body_jntadr[base]] != mjJNT_FREE) {
    throw RuntimeError("base body '" + spec.base_body + "' has no free joint");
  }
  a.base_qpos = m->jnt_qposadr[m->body_jntadr[base]];
  a.base_dof = m->jnt_dofadr[m->body_jntadr[base]];
  return a;
}

void ApplyRobotFrame(const model::RobotSpec& spec, const JointAddresses& addresses,
                     const RobotClip& clip, const RobotFrame& frame, double* qpos) {
  for (int k = 0; k < 3; ++k)
    qpos[addresses.base_qpos + k] = frame.base_pos_m[static_cast<std::size_t>(k)];
  for (int k = 0; k < 4; ++k) {
    qpos[addresses.base_qpos + 3 + k] = frame.base_quat_wxyz[static_cast<std::size_t>(k)];
  }
  for (std::size_t c = 0; c < clip.joint_names.size() && c < frame.q_rad.size(); ++c) {
    const int j = spec.JointIndex(clip.joint_names[c]);
    if (j >= 0) qpos[addresses.qpos[static_cast<std::size_t>(j)]] = frame.q_rad[c];
  }
}

}  // namespace tianmu::motion
