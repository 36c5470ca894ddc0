#include "tianmu/motion/motion_map.h"

#include <mujoco/mujoco.h>

#include <algorithm>

#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::motion {
namespace {

// "+x", "-y", "z" -> unit vector.
Eigen::Vector3d ParseAxis(const ConfigNode& node) {
  const std::string s = node.AsString();
  const bool negative = !s.empty() && s[0] == '-';
  const std::string axis = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? s.substr(1) : s;
  Eigen::Vector3d v = Eigen::Vector3d::Zero();
  if (axis == "x") {
    v.x() = 1;
  } else if (axis == "y") {
    v.y() = 1;
  } else if (axis == "z") {
    v.z() = 1;
  } else {
    node.Fail("an axis: x, y, z, optionally signed (+x, -z), got '" + s + "'");
  }
  return negative ? -v : v;
}

int BodyId(const mjModel* m, const ConfigNode& node) {
  const int id = mj_name2id(m, mjOBJ_BODY, node.AsString().c_str());
  if (id < 0) node.Fail("a body of the robot's model, got unknown link '" + node.AsString() + "'");
  return id;
}

}  // namespace

std::filesystem::path DefaultMotionMapPath(const model::RobotSpec& spec) {
  return spec.yaml_path.parent_path() / "motion_map.yaml";
}

MotionMap LoadMotionMap(const std::filesystem::path& path, const model::RobotSpec& spec) {
  const ConfigNode root = ConfigNode::LoadFile(path);
  root.RejectUnknownKeys(
      {"robot", "human_axes", "human_leg", "robot_leg", "keypoints", "starter_motions"});
  MotionMap map;
  map.path = path;
  const mjModel* m = spec.model.get();
  const ConfigNode robot = root.Required("robot");
  map.robot = robot.AsString();
  if (map.robot != spec.name) {
    robot.Fail("the robot this map is for ('" + spec.name + "'), got '" + map.robot + "'");
  }

  const ConfigNode axes = root.Required("human_axes");
  axes.RejectUnknownKeys({"up", "forward"});
  const Eigen::Vector3d up = ParseAxis(axes.Required("up"));
  const Eigen::Vector3d forward = ParseAxis(axes.Required("forward"));
  if (std::abs(up.dot(forward)) > 0.5) axes.Required("forward").Fail("an axis other than up");
  map.human_to_world.row(0) = forward.transpose();
  map.human_to_world.row(1) = up.cross(forward).transpose();
  map.human_to_world.row(2) = up.transpose();

  const ConfigNode human_leg = root.Required("human_leg");
  const std::vector<std::string> hl = human_leg.AsStringList();
  if (hl.size() != 3) human_leg.Fail("three human joints: hip, knee, ankle");
  const ConfigNode robot_leg = root.Required("robot_leg");
  const std::vector<std::string> rl = robot_leg.AsStringList();
  if (rl.size() != 3) robot_leg.Fail("three robot bodies: hip, knee, ankle");
  const std::vector<ConfigNode> rl_items = robot_leg.SequenceItems();
  const std::vector<ConfigNode> hl_items = human_leg.SequenceItems();
  for (int i = 0; i < 3; ++i) {
    map.human_leg[static_cast<std::size_t>(i)] = hl[static_cast<std::size_t>(i)];
    map.human_lines[hl[static_cast<std::size_t>(i)]] = hl_items[static_cast<std::size_t>(i)].line();
    BodyId(m, rl_items[static_cast<std::size_t>(i)]);
    map.robot_leg[static_cast<std::size_t>(i)] = rl[static_cast<std::size_t>(i)];
  }

  for (const ConfigNode& item : root.Required("keypoints").SequenceItems()) {
    item.RejectUnknownKeys({"human", "robot", "robot_offset_m", "position_weight",
                            "orientation_weight", "foot", "relative_to"});
    KeypointMap k;
    k.human = item.Required("human").AsString();
    k.line = item.line();
    const ConfigNode robot_name = item.Required("robot");
    k.robot = robot_name.AsString();
    k.robot_id = mj_name2id(m, mjOBJ_BODY, k.robot.c_str());
    if (k.robot_id < 0) {
      k.robot_id = mj_name2id(m, mjOBJ_SITE, k.robot.c_str());
      k.robot_is_site = true;
    }
    if (k.robot_id < 0) {
      robot_name.Fail("a body or site of " + spec.model_path.filename().string() +
                      ", got unknown link '" + k.robot + "'");
    }
    k.robot_body = k.robot_is_site ? m->site_bodyid[k.robot_id] : k.robot_id;
    if (auto off = item.Optional("robot_offset_m")) {
      const std::vector<double> v = off->AsDoubleList(3);
      k.robot_offset_m = Eigen::Vector3d(v[0], v[1], v[2]);
    }
    if (auto w = item.Optional("position_weight")) k.position_weight = w->AsNonNegativeDouble();
    if (auto w = item.Optional("orientation_weight")) {
      k.orientation_weight = w->AsNonNegativeDouble();
    }
    if (auto f = item.Optional("foot")) {
      const std::string side = f->AsString();
      if (side != "left" && side != "right") f->Fail("left or right");
      k.foot = side == "left" ? 0 : 1;
    }
    if (auto rel = item.Optional("relative_to")) {
      const std::string parent = rel->AsString();
      for (std::size_t i = 0; i < map.keypoints.size(); ++i) {
        if (map.keypoints[i].human == parent) k.relative_to = static_cast<int>(i);
      }
      if (k.relative_to < 0)
        rel->Fail("the human name of an earlier keypoint, got '" + parent + "'");
      if (k.foot >= 0) rel->Fail("no relative_to on a foot keypoint");
    }
    map.human_lines[k.human] = item.Required("human").line();
    map.keypoints.push_back(k);
  }
  if (map.keypoints.empty()) root.Required("keypoints").Fail("at least one keypoint");
  for (int side = 0; side < 2; ++side) {
    const auto n = std::count_if(map.keypoints.begin(), map.keypoints.end(),
                                 [side](const KeypointMap& k) { return k.foot == side; });
    if (n != 1) {
      root.Required("keypoints")
          .Fail(std::string("exactly one keypoint with foot: ") + (side == 0 ? "left" : "right"));
    }
  }

  if (auto starters = root.Optional("starter_motions")) {
    for (const auto& [name, node] : starters->MapEntries()) {
      node.RejectUnknownKeys({"description", "kind", "keyframes"});
      StarterMotion motion;
      motion.name = name;
      if (auto d = node.Optional("description")) motion.description = d->AsString();
      if (auto kind = node.Optional("kind")) {
        motion.kind = kind->AsString();
        if (motion.kind != "upper_body" && motion.kind != "whole_body") {
          kind->Fail("upper_body or whole_body");
        }
      }
      double last_t = -1;
      for (const ConfigNode& kf : node.Required("keyframes").SequenceItems()) {
        kf.RejectUnknownKeys({"t_s", "pose"});
        StarterKeyframe key;
        const ConfigNode t = kf.Required("t_s");
        key.time_s = t.AsNonNegativeDouble();
        if (last_t < 0 && key.time_s != 0) t.Fail("0 for the first key pose");
        if (last_t >= 0 && key.time_s <= last_t) t.Fail("a time after the previous key pose");
        last_t = key.time_s;
        if (auto pose = kf.Optional("pose")) {
          for (const auto& [joint, value] : pose->MapEntries()) {
            const int index = spec.JointIndex(joint);
            if (index < 0)
              value.Fail("an actuated joint of " + spec.name + ", got '" + joint + "'");
            const double q = value.AsDouble();
            const model::JointSpec& js = spec.joints[static_cast<std::size_t>(index)];
            if (js.limited && (q < js.lower_rad || q > js.upper_rad)) {
              value.Fail("an angle inside [" + std::to_string(js.lower_rad) + ", " +
                         std::to_string(js.upper_rad) + "] rad");
            }
            key.q_rad[index] = q;
          }
        }
        motion.keyframes.push_back(key);
      }
      if (motion.keyframes.size() < 2) node.Required("keyframes").Fail("at least two key poses");
      map.starter_motions.push_back(motion);
    }
  }
  return map;
}

void CheckMapAgainstClip(const MotionMap& map, const HumanClip& clip,
                         const std::string& clip_name) {
  for (const auto& [name, line] : map.human_lines) {
    if (clip.JointIndex(name) < 0) {
      throw InputError(
          map.path.string(), line, name,
          "a joint of the human clip " + clip_name + ", which has no joint '" + name + "'");
    }
  }
}

}  // namespace tianmu::motion
