// Robot parts from groups and kinematics (see robot_parts.h).
#include "tianmu/certify/items/robot_parts.h"

#include <mujoco/mujoco.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_binding.h"

namespace tianmu::certify::items {
namespace {

// Pitch joints must turn about an axis within this angle of the base's y axis.
const double kPitchAxisCos = std::cos(30.0 * M_PI / 180.0);

// (anchor height, joint) of the pitch joints of `group_name`, highest first, with the robot's
// base upright at the origin and its joints at the nominal posture.
std::vector<std::pair<double, int>> PitchJoints(const model::RobotSpec& spec,
                                                const std::string& group_name) {
  std::vector<std::pair<double, int>> out;
  const model::GroupSpec* group = spec.Group(group_name);
  if (group == nullptr) return out;
  const mjModel* m = spec.model.get();
  const model::RobotBinding b = model::BindRobot(spec, m);
  model::MjDataPtr d = model::MakeData(m);
  mjtNum* base = d->qpos + b.base_qpos_adr;
  for (int k = 0; k < 7; ++k) base[k] = k == 3 ? 1 : 0;
  const std::vector<double> nominal = spec.NominalPosture();
  for (int j = 0; j < spec.num_joints(); ++j) d->qpos[b.joint_qpos_adr[j]] = nominal[j];
  mj_kinematics(m, d.get());
  for (int j : group->joints) {
    const int id = b.joint_id[j];
    if (m->jnt_type[id] != mjJNT_HINGE) continue;
    if (std::abs(d->xaxis[3 * id + 1]) < kPitchAxisCos) continue;
    out.push_back({d->xanchor[3 * id + 2], j});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  return out;
}

}  // namespace

std::optional<int> LegKneeJoint(const model::RobotSpec& spec, const std::string& side) {
  const auto pitch = PitchJoints(spec, side + "_leg");
  if (pitch.size() < 3) return std::nullopt;
  return pitch[1].second;
}

std::optional<int> ShoulderPitchJoint(const model::RobotSpec& spec, const std::string& side) {
  const auto pitch = PitchJoints(spec, side + "_arm");
  if (pitch.empty()) return std::nullopt;
  return pitch.front().second;
}

}  // namespace tianmu::certify::items
