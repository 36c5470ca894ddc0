#include "tianmu/service/daemon.h"

#include <chrono>
#include <csignal>
#include <ctime>

namespace tianmu::service {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  const sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForShutdown(double max_s, const std::function<bool()>& done) {
  const sigset_t set = ShutdownSignals();
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    timespec wait{0, 50 * 1000 * 1000};
    const int sig = sigtimedwait(&set, nullptr, &wait);
    if (sig > 0) return sig;
    if (done && done()) return 0;
    if (max_s >= 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= max_s) {
      return 0;
    }
  }
}

}  // namespace tianmu::service
