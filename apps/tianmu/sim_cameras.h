// Camera frames in a simulation run's MCAP log, for `tianmu sim --log F --log-cameras`: the
// robot's robot.yaml cameras render on the camera thread at their rates, in lock-step with the
// simulation (each due frame is rendered before the run goes on, so the log holds every frame),
// and each frame goes into the run log as Foxglove image, depth and calibration messages.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "tianmu/core/error.h"
#include "tianmu/perception/camera_log.h"
#include "tianmu/perception/camera_runner.h"
#include "tianmu/runtime/run_log.h"
#include "tianmu/runtime/sim_run.h"

namespace tianmu::cli {

/// What a run with logged cameras holds on to; must outlive the run.
struct CameraLogging {
  std::unique_ptr<perception::CameraRunner> runner;
  std::unique_ptr<perception::CameraLogChannels> channels;
  runtime::RunLog* log = nullptr;
};

/// Makes the run of `options` (which must have a log_path) render `spec`'s cameras and log their
/// frames, keeping any hooks already set. Raises InputError when the robot has no cameras.
inline void AttachCameraLog(const model::RobotSpec& spec, std::uint64_t seed,
                            CameraLogging* logging, runtime::SimRunOptions* options) {
  if (spec.cameras.empty()) {
    throw InputError("--log-cameras: " + spec.name + " declares no cameras in robot.yaml");
  }
  auto on_start = std::move(options->on_start);
  options->on_start = [=, &spec](sim::World* world, hal::SimPort* port) {
    if (on_start) on_start(world, port);
    logging->runner = std::make_unique<perception::CameraRunner>(spec, world->model(), seed);
  };
  auto on_log = std::move(options->on_log);
  options->on_log = [=, &spec](runtime::RunLog* log) {
    if (on_log) on_log(log);
    logging->log = log;
    log->WithWriter([&](data::McapWriter* writer) {
      logging->channels = std::make_unique<perception::CameraLogChannels>(writer, spec.cameras);
    });
    logging->runner->SetFrameCallback([logging](const perception::CameraFrame& frame) {
      logging->log->WithWriter([&](data::McapWriter*) { logging->channels->Write(frame); });
    });
    logging->runner->Start();
  };
  auto on_tick = std::move(options->on_tick);
  options->on_tick = [=](const runtime::TickContext& tick) {
    logging->runner->Publish(tick.world->data());
    logging->runner->Flush();  // lock-step: returns at once unless a frame was due
    return on_tick ? on_tick(tick) : true;
  };
  auto on_finish = std::move(options->on_finish);
  options->on_finish = [=]() {
    logging->runner->Stop();  // before the log closes: the thread writes into it
    if (on_finish) on_finish();
  };
}

}  // namespace tianmu::cli
