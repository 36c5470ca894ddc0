#include "tianmu/record/dataset.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"
#include "tianmu/record/episode_check_child.h"
#include "tianmu/record/episode_file.h"
#include "tianmu/record/random_walk.h"
#include "tianmu/record/recorder.h"
#include "tianmu/runtime/controller_factory.h"
#include "tianmu/runtime/sim_run.h"

#ifndef TIANMU_VERSION
#define TIANMU_VERSION "unknown"
#endif

namespace tianmu::record {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMetadataFile = "dataset.json";

bool IsEpisodeFile(const std::string& name, const char* suffix) {
  return name.rfind("episode_", 0) == 0 && name.size() > std::string(suffix).size() &&
         name.compare(name.size() - std::string(suffix).size(), std::string::npos, suffix) == 0;
}

std::string EpisodeFileName(int index) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "episode_%06d.hdf5", index);
  return buf;
}

nlohmann::json MetadataJson(const model::RobotSpec& spec, const RecordOptions& o,
                            const std::vector<EpisodeResult>& episodes, bool complete) {
  nlohmann::json list = nlohmann::json::array();
  for (const EpisodeResult& e : episodes) {
    list.push_back({{"index", e.index},
                    {"file", e.file},
                    {"seed", e.seed},
                    {"frames", e.frames},
                    {"duration_s", e.duration_s},
                    {"success", e.success},
                    {"bytes", e.bytes},
                    {"instruction", e.instruction}});
  }
  std::vector<std::string> joints;
  for (const auto& j : spec.joints) joints.push_back(j.name);
  return {{"format", "tianmu-episodes"},
          {"version", 1},
          {"layout", "docs/datasets.md"},
          {"tianmu_version", TIANMU_VERSION},
          {"sim", true},
          {"robot", spec.name},
          {"scene", o.scene_name},
          {"task", o.task},
          {"fps", o.rate_hz},
          {"control_rate_hz", 1000},
          {"episode_duration_s", o.episode_duration_s},
          {"base_seed", o.seed},
          {"episodes_planned", o.episodes},
          {"complete", complete},
          {"joint_names", joints},
          {"touch_names", spec.touch_sensors},
          {"episodes", list}};
}

}  // namespace

const std::vector<std::string>& TaskNames() {
  static const std::vector<std::string> kTasks = {"random-walk"};
  return kTasks;
}

void PrepareOutputDir(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!force) {
      throw InputError(dir.string(), 0, "--out",
                       "a directory that does not exist yet (it exists; --force replaces its "
                       "episodes)");
    }
    if (!fs::is_directory(dir)) throw InputError(dir.string(), 0, "--out", "a directory");
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (IsEpisodeFile(name, ".hdf5") || IsEpisodeFile(name, ".hdf5.tmp") ||
          name == kMetadataFile) {
        fs::remove(entry.path(), ec);
      }
    }
  }
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) {
    throw InputError(dir.string(), 0, "--out", "a directory that can be created");
  }
  CheckWritable(dir / kMetadataFile);
}

RecordResult RecordDataset(const model::RobotSpec& spec, const RecordOptions& o,
                           const std::function<void(int, int)>& progress) {
  if (std::find(TaskNames().begin(), TaskNames().end(), o.task) == TaskNames().end()) {
    throw InputError("--task: unknown task '" + o.task + "' (known: random-walk)");
  }
  if (o.episodes < 1) throw InputError("--episodes: expected at least 1");
  if (!(o.rate_hz > 0 && o.rate_hz <= 1000)) throw InputError("--rate: expected (0, 1000] Hz");
  if (!(o.episode_duration_s >= 0.1)) throw InputError("--duration: expected >= 0.1 s");
  if (o.write) PrepareOutputDir(o.out_dir, o.force);
  RecordResult result;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < o.episodes; ++i) {
    const auto episode_start = std::chrono::steady_clock::now();
    EpisodeResult e;
    e.index = i;
    e.seed = o.seed + static_cast<std::uint64_t>(i);
    e.file = EpisodeFileName(i);
    std::unique_ptr<control::Controller> controller = runtime::MakeController("wbc", spec);
    auto* humanoid = dynamic_cast<control::HumanoidController*>(controller.get());
    if (humanoid == nullptr) throw RuntimeError("the wbc controller is not a HumanoidController");
    RandomWalkOptions walk;
    walk.duration_s = o.episode_duration_s;
    const std::vector<control::TimedCommand> schedule =
        RandomWalkSchedule(humanoid->locomotion_config(), e.seed, walk);
    humanoid->SetCommandSchedule(schedule);
    e.instruction = DescribeSchedule(schedule, o.episode_duration_s);

    runtime::SimRunOptions run;
    run.scene = o.scene;
    run.scene_name = o.scene_name;
    run.duration_s = o.episode_duration_s;
    run.world.seed = e.seed;
    run.world.sensor_noise = o.sensor_noise;
    run.world.component_models = o.component_models;
    run.stop_after_fall_s = 0.5;  // a fallen robot teaches nothing more
    std::optional<EpisodeWriter> writer;
    std::optional<EpisodeRecorder> recorder;
    if (o.write) {
      writer.emplace(o.out_dir / e.file, spec.num_joints(),
                     static_cast<int>(spec.touch_sensors.size()));
      recorder.emplace(spec, &*writer, o.rate_hz,
                       [&schedule](double t) { return CommandAt(schedule, t); });
      run.on_tick = [&recorder](const runtime::TickContext& tick) {
        return recorder->OnTick(tick);
      };
    }
    const runtime::SimRunSummary summary = runtime::RunSimulation(spec, run, controller.get());
    e.success = !summary.fell;
    e.duration_s = summary.duration_s;
    if (o.write) {
      const auto finish_start = std::chrono::steady_clock::now();
      EpisodeAttributes a;
      a.robot = spec.name;
      a.scene = o.scene_name;
      a.task = o.task;
      a.instruction = e.instruction;
      a.seed = e.seed;
      a.fps = o.rate_hz;
      a.success = e.success;
      a.episode_index = i;
      for (const auto& j : spec.joints) a.joint_names.push_back(j.name);
      a.touch_names = spec.touch_sensors;
      e.frames = writer->frames();
      writer->Finish(a);
      e.record_s =
          recorder->busy_s() +
          std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count();
      std::error_code ec;
      e.bytes = fs::file_size(o.out_dir / e.file, ec);
    }
    e.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - episode_start).count();
    result.total_frames += e.frames;
    result.total_bytes += e.bytes;
    result.episodes.push_back(e);
    if (o.write) {
      const bool complete = i + 1 == o.episodes;
      WriteFileAtomically(o.out_dir / kMetadataFile,
                          MetadataJson(spec, o, result.episodes, complete).dump(2) + "\n");
    }
    if (progress) progress(i + 1, o.episodes);
  }
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

nlohmann::json DatasetInfo::ToJson() const {
  nlohmann::json invalid = nlohmann::json::array();
  nlohmann::json files = nlohmann::json::array();
  for (const DatasetEpisode& e : episodes) {
    if (!e.valid) invalid.push_back({{"file", e.file}, {"reason", e.reason}});
    nlohmann::json f = {{"file", e.file}, {"valid", e.valid}, {"bytes", e.bytes}};
    if (e.valid) {
      f["frames"] = e.frames;
      f["duration_s"] = e.duration_s;
      f["success"] = e.success;
    } else {
      f["reason"] = e.reason;
    }
    files.push_back(f);
  }
  nlohmann::json j = {{"dir", dir.string()},
                      {"episodes", static_cast<int>(episodes.size())},
                      {"valid_episodes", valid_episodes},
                      {"successful_episodes", successful_episodes},
                      {"total_frames", total_frames},
                      {"total_duration_s", total_duration_s},
                      {"total_bytes", total_bytes},
                      {"fps", fps},
                      {"invalid", invalid},
                      {"incomplete", incomplete},
                      {"files", files}};
  if (!metadata_error.empty()) j["metadata_error"] = metadata_error;
  for (const char* key : {"robot", "scene", "task"}) {
    if (metadata.is_object() && metadata.contains(key)) j[key] = metadata.at(key);
  }
  return j;
}

DatasetInfo InspectDataset(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(dir.string(), 0, "", "a dataset directory");
  DatasetInfo info;
  info.dir = dir;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (IsEpisodeFile(name, ".hdf5")) names.push_back(name);
    if (IsEpisodeFile(name, ".hdf5.tmp")) info.incomplete.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::sort(info.incomplete.begin(), info.incomplete.end());
  const fs::path metadata_path = dir / kMetadataFile;
  if (!fs::is_regular_file(metadata_path)) {
    info.metadata_error = std::string(kMetadataFile) + " is missing";
  } else {
    std::ifstream in(metadata_path);
    std::stringstream text;
    text << in.rdbuf();
    try {
      info.metadata = nlohmann::json::parse(text.str());
      if (!info.metadata.is_object() || !info.metadata.contains("episodes") ||
          !info.metadata.at("episodes").is_array()) {
        info.metadata_error = std::string(kMetadataFile) + " has no episodes list";
      }
    } catch (const nlohmann::json::exception&) {
      info.metadata_error = std::string(kMetadataFile) + " is not valid JSON";
      info.metadata = nullptr;
    }
  }
  // Episodes the metadata lists but whose files are gone count as invalid.
  if (info.metadata_error.empty()) {
    for (const auto& e : info.metadata.at("episodes")) {
      if (!e.is_object() || !e.contains("file") || !e.at("file").is_string()) continue;
      const std::string name = e.at("file").get<std::string>();
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        info.episodes.push_back(
            {name, false, "listed in dataset.json but missing", 0, 0, 0, false});
      }
    }
    if (info.metadata.contains("fps") && info.metadata.at("fps").is_number()) {
      info.fps = info.metadata.at("fps").get<double>();
    }
  }
  for (const std::string& name : names) {
    DatasetEpisode e;
    e.file = name;
    std::error_code ec;
    e.bytes = fs::file_size(dir / name, ec);
    // Each file is read in a child process: a forged one that crashes libhdf5 is reported as
    // invalid instead of ending `tianmu dataset`.
    const EpisodeCheck check = ValidateEpisodeInChild(dir / name);
    if (check.summary) {
      e.valid = true;
      e.frames = check.summary->frames;
      e.duration_s = check.summary->duration_s;
      e.success = check.summary->attributes.success;
      if (info.fps == 0) info.fps = check.summary->attributes.fps;
      ++info.valid_episodes;
      if (e.success) ++info.successful_episodes;
      info.total_frames += e.frames;
      info.total_duration_s += e.duration_s;
    } else {
      e.reason = check.reason;
    }
    info.total_bytes += e.bytes;
    info.episodes.push_back(e);
  }
  std::sort(info.episodes.begin(), info.episodes.end(),
            [](const DatasetEpisode& a, const DatasetEpisode& b) { return a.file < b.file; });
  return info;
}

}  // namespace tianmu::record
