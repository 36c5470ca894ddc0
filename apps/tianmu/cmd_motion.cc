// `tianmu motion`: the motion library (动作库). import retargets a BVH clip onto a robot and
// stores it with its quality metrics; list/show/export read the library; play tracks a clip in
// simulation under the whole-body controller and reports tracking error and balance.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "sim_setup.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/motion/bvh.h"
#include "tianmu/motion/library.h"
#include "tianmu/motion/motion_map.h"
#include "tianmu/motion/playback.h"
#include "tianmu/motion/retarget.h"

namespace tianmu::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "expected: tianmu motion import FILE.bvh --robot R --name NAME | list | show NAME --robot R "
    "| export NAME --robot R --out FILE | play NAME --robot R";

fs::path LibraryDir(const Flags& flags) {
  return flags.Has("library") ? fs::path(flags.String("library")) : motion::DefaultLibraryDir();
}

// The single positional argument after the verb (a file or clip name).
std::string Operand(const Flags& flags, const std::string& verb, const std::string& what) {
  const auto& p = flags.positional();
  if (p.size() < 2) throw InputError("motion " + verb + ": missing " + what + " (" + kUsage + ")");
  if (p.size() > 2) throw InputError("motion " + verb + ": unexpected argument '" + p[2] + "'");
  return p[1];
}

void PrintEntry(const motion::LibraryEntry& e) {
  std::printf("%s/%s: %s, %d frames at %.4g fps (%.2f s)\n", e.robot.c_str(), e.name.c_str(),
              e.kind.c_str(), e.frames, e.fps, e.duration_s);
  if (!e.description.empty()) std::printf("  %s\n", e.description.c_str());
  std::printf("  source: %s\n  licence: %s\n  file: %s\n  added: %s\n", e.source.c_str(),
              e.licence.c_str(), e.file.c_str(), e.created_utc.c_str());
  std::printf("  quality: %s\n", motion::FormatQuality(e.metrics).c_str());
}

int Import(const Flags& flags) {
  const fs::path bvh = Operand(flags, "import", "FILE.bvh");
  const std::string name = flags.Required("name", "a clip name [a-z0-9_-]+");
  if (!motion::IsValidClipName(name)) {
    throw InputError("--name: expected a clip name [a-z0-9_-]+ (at most 64), got '" + name + "'");
  }
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.Required("robot", "a robot"));
  motion::MotionLibrary library(LibraryDir(flags));
  library.EnsureStarterClips(spec);
  if (!flags.Has("force") && library.Find(spec.name, name)) {
    throw InputError("clip '" + name + "' for robot " + spec.name + " already exists in " +
                     library.dir().string() + " (use --force to replace it)");
  }
  const fs::path map_path =
      flags.Has("map") ? fs::path(flags.String("map")) : motion::DefaultMotionMapPath(spec);
  if (!fs::exists(map_path)) {
    throw InputError(
        map_path.string(), 0, "",
        "a retargeting map for " + spec.name + " (docs/motion.md; or pass --map FILE)");
  }
  const motion::MotionMap map = motion::LoadMotionMap(map_path, spec);
  const motion::HumanClip human = motion::LoadBvh(bvh);
  motion::RetargetOptions options;
  options.clean_foot_skate = !flags.Has("no-cleanup");
  std::fprintf(stderr, "motion import: retargeting %s (%d frames at %.4g fps) onto %s\n",
               bvh.c_str(), human.num_frames(), 1.0 / human.frame_time_s, spec.name.c_str());
  motion::RetargetResult result = motion::Retarget(spec, map, human, bvh.string(), options);
  motion::RobotClip& clip = result.clip;
  clip.name = name;
  clip.source = flags.String("source", bvh.filename().string());
  clip.licence = flags.String("licence", "unspecified");
  clip.description = flags.String("description", "");
  if (flags.Has("kind")) {
    clip.kind = flags.String("kind");
    if (clip.kind != "upper_body" && clip.kind != "whole_body") {
      throw InputError("--kind: expected upper_body or whole_body, got '" + clip.kind + "'");
    }
  }
  if (!result.violations.empty() && !flags.Has("allow-limit-violations")) {
    const int shown = std::min<int>(10, static_cast<int>(result.violations.size()));
    for (int i = 0; i < shown; ++i) {
      const motion::LimitViolation& v = result.violations[static_cast<std::size_t>(i)];
      std::fprintf(stderr, "  frame %d: %s asked %.3f rad beyond its %s limit\n", v.frame,
                   v.joint.c_str(), v.beyond_rad, v.velocity ? "speed" : "position");
    }
    const motion::LimitViolation& first = result.violations.front();
    throw InputError(bvh.string(), 0, "",
                     "a clip " + spec.name +
                         " can follow within its joint limits; retargeting "
                         "asks for " +
                         std::to_string(result.violations.size()) +
                         " limit violation(s), first at frame " + std::to_string(first.frame) +
                         " on " + first.joint +
                         " (nothing stored; --allow-limit-violations stores "
                         "it with the violations reported)");
  }
  library.Add(clip, flags.Has("force"), bvh);
  const motion::LibraryEntry entry = library.Get(spec.name, name);
  if (flags.Has("json")) {
    nlohmann::json j = entry.ToJson();
    j["scale"] = result.scale;
    j["limit_violations"] = nlohmann::json::array();
    for (const motion::LimitViolation& v : result.violations) {
      j["limit_violations"].push_back({{"frame", v.frame},
                                       {"joint", v.joint},
                                       {"beyond_rad", v.beyond_rad},
                                       {"kind", v.velocity ? "speed" : "position"}});
    }
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("imported %s (scale %.3f)\n", name.c_str(), result.scale);
    PrintEntry(entry);
  }
  return 0;
}

int List(const Flags& flags) {
  if (flags.positional().size() > 1) {
    throw InputError("motion list: unexpected argument '" + flags.positional()[1] + "'");
  }
  motion::MotionLibrary library(LibraryDir(flags));
  std::string robot;
  if (flags.Has("robot")) {
    const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.String("robot"));
    library.EnsureStarterClips(spec);
    robot = spec.name;
  } else {
    for (const std::string& name : model::ListRobots()) {
      library.EnsureStarterClips(model::LoadRobotByNameOrPath(name));
    }
  }
  const std::vector<motion::LibraryEntry> entries = library.List(robot);
  if (flags.Has("json")) {
    nlohmann::json j = {{"library", library.dir().string()}, {"clips", nlohmann::json::array()}};
    for (const auto& e : entries) j["clips"].push_back(e.ToJson());
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("%-8s %-16s %-11s %7s %8s  %s\n", "robot", "name", "kind", "frames", "dur_s",
              "source");
  for (const auto& e : entries) {
    std::printf("%-8s %-16s %-11s %7d %8.2f  %s\n", e.robot.c_str(), e.name.c_str(), e.kind.c_str(),
                e.frames, e.duration_s, e.source.c_str());
  }
  return 0;
}

int Show(const Flags& flags) {
  const std::string name = Operand(flags, "show", "a clip name");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.Required("robot", "a robot"));
  motion::MotionLibrary library(LibraryDir(flags));
  library.EnsureStarterClips(spec);
  const motion::LibraryEntry e = library.Get(spec.name, name);
  if (flags.Has("json")) {
    std::printf("%s\n", e.ToJson().dump(2).c_str());
  } else {
    PrintEntry(e);
  }
  return 0;
}

int Export(const Flags& flags) {
  const std::string name = Operand(flags, "export", "a clip name");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.Required("robot", "a robot"));
  const fs::path out = flags.Required("out", "an output file for the clip (JSON)");
  if (fs::exists(out) && !flags.Has("force")) {
    throw InputError("--out: " + out.string() + " exists (use --force to overwrite it)");
  }
  CheckWritable(out);
  motion::MotionLibrary library(LibraryDir(flags));
  library.EnsureStarterClips(spec);
  const motion::RobotClip clip = library.Load(library.Get(spec.name, name));
  motion::SaveRobotClip(clip, out);
  std::fprintf(stderr, "motion export: %s/%s -> %s\n", spec.name.c_str(), name.c_str(),
               out.c_str());
  return 0;
}

int Play(const Flags& flags) {
  const std::string name = Operand(flags, "play", "a clip name");
  const model::RobotSpec spec = model::LoadRobotByNameOrPath(flags.Required("robot", "a robot"));
  runtime::SimRunOptions sim = SimulationOptionsFromFlags(flags, 1.0);
  motion::PlaybackOptions options;
  options.weight = flags.Number("weight", options.weight);
  options.lead_s = flags.Number("lead", options.lead_s);
  options.drive_legs = !flags.Has("upper-body-only");
  motion::MotionLibrary library(LibraryDir(flags));
  library.EnsureStarterClips(spec);
  const motion::RobotClip clip = library.Load(library.Get(spec.name, name));
  const std::string header = "motion play: " + clip.name + " on " + spec.name + " in " +
                             sim.scene_name + " (" + clip.kind + ")";
  const motion::PlaybackReport report =
      motion::PlayClip(spec, clip, sim, options, StderrProgress("play", header));
  if (flags.Has("json")) {
    std::printf("%s\n", report.ToJson().dump(2).c_str());
  } else {
    std::printf("%s on %s: tracking RMSE %.4f rad, max %.4f rad (%s), balance %s%s\n",
                clip.name.c_str(), spec.name.c_str(), report.tracking_rmse_rad,
                report.max_tracking_error_rad, report.max_error_joint.c_str(),
                report.balance_held ? "held" : "lost",
                clip.kind == "whole_body" && !report.legs_driven
                    ? " (whole-body clip: upper body tracked, legs left to the balance controller)"
                    : "");
  }
  return report.balance_held ? 0 : 1;
}

// Flags of one verb, parsed with the verb in front so that positional()[0] is the verb as the
// verb functions above expect.
Flags VerbFlags(const std::string& verb, const Args& args, const std::vector<FlagSpec>& specs) {
  Args words = {verb};
  words.insert(words.end(), args.begin(), args.end());
  return Flags(words, specs);
}

const CommandSpec& Verb(int index) {
  static const CommandSpec motion = MotionCommand();
  return motion.subcommands[static_cast<std::size_t>(index)];
}

int ImportVerb(const Args& args) { return Import(VerbFlags("import", args, Verb(0).flags)); }
int ListVerb(const Args& args) { return List(VerbFlags("list", args, Verb(1).flags)); }
int ShowVerb(const Args& args) { return Show(VerbFlags("show", args, Verb(2).flags)); }
int ExportVerb(const Args& args) { return Export(VerbFlags("export", args, Verb(3).flags)); }
int PlayVerb(const Args& args) { return Play(VerbFlags("play", args, Verb(4).flags)); }

FlagSpec LibraryFlag() {
  return Option("library", "DIR", "the motion library")
      .Default("motions/ in the data directory")
      .Kind(ValueKind::kDirectory);
}

FlagSpec RobotFlag(const std::string& help) {
  return Option("robot", "NAME|PATH", help).Kind(ValueKind::kRobot);
}

}  // namespace

CommandSpec MotionCommand() {
  return {
      .name = "motion",
      .purpose = "the motion library: import BVH, list, show, export and play clips",
      .examples = {"tianmu motion import wave.bvh --robot tm1 --name wave --licence CC0-1.0",
                   "tianmu motion play wave --robot tm1"},
      .subcommands = {
          {.name = "import",
           .purpose = "retarget a BVH clip onto a robot and store it; prints the quality metrics",
           .operands = "FILE.bvh",
           .flags =
               {RobotFlag("the robot to retarget onto (required)"),
                Option("name", "NAME", "the clip's name, [a-z0-9_-]+ (required)"),
                Option("map", "FILE", "the retargeting map")
                    .Default("the robot's motion_map.yaml")
                    .Kind(ValueKind::kFile),
                Option("source", "TEXT", "where the clip comes from").Default("the BVH file name"),
                Option("licence", "TEXT", "the clip's licence, e.g. CC0-1.0")
                    .Default("unspecified"),
                Option("description", "TEXT", "one line on what the clip shows"),
                Option("kind", "KIND", "which joints the clip drives")
                    .Default("from the retargeting")
                    .Choices({"upper_body", "whole_body"}),
                Switch("force", "replace a clip of the same name"),
                Switch("allow-limit-violations",
                       "store the clip even when frames violate joint limits"),
                Switch("no-cleanup", "keep foot skate (no foot-contact cleanup)"), LibraryFlag(),
                Switch("json", "print the entry and its metrics as JSON on stdout")},
           .examples = {"tianmu motion import wave.bvh --robot tm1 --name human_wave --licence "
                        "CC0-1.0"},
           .run = ImportVerb},
          {.name = "list",
           .purpose = "the clips in the library, optionally for one robot",
           .flags = {RobotFlag("only clips for this robot"), LibraryFlag(),
                     Switch("json", "print the index as JSON on stdout")},
           .examples = {"tianmu motion list", "tianmu motion list --robot tm1 --json"},
           .run = ListVerb},
          {.name = "show",
           .purpose = "one clip's entry with its quality metrics",
           .operands = "NAME",
           .flags = {RobotFlag("the robot the clip is for (required)"), LibraryFlag(),
                     Switch("json", "print the entry as JSON on stdout")},
           .examples = {"tianmu motion show wave --robot tm1"},
           .run = ShowVerb},
          {.name = "export",
           .purpose = "write a clip file (JSON)",
           .operands = "NAME",
           .flags = {RobotFlag("the robot the clip is for (required)"), LibraryFlag(),
                     Option("out", "FILE", "the output file (required)").Kind(ValueKind::kFile),
                     Switch("force", "overwrite --out when it exists")},
           .examples = {"tianmu motion export wave --robot tm1 --out wave.json"},
           .run = ExportVerb},
          {.name = "play",
           .purpose = "track a clip in simulation under the whole-body controller",
           .operands = "NAME",
           .flags = {RobotFlag("the robot to play the clip on (required)"), LibraryFlag(),
                     Option("scene", "NAME|PATH",
                            "the world: flat, rough, slope or steps, or a scene MJCF")
                         .Default("flat")
                         .Kind(ValueKind::kFile),
                     Option("seed", "N", "seed of the sensor noise").Default("0"),
                     Switch("no-noise", "simulate ideal sensors (no noise, no bias)"),
                     Switch("ideal-actuators",
                            "ideal torque sources instead of the component models"),
                     Option("log", "FILE.mcap", "write every control tick to an MCAP log")
                         .Kind(ValueKind::kFile),
                     Option("push", "SPEC",
                            "a push: t=T,body=NAME,f=FX,FY,FZ[,dur=D] (N, s) or impulse=IX,IY,IZ "
                            "(N·s)")
                         .Repeatable(),
                     Option("weight", "W", "posture-task weight of the driven joints")
                         .Default("30")
                         .Range(0.1, 1e4),
                     Option("lead", "T",
                            "send targets this far ahead of clip time, to offset tracking lag")
                         .Unit("s")
                         .Default("0")
                         .Range(0, 2),
                     Switch("upper-body-only", "drive only the upper body of a whole-body clip"),
                     Switch("json", "print the tracking report as JSON on stdout")},
           .examples = {"tianmu motion play wave --robot tm1 --seed 3 --json"},
           .run = PlayVerb}}};
}

}  // namespace tianmu::cli
