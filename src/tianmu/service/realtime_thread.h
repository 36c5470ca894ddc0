// Scheduling of the calling thread for periodic real-time work: SCHED_FIFO when permitted and
// pinning to one CPU. Used by the robot loop and by the wake-up probe that measures what the
// platform itself allows.
#pragma once

#include <string>

namespace tianmu::service {

/// SCHED_FIFO priority of the robot loop (and of the probe that stands in for it).
inline constexpr int kLoopFifoPriority = 20;

/// Raises the calling thread to SCHED_FIFO at kLoopFifoPriority when permitted (a periodic
/// thread that sleeps most of each period cannot starve the machine), else to nice −10, else
/// leaves it. Returns what it got: "fifo", "nice" or "normal".
const char* RaiseThreadPriority();

/// Pins the calling thread to `cpu`. Returns false (and changes nothing) when the CPU does not
/// exist or the call is refused.
bool PinThreadToCpu(int cpu);

}  // namespace tianmu::service
