// tianmu check-robot PATH|NAME [--json]: loads and validates a robot (robot.yaml + MJCF +
// component datasheets, plus the state estimator's checks that `sim` runs) and summarises it: DoF
// per group, mass, standing height, sensors and the actuator limits of every joint.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/estimation/leg_kinematics.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::cli {
namespace {

// Keeps fields in the order written (name first, groups in robot.yaml order).
using Json = nlohmann::ordered_json;

// The sensors a robot carries, as short tags: "imu", "foot_ft_left", "touch:NAME", "camera:NAME".
std::vector<std::string> SensorTags(const model::RobotSpec& spec) {
  std::vector<std::string> tags = {"imu"};
  if (spec.feet[0].has_force_torque()) tags.push_back("foot_ft_left");
  if (spec.feet[1].has_force_torque()) tags.push_back("foot_ft_right");
  for (const std::string& touch : spec.touch_sensors) tags.push_back("touch:" + touch);
  for (const model::CameraSpec& camera : spec.cameras) tags.push_back("camera:" + camera.name);
  return tags;
}

Json SummaryJson(const model::RobotSpec& spec) {
  Json out;
  out["ok"] = true;
  out["name"] = spec.name;
  out["description"] = spec.description;
  out["path"] = spec.yaml_path.string();
  out["model"] = spec.model_path.string();
  out["dof"] = spec.num_joints();
  out["passive_joints"] = spec.passive_joints.size();
  out["mass_kg"] = spec.total_mass_kg;
  out["standing_base_height_m"] = spec.standing_base_height_m;
  out["nominal_posture_source"] = spec.nominal_source;
  Json groups = Json::object();
  for (const model::GroupSpec& group : spec.groups) groups[group.name] = group.joints.size();
  out["groups"] = groups;
  out["sensors"] = SensorTags(spec);
  Json joints = Json::array();
  for (const model::JointSpec& joint : spec.joints) {
    Json j;
    j["name"] = joint.name;
    j["group"] = joint.group;
    j["actuator"] = joint.actuator;
    j["actuator_style"] = model::ActuatorStyleName(joint.actuator_style);
    j["component"] = joint.component;
    j["peak_torque_Nm"] = joint.peak_torque_Nm;
    j["max_velocity_radps"] = joint.max_velocity_radps;
    j["limited"] = joint.limited;
    // Unlimited joints have no range: null rather than a made-up number.
    j["lower_rad"] = joint.limited ? Json(joint.lower_rad) : Json(nullptr);
    j["upper_rad"] = joint.limited ? Json(joint.upper_rad) : Json(nullptr);
    j["nominal_rad"] = joint.nominal_rad;
    joints.push_back(j);
  }
  out["joints"] = joints;
  return out;
}

void PrintSummary(const model::RobotSpec& spec) {
  std::printf("%s%s%s\n", spec.name.c_str(), spec.description.empty() ? "" : ": ",
              spec.description.c_str());
  std::printf("  robot.yaml  %s\n", spec.yaml_path.string().c_str());
  std::printf("  model       %s\n", spec.model_path.string().c_str());
  std::printf("  dof         %d actuated, %zu passive\n", spec.num_joints(),
              spec.passive_joints.size());
  for (const model::GroupSpec& group : spec.groups) {
    std::printf("    %-12s %zu\n", group.name.c_str(), group.joints.size());
  }
  std::printf("  mass        %.2f kg\n", spec.total_mass_kg);
  std::printf("  standing    base height %.3f m (nominal posture, soles on the ground)\n",
              spec.standing_base_height_m);
  std::printf("  nominal     %s\n", spec.nominal_source.c_str());
  std::printf("  sensors     IMU (site %s); foot F/T left %s, right %s; touch %zu; cameras",
              spec.imu.site.c_str(), spec.feet[0].has_force_torque() ? "yes" : "no",
              spec.feet[1].has_force_torque() ? "yes" : "no", spec.touch_sensors.size());
  if (spec.cameras.empty()) std::printf(" none");
  for (const model::CameraSpec& camera : spec.cameras) {
    std::printf(" %s %dx%d%s", camera.name.c_str(), camera.width_px, camera.height_px,
                camera.depth ? " RGB-D" : " RGB");
  }
  std::printf("\n  joints      component, actuator, peak torque, max speed, range\n");
  for (const model::JointSpec& joint : spec.joints) {
    std::printf("    %-24s %-10s %-14s %-5s %8.1f Nm %7.2f rad/s", joint.name.c_str(),
                joint.group.c_str(), joint.component.c_str(),
                joint.actuator_style == model::ActuatorStyle::kMotor ? "motor" : "servo",
                joint.peak_torque_Nm, joint.max_velocity_radps);
    if (joint.limited) {
      std::printf("  [%+.2f, %+.2f] rad\n", joint.lower_rad, joint.upper_rad);
    } else {
      std::printf("  unlimited\n");
    }
  }
  std::printf("ok: %s is a valid robot\n", spec.name.c_str());
}

int RunCheckRobot(const Args& args) {
  // Known before parsing, so that even a flag error reaches JSON consumers as JSON.
  const bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  model::RobotSpec spec;
  try {
    const Flags flags(args, CheckRobotCommand().flags);
    if (flags.positional().size() != 1) {
      throw InputError(
          "expected one robot name or path (usage: tianmu check-robot PATH|NAME "
          "[--json])");
    }
    spec = model::LoadRobotByNameOrPath(flags.positional()[0]);
    // What `sim` refuses when it builds the state estimator, refused here too.
    estimation::CheckLegKinematics(spec);
  } catch (const std::exception& e) {
    // main() prints the error on stderr and sets the exit code (2 for bad input); JSON consumers
    // also get it on stdout.
    if (json) {
      std::printf("%s\n", Json({{"ok", false}, {"error", e.what()}}).dump().c_str());
    }
    throw;
  }
  if (json) {
    std::printf("%s\n", SummaryJson(spec).dump(2).c_str());
  } else {
    PrintSummary(spec);
  }
  return 0;
}

}  // namespace

CommandSpec CheckRobotCommand() {
  return {.name = "check-robot",
          .purpose = "validate a robot.yaml and its MJCF, summarise DoF, mass, sensors, limits",
          .operands = "NAME|PATH",
          .flags = {Switch("json", "print the summary (or the error) as JSON on stdout")},
          .examples = {"tianmu check-robot tm1",
                       "tianmu check-robot assets/robots/tm1s/robot.yaml --json"},
          .run = RunCheckRobot,
          .operand_is_robot = true};
}

}  // namespace tianmu::cli
