// tianmu robots [--json] [--names]: lists the robots in the assets directory with their DoF and
// mass. Every robot is loaded and validated; a broken one is listed with its error and makes the
// command exit 2 after the listing.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/actuators/datasheet.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/error.h"
#include "tianmu/estimation/leg_kinematics.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::cli {
namespace {

// Keeps fields in the order written (name first, groups in robot.yaml order).
using Json = nlohmann::ordered_json;

int RunRobots(const Args& args) {
  const Flags flags(args, RobotsCommand().flags);
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] +
                     "' (usage: tianmu robots [--json])");
  }
  const bool json = flags.Has("json");
  const std::vector<std::string> names = model::ListRobots();
  if (flags.Has("names")) {
    if (json) throw InputError("--names: not with --json");
    for (const std::string& name : names) std::printf("%s\n", name.c_str());
    return 0;
  }
  const actuators::ComponentLibrary components =
      actuators::LoadComponentLibrary(AssetsDir() / "components");

  Json list = Json::array();
  int broken = 0;
  // The name column fits the longest name (at least 12 characters).
  int width = 12;
  for (const std::string& name : names) width = std::max(width, static_cast<int>(name.size()));
  for (const std::string& name : names) {
    const std::filesystem::path yaml = AssetsDir() / "robots" / name / "robot.yaml";
    Json entry = {{"name", name}};
    try {
      const model::RobotSpec spec = model::LoadRobot(yaml, components);
      estimation::CheckLegKinematics(spec);  // as check-robot and sim
      entry["description"] = spec.description;
      entry["dof"] = spec.num_joints();
      entry["mass_kg"] = spec.total_mass_kg;
      if (!json) {
        std::printf("%-*s %3d dof %7.1f kg  %s\n", width, name.c_str(), spec.num_joints(),
                    spec.total_mass_kg, spec.description.c_str());
      }
    } catch (const InputError& e) {
      ++broken;
      entry["error"] = e.what();
      if (!json)
        std::printf("%-*s INVALID (see tianmu check-robot %s)\n", width, name.c_str(),
                    name.c_str());
      std::fprintf(stderr, "tianmu robots: %s\n", e.what());
    }
    entry["path"] = yaml.string();
    list.push_back(entry);
  }
  if (json) {
    std::printf("%s\n", Json({{"robots", list}}).dump(2).c_str());
  } else if (names.empty()) {
    std::printf("no robots in %s\n", (AssetsDir() / "robots").string().c_str());
  }
  return broken == 0 ? 0 : 2;
}

}  // namespace

CommandSpec RobotsCommand() {
  return {
      .name = "robots",
      .purpose = "list the robots in the assets directory",
      .flags = {Switch("json", "print the list as JSON on stdout (name, dof, mass, path)"),
                Switch("names", "print only the names, one a line, without loading the robots")},
      .examples = {"tianmu robots", "tianmu robots --json"},
      .run = RunRobots};
}

}  // namespace tianmu::cli
