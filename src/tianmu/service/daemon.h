// Running the service as a daemon: SIGINT/SIGTERM handling that works with the service's
// threads (signals are blocked in every thread and waited for synchronously).
#pragma once

#include <functional>

namespace tianmu::service {

/// Blocks SIGINT and SIGTERM in the calling thread and the threads it starts afterwards; call
/// before starting the service.
void BlockShutdownSignals();

/// Waits until SIGINT or SIGTERM arrives, `max_s` seconds pass (< 0: forever), or `done()`
/// returns true (checked every 50 ms). Returns the signal number, or 0.
int WaitForShutdown(double max_s, const std::function<bool()>& done = {});

}  // namespace tianmu::service
