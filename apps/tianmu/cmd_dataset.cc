// tianmu dataset info|validate DIR: counts, durations and sizes of a recorded dataset; validate
// checks every episode file completely and exits 1 when any is invalid.
#include <cstdio>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/record/dataset.h"

namespace tianmu::cli {
namespace {

record::DatasetInfo Inspect(const Flags& flags, const char* sub) {
  if (flags.positional().size() != 1) {
    throw InputError(std::string(sub) + ": expected one dataset directory");
  }
  return record::InspectDataset(flags.positional()[0]);
}

void PrintInfo(const record::DatasetInfo& info) {
  std::printf(
      "%s: %zu episodes (%d valid, %d without a fall), %lld frames, %.1f s at %g fps, "
      "%.2f MB\n",
      info.dir.c_str(), info.episodes.size(), info.valid_episodes, info.successful_episodes,
      static_cast<long long>(info.total_frames), info.total_duration_s, info.fps,
      static_cast<double>(info.total_bytes) / 1e6);
  if (!info.metadata_error.empty()) std::printf("metadata: %s\n", info.metadata_error.c_str());
  for (const std::string& name : info.incomplete) {
    std::printf("incomplete (interrupted recording): %s\n", name.c_str());
  }
}

int Info(const Args& args) {
  const Flags flags(args, DatasetCommand().subcommands[0].flags);
  const record::DatasetInfo info = Inspect(flags, "info");
  if (flags.Has("json")) {
    std::printf("%s\n", info.ToJson().dump(2).c_str());
  } else {
    PrintInfo(info);
    for (const auto& e : info.episodes) {
      if (!e.valid) std::printf("  INVALID %s: %s\n", e.file.c_str(), e.reason.c_str());
    }
  }
  return 0;
}

int Validate(const Args& args) {
  const Flags flags(args, DatasetCommand().subcommands[1].flags);
  const record::DatasetInfo info = Inspect(flags, "validate");
  const bool ok = info.valid_episodes == static_cast<int>(info.episodes.size()) &&
                  !info.episodes.empty() && info.metadata_error.empty();
  if (flags.Has("json")) {
    nlohmann::json j = info.ToJson();
    j["ok"] = ok;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    for (const auto& e : info.episodes) {
      if (e.valid) {
        std::printf("ok       %s: %lld frames, %.2f s, %s\n", e.file.c_str(),
                    static_cast<long long>(e.frames), e.duration_s, e.success ? "success" : "fell");
      } else {
        std::printf("INVALID  %s: %s\n", e.file.c_str(), e.reason.c_str());
      }
    }
    PrintInfo(info);
    std::printf("%s\n", ok ? "dataset valid" : "dataset INVALID");
  }
  return ok ? 0 : 1;
}

}  // namespace

CommandSpec DatasetCommand() {
  return {
      .name = "dataset",
      .purpose = "inspect and validate recorded episode datasets (HDF5)",
      .examples = {"tianmu dataset info out/episodes", "tianmu dataset validate out/episodes"},
      .subcommands = {{.name = "info",
                       .purpose = "episodes, frames, duration and size of a dataset directory",
                       .operands = "DIR",
                       .flags = {Switch("json", "print the figures as JSON on stdout")},
                       .examples = {"tianmu dataset info out/episodes --json"},
                       .run = Info},
                      {.name = "validate",
                       .purpose = "read every episode file completely; exit 1 when any is invalid",
                       .operands = "DIR",
                       .flags = {Switch("json", "print the figures and \"ok\" as JSON on stdout")},
                       .examples = {"tianmu dataset validate out/episodes"},
                       .run = Validate}}};
}

}  // namespace tianmu::cli
