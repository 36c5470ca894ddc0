// Videos of simulation runs for `tianmu sim --video` and `tianmu demo`: hooks a
// perception::RunVideo into a run's start and ticks (the states are rendered after the run).
#pragma once

#include <memory>
#include <utility>

#include "tianmu/perception/run_video.h"
#include "tianmu/runtime/sim_run.h"

namespace tianmu::cli {

/// Makes `options` hand the run's states to `video` (keeping any hooks already set); `video`
/// must outlive the run.
inline void AttachVideo(perception::RunVideo* video, runtime::SimRunOptions* options) {
  auto on_start = std::move(options->on_start);
  options->on_start = [video, on_start](sim::World* world, hal::SimPort* port) {
    if (on_start) on_start(world, port);
    video->Start(world->model(), world->data());
  };
  auto on_tick = std::move(options->on_tick);
  options->on_tick = [video, on_tick](const runtime::TickContext& tick) {
    video->Sample(tick.world->data());
    return on_tick ? on_tick(tick) : true;
  };
}

/// The video's figures for a run summary's JSON.
inline nlohmann::json VideoJson(const perception::RunVideoOptions& options,
                                const perception::RunVideoSummary& summary) {
  return {{"path", options.path.string()},
          {"view", options.camera.empty() ? "follow" : "camera " + options.camera},
          {"width_px", options.width_px},
          {"height_px", options.height_px},
          {"fps", options.fps},
          {"frames", summary.frames},
          {"codec", summary.codec_name},
          {"render_wall_s", summary.render_wall_s}};
}

}  // namespace tianmu::cli
