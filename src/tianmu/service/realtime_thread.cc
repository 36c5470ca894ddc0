#include "tianmu/service/realtime_thread.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace tianmu::service {

const char* RaiseThreadPriority() {
  sched_param param{};
  param.sched_priority = kLoopFifoPriority;
  if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0) return "fifo";
  if (setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), -10) == 0) {
    return "nice";
  }
  return "normal";
}

bool PinThreadToCpu(int cpu) {
  if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
}

}  // namespace tianmu::service
