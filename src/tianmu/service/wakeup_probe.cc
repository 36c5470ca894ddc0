#include "tianmu/service/wakeup_probe.h"

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tianmu/service/realtime_thread.h"
#include "tianmu/service/robot_loop.h"

namespace tianmu::service {

WakeupProbeResult RunWakeupProbe(double duration_s, double period_s, int cpu) {
  if (!(period_s > 0) || !(duration_s >= 0)) {
    throw std::invalid_argument(
        "wake-up probe: the period must be positive and the duration "
        "non-negative");
  }
  using Clock = std::chrono::steady_clock;
  WakeupProbeResult result;
  std::vector<std::uint64_t> counts(kLatenessBuckets, 0);
  std::thread probe([&] {
    result.scheduling = RaiseThreadPriority();
    if (cpu >= 0 && PinThreadToCpu(cpu)) result.cpu = cpu;
    const auto period =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(period_s));
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(duration_s));
    auto wake = Clock::now() + period;
    while (wake < end) {
      std::this_thread::sleep_until(wake);
      const double late_ms = std::chrono::duration<double, std::milli>(Clock::now() - wake).count();
      ++result.wakeups;
      if (late_ms > period_s * 1e3) ++result.missed;
      if (late_ms > result.max_lateness_ms) result.max_lateness_ms = late_ms;
      const double bucket = late_ms / kLatenessBucketMs;
      ++counts[bucket >= static_cast<double>(kLatenessBuckets - 1)
                   ? kLatenessBuckets - 1
                   : static_cast<std::size_t>(bucket < 0 ? 0 : bucket)];
      wake += period;
      // Far behind (the process was stopped): restart the schedule, as the loop does.
      if (Clock::now() > wake + 50 * period) wake = Clock::now() + period;
    }
  });
  probe.join();
  result.lateness_p99_ms = LatenessQuantileMs(counts, 0.99);
  result.lateness_p999_ms = LatenessQuantileMs(counts, 0.999);
  return result;
}

}  // namespace tianmu::service
