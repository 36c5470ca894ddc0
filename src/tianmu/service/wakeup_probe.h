// What the platform allows a periodic real-time thread: a thread scheduled and pinned like the
// robot loop wakes every period and does nothing else. Its late wake-ups are the floor under
// the loop's deadline misses (hypervisor pauses, interrupts, other real-time threads), which no
// change to the loop can remove.
#pragma once

#include <cstdint>
#include <string>

namespace tianmu::service {

/// Wake-up lateness of an empty periodic thread.
struct WakeupProbeResult {
  std::uint64_t wakeups = 0;   ///< periods measured
  std::uint64_t missed = 0;    ///< wake-ups later than one period (a loop tick would miss)
  double lateness_p99_ms = 0;  ///< wake-up lateness quantiles
  double lateness_p999_ms = 0;
  double max_lateness_ms = 0;
  std::string scheduling;  ///< "fifo", "nice" or "normal" (RaiseThreadPriority)
  int cpu = -1;            ///< the CPU it was pinned to, −1 when not pinned
};

/// Runs the probe on a new thread for `duration_s` at `period_s`, with the loop's scheduling
/// (SCHED_FIFO when permitted) and pinned to `cpu` when cpu >= 0, and returns its figures.
/// Throws std::invalid_argument for a non-positive period or a negative duration.
WakeupProbeResult RunWakeupProbe(double duration_s, double period_s, int cpu);

}  // namespace tianmu::service
