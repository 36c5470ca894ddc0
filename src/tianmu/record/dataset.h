// Episode datasets: recording N episodes of a task into a directory (one HDF5 file per episode
// plus dataset.json, both written atomically) and inspecting/validating such a directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"

namespace tianmu::record {

/// What to record.
struct RecordOptions {
  std::string scene_name = "flat";
  std::filesystem::path scene;  ///< resolved scene file (sim::ResolveScene)
  std::string task = "random-walk";
  int episodes = 1;
  double episode_duration_s = 10;
  double rate_hz = 50;     ///< frames per second; 1000 records every control tick
  std::uint64_t seed = 0;  ///< episode i uses seed + i (sensor noise and commands)
  std::filesystem::path out_dir;
  bool force = false;  ///< allow an existing out_dir (its episodes are replaced)
  bool sensor_noise = true;
  bool component_models = true;
  bool write = true;  ///< false: run the same episodes without recording (benchmarks)
};

/// One recorded episode.
struct EpisodeResult {
  int index = 0;
  std::string file;  ///< name inside out_dir
  std::uint64_t seed = 0;
  std::int64_t frames = 0;
  double duration_s = 0;  ///< simulated
  bool success = false;   ///< the robot did not fall
  std::uintmax_t bytes = 0;
  double wall_s = 0;    ///< whole episode, simulation included
  double record_s = 0;  ///< wall time spent sampling and writing (OnTick and Finish)
  std::string instruction;
};

/// The whole recording.
struct RecordResult {
  std::vector<EpisodeResult> episodes;
  double wall_s = 0;
  std::int64_t total_frames = 0;
  std::uintmax_t total_bytes = 0;
};

/// The tasks RecordDataset knows ("random-walk").
const std::vector<std::string>& TaskNames();

/// Raises InputError when `dir` exists and !force, or cannot be created; with force, removes the
/// episode files and metadata of an earlier recording in it (nothing else).
void PrepareOutputDir(const std::filesystem::path& dir, bool force);

/// Records options.episodes episodes of options.task with the whole-body controller. Bad
/// options raise InputError before anything is written. `progress(i, n)` after each episode.
RecordResult RecordDataset(const model::RobotSpec& spec, const RecordOptions& options,
                           const std::function<void(int done, int total)>& progress = {});

/// One episode file as found on disk.
struct DatasetEpisode {
  std::string file;
  bool valid = false;
  std::string reason;  ///< why it is invalid
  std::int64_t frames = 0;
  double duration_s = 0;
  std::uintmax_t bytes = 0;
  bool success = false;
};

/// A dataset directory: every episode_*.hdf5 validated, plus dataset.json.
struct DatasetInfo {
  std::filesystem::path dir;
  std::vector<DatasetEpisode> episodes;
  std::vector<std::string> incomplete;  ///< leftover temporary files (an interrupted recording)
  std::string metadata_error;           ///< empty when dataset.json is present and sound
  nlohmann::json metadata;              ///< dataset.json (null when missing)
  std::int64_t total_frames = 0;        ///< valid episodes only
  std::uintmax_t total_bytes = 0;       ///< every episode file
  double total_duration_s = 0;          ///< valid episodes only
  double fps = 0;
  int valid_episodes = 0;
  int successful_episodes = 0;

  /// The `tianmu dataset info --json` object: episodes, total_frames, total_bytes, fps,
  /// valid_episodes, invalid [{file, reason}], and more.
  nlohmann::json ToJson() const;
};

/// Inspects `dir`, reading each episode in a child process (ValidateEpisodeInChild); raises
/// InputError when it is not a directory.
DatasetInfo InspectDataset(const std::filesystem::path& dir);

}  // namespace tianmu::record
