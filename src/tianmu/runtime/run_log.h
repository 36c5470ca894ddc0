// The robot's MCAP log: one JSON channel each for joint states, IMU, foot wrenches, joint
// commands, and (from the simulator) the ground-truth base pose, written every control tick.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "tianmu/data/mcap_writer.h"
#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/low_state.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/world.h"

namespace tianmu::runtime {

/// Topic names, shared by the writer, tests and docs/logs.md.
inline constexpr const char* kJointStateTopic = "/state/joints";
inline constexpr const char* kImuTopic = "/state/imu";
inline constexpr const char* kFootWrenchTopic = "/state/feet";
inline constexpr const char* kCommandTopic = "/command/joints";
inline constexpr const char* kBasePoseTopic = "/truth/base_pose";

/// Writes one run's log; the file appears only when Close() succeeds. Write and Close belong to
/// the control thread; other threads (the camera thread) add their messages through WithWriter.
class RunLog {
 public:
  /// Opens `path` (raises InputError if it cannot be written) and declares the channels.
  RunLog(const std::filesystem::path& path, const model::RobotSpec& spec,
         data::McapCompression compression = data::McapCompression::kZstd);

  /// Logs one control tick: what the robot sensed, what was commanded, and the truth.
  void Write(const hal::LowState& state, const hal::LowCmd& cmd, const sim::GroundTruth& truth);
  /// Finishes the file (summary, index) and moves it into place.
  void Close();
  /// Runs `write` on the log's writer under the log's lock, so another thread can add channels
  /// and messages (camera frames); does nothing once the log is closed.
  void WithWriter(const std::function<void(data::McapWriter*)>& write);

 private:
  std::mutex mutex_;  // the writer is shared with WithWriter's callers
  bool closed_ = false;
  data::McapWriter writer_;
  std::uint16_t joints_ = 0, imu_ = 0, feet_ = 0, command_ = 0, pose_ = 0;
  std::string buffer_;
};

}  // namespace tianmu::runtime
