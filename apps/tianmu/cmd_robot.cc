// tianmu robot SUBCOMMAND …: bringing up a new robot. `robot init MODEL.xml|MODEL.urdf [--out
// DIR/robot.yaml] [--name N] [--force] [--json]` drafts a robot.yaml from a raw model and
// validates it as check-robot does (docs/bring-your-own-robot.md).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/bringup/robot_init.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/estimation/leg_kinematics.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/runtime/controller_config.h"

namespace tianmu::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// A robot name from a file stem: lower case, anything outside [a-z0-9_-] becomes '-'.
std::string NameFromStem(const std::string& stem) {
  std::string name;
  for (char c : stem) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                    lower == '_' || lower == '-';
    name += ok ? lower : '-';
  }
  return name.empty() ? "robot" : name;
}

Json DraftJson(const bringup::RobotDraft& draft) {
  Json feet = Json::object();
  const char* sides[2] = {"left", "right"};
  for (int i = 0; i < 2; ++i) {
    const bringup::DraftFoot& f = draft.feet[i];
    feet[sides[i]] = {{"body", f.body},
                      {"sole_site", f.sole_site},
                      {"sole_length_m", f.sole_length_m},
                      {"sole_width_m", f.sole_width_m},
                      {"force_sensor", f.force_sensor},
                      {"torque_sensor", f.torque_sensor}};
  }
  Json groups = Json::object();
  for (const bringup::DraftGroup& g : draft.groups) {
    groups[g.name] = {{"joints", g.joints},
                      {"component", g.component},
                      {"needed_torque_Nm", g.needed_torque_Nm},
                      {"component_meets_need", g.component_meets_need},
                      {"kp", g.kp_Nm_per_rad},
                      {"kd", g.kd_Nms_per_rad}};
  }
  return {{"base_body", draft.base_body},
          {"imu",
           {{"site", draft.imu.site},
            {"orientation_sensor", draft.imu.orientation_sensor},
            {"gyro_sensor", draft.imu.gyro_sensor},
            {"accelerometer_sensor", draft.imu.accelerometer_sensor}}},
          {"feet", feet},
          {"groups", groups},
          {"passive_joints", draft.passive_joints}};
}

int RobotInit(const Args& args) {
  const Flags flags(args, RobotCommand().subcommands[0].flags);
  if (flags.positional().size() != 1) {
    throw InputError(
        "expected one model file (usage: tianmu robot init MODEL.xml|MODEL.urdf "
        "[--out DIR/robot.yaml] [--name N] [--force] [--json])");
  }
  const fs::path model = flags.positional()[0];
  const std::string name = flags.String("name", NameFromStem(model.stem().string()));
  if (!model::IsValidRobotName(name)) {
    throw InputError("--name: expected a robot name made of [a-z0-9_-], got '" + name + "'");
  }
  const fs::path out =
      fs::absolute(flags.String("out", (model.parent_path() / "robot.yaml").string()));
  if (fs::exists(out) && !flags.Has("force")) {
    throw InputError("--out: " + out.string() +
                     " exists (expected a new file; --force overwrites it)");
  }
  if (fs::is_directory(out.parent_path())) CheckWritable(out);

  const actuators::ComponentLibrary components =
      actuators::LoadComponentLibrary(AssetsDir() / "components");
  const bringup::RobotDraft draft = bringup::InspectModel(model, name, components);
  // A new robot directory is created once the model has been accepted.
  fs::create_directories(out.parent_path());
  CheckWritable(out);
  WriteFileAtomically(out, bringup::DraftYaml(draft, out.parent_path()));

  // The same validation as check-robot, on the file just written.
  std::string error;
  model::RobotSpec spec;
  try {
    spec = model::LoadRobot(out, components);
    estimation::CheckLegKinematics(spec);
  } catch (const InputError& e) {
    error = e.what();
  }
  const bool valid = error.empty();

  if (flags.Has("json")) {
    Json j = {{"ok", true}, {"path", out.string()}, {"valid", valid}};
    if (!valid) j["error"] = error;
    j["todos"] = draft.todos;
    j["notes"] = draft.notes;
    j["draft"] = DraftJson(draft);
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("wrote %s (draft for %s)\n", out.string().c_str(), model.filename().c_str());
  std::printf("  base body   %s (%s)\n", draft.base_body.c_str(), draft.base_reason.c_str());
  std::printf("  IMU         site %s (%s)\n", draft.imu.site.c_str(), draft.imu.reason.c_str());
  for (int i = 0; i < 2; ++i) {
    const bringup::DraftFoot& f = draft.feet[i];
    std::printf("  %-5s foot  %s, sole %s %.3f x %.3f m, F/T %s\n", i == 0 ? "left" : "right",
                f.body.c_str(), f.sole_site.empty() ? "(none)" : f.sole_site.c_str(),
                f.sole_length_m, f.sole_width_m, f.force_sensor.empty() ? "no" : "yes");
  }
  for (const bringup::DraftGroup& g : draft.groups) {
    std::printf("  %-11s %zu joints, %s, kp %g kd %g\n", g.name.c_str(), g.joints.size(),
                g.component.c_str(), g.kp_Nm_per_rad, g.kd_Nms_per_rad);
  }
  if (valid) {
    std::printf(
        "check-robot: passed (names bound, %d joints, %.2f kg, standing base height "
        "%.3f m)\n",
        spec.num_joints(), spec.total_mass_kg, spec.standing_base_height_m);
  } else {
    std::printf("check-robot: not yet valid: %s\n", error.c_str());
  }
  for (const std::string& note : draft.notes) std::printf("note: %s\n", note.c_str());
  if (draft.todos.empty()) {
    std::printf("left to do: check the guesses, then `tianmu sim --robot %s`\n",
                out.parent_path().c_str());
  } else {
    std::printf("left to do (the # TODO: lines in the file):\n");
    for (const std::string& todo : draft.todos) std::printf("  - %s\n", todo.c_str());
  }
  return 0;
}

// tianmu robot config NAME|PATH: the controller configuration the robot gets, derived from its
// model, with --controller-config applied on top; the output is a valid --controller-config.
int RobotConfig(const Args& args) {
  const Flags flags(args, RobotCommand().subcommands[1].flags);
  if (flags.positional().size() != 1) {
    throw InputError(
        "expected one robot (usage: tianmu robot config NAME|PATH [--controller-config C.yaml] "
        "[--out FILE])");
  }
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.positional()[0]);
  const runtime::CerebellumConfig config =
      flags.Has("controller-config")
          ? runtime::LoadCerebellumConfig(spec, flags.String("controller-config"))
          : runtime::DefaultCerebellumConfig(spec);
  const std::string yaml = "# Controller configuration of " + spec.name +
                           " (tianmu robot config): pass it back with --controller-config.\n" +
                           runtime::CerebellumConfigYaml(config);
  if (flags.Has("out")) {
    const fs::path out = flags.String("out");
    CheckWritable(out);
    WriteFileAtomically(out, yaml);
    std::fprintf(stderr, "wrote %s\n", out.c_str());
  } else {
    std::fputs(yaml.c_str(), stdout);
  }
  return 0;
}

}  // namespace

CommandSpec RobotCommand() {
  return {
      .name = "robot",
      .purpose =
          "bring up a new robot: draft a robot.yaml from an MJCF or URDF model, see the "
          "controller configuration it gets",
      .examples = {"tianmu robot init model.xml --out assets/robots/my_bot/robot.yaml",
                   "tianmu robot config tm1 --out my_controller.yaml"},
      .subcommands = {
          {.name = "init",
           .purpose = "draft robot.yaml for a humanoid model (MJCF or URDF) and check it",
           .operands = "MODEL.xml|MODEL.urdf",
           .flags = {Option("out", "FILE", "where to write the robot.yaml")
                         .Default("robot.yaml next to the model")
                         .Kind(ValueKind::kFile),
                     Option("name", "NAME", "the robot's name, made of [a-z0-9_-]")
                         .Default("the model's file name"),
                     Switch("force", "overwrite --out when it exists"),
                     Switch("json",
                            "print the draft, its validity and what is left to do as JSON")},
           .examples = {"tianmu robot init h1.urdf --name h1",
                        "tianmu robot init model.xml --out assets/robots/my_bot/robot.yaml --json"},
           .run = RobotInit},
          {.name = "config",
           .purpose =
               "print the controller configuration a robot gets (derived from its model), as a "
               "file --controller-config accepts",
           .operands = "NAME|PATH",
           .flags = {Option("controller-config", "C.yaml",
                            "overrides to apply first: print the configuration they give")
                         .Kind(ValueKind::kFile),
                     Option("out", "FILE", "write the configuration there instead of stdout")
                         .Kind(ValueKind::kFile)},
           .examples = {"tianmu robot config tm1s",
                        "tianmu robot config tm1 --out my_controller.yaml"},
           .run = RobotConfig}}};
}

}  // namespace tianmu::cli
