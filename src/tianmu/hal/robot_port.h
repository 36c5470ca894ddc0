// RobotPort: the one interface between control code and a robot, simulated or real. A control
// loop reads LowState, computes, writes LowCmd, and advances to the next tick.
#pragma once

#include <cstdint>
#include <string>

#include "tianmu/hal/low_cmd.h"
#include "tianmu/hal/low_state.h"

namespace tianmu::hal {

/// Why a command was refused.
enum class CommandStatus : std::uint8_t {
  kAccepted = 0,
  kWrongSize,   ///< array lengths differ from the robot's joint count
  kNotFinite,   ///< NaN or infinity in some field
  kOutOfRange,  ///< a target, gain or torque beyond the joint's limits
};

/// Name of a status, for logs and JSON.
const char* CommandStatusName(CommandStatus status);

/// Counters a port keeps about its commands.
struct PortStats {
  std::uint64_t accepted_commands = 0;
  std::uint64_t rejected_commands = 0;
  std::uint64_t watchdog_trips = 0;  ///< times the command timeout forced damping
  bool watchdog_tripped = false;     ///< currently in damping because of a timeout
  std::string last_rejection;        ///< human-readable reason of the last rejection
};

/// A robot reached through LowState / LowCmd.
class RobotPort {
 public:
  virtual ~RobotPort() = default;
  /// Number of actuated joints (LowState/LowCmd array length).
  virtual int num_joints() const = 0;
  /// The latest sensor readings.
  virtual void ReadState(LowState* state) = 0;
  /// Submits a command; invalid commands are rejected, counted and never applied.
  virtual CommandStatus WriteCommand(const LowCmd& cmd) = 0;
  /// Waits for the next control tick (a simulated port advances its simulation instead).
  virtual void Advance() = 0;
  /// Robot time in seconds.
  virtual double time_s() const = 0;
  virtual const PortStats& stats() const = 0;
};

}  // namespace tianmu::hal
