// The motion library on disk: robot clip files under <dir>/<robot>/<name>.json with an SQLite
// index (<dir>/library.sqlite); the starter clips of each robot are added on first use.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"
#include "tianmu/motion/robot_clip.h"

struct sqlite3;

namespace tianmu::motion {

/// One row of the index.
struct LibraryEntry {
  std::string robot;
  std::string name;
  std::string kind;  ///< "upper_body" or "whole_body"
  double fps = 0;
  int frames = 0;
  double duration_s = 0;
  std::string source;
  std::string licence;
  std::string description;
  std::filesystem::path file;  ///< absolute path of the clip file
  nlohmann::json metrics;      ///< quality metrics at import time
  std::string created_utc;     ///< ISO 8601

  /// The `motion list/show --json` object.
  nlohmann::json ToJson() const;
};

/// True for clip names the library accepts: [a-z0-9_-]+, at most 64 characters.
bool IsValidClipName(const std::string& name);

/// DataDir()/motions.
std::filesystem::path DefaultLibraryDir();

/// An open library. Not thread-safe; SQLite serialises concurrent processes.
class MotionLibrary {
 public:
  /// Opens (creating if needed) the library in `dir`; InputError when it cannot be created.
  explicit MotionLibrary(const std::filesystem::path& dir);
  ~MotionLibrary();
  MotionLibrary(const MotionLibrary&) = delete;
  MotionLibrary& operator=(const MotionLibrary&) = delete;

  /// Adds the starter clips of `spec` (from its motion_map.yaml) unless done before; returns
  /// how many were added.
  int EnsureStarterClips(const model::RobotSpec& spec);
  /// Every entry, or those of one robot, sorted by robot then name.
  std::vector<LibraryEntry> List(const std::string& robot = "") const;
  /// The entry (robot, name), or nullopt.
  std::optional<LibraryEntry> Find(const std::string& robot, const std::string& name) const;
  /// Like Find, but raises InputError listing the robot's clips when missing.
  LibraryEntry Get(const std::string& robot, const std::string& name) const;
  /// Stores `clip` (file + index row). An existing (robot, name) raises InputError unless
  /// `force`. `human_source`, when given, is copied beside the clip as the human original.
  void Add(const RobotClip& clip, bool force, const std::filesystem::path& human_source = {});
  /// Reads an entry's clip file.
  RobotClip Load(const LibraryEntry& entry) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  void Exec(const std::string& sql) const;
  std::filesystem::path dir_;
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace tianmu::motion
