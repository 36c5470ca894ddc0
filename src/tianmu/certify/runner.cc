// Worker-process pool for certification trials (see runner.h).
#include "tianmu/certify/runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

// A running worker: its pid, pipes and what it printed so far.
struct Worker {
  std::size_t task = 0;
  int attempt = 0;
  pid_t pid = -1;
  int out_fd = -1;
  int err_fd = -1;
  std::chrono::steady_clock::time_point started;
  std::string out;
  std::string err;
};

Worker Spawn(const RunOptions& options, const TrialTask& task, std::size_t index, int attempt) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) throw RuntimeError("pipe() failed: " + std::string(strerror(errno)));
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw RuntimeError("pipe() failed: " + std::string(strerror(errno)));
  }
  const std::vector<std::string> args = WorkerArguments(options, task, attempt);
  std::vector<char*> argv;
  std::string exe = options.worker_exe.string();
  argv.push_back(exe.data());
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw RuntimeError("fork() failed: " + std::string(strerror(errno)));
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[0]);
    close(err_pipe[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  Worker w;
  w.task = index;
  w.attempt = attempt;
  w.pid = pid;
  w.out_fd = out_pipe[0];
  w.err_fd = err_pipe[0];
  w.started = std::chrono::steady_clock::now();
  return w;
}

// Reads what is available; returns false at end of file.
bool Drain(int fd, std::string* into) {
  char buffer[65536];
  const ssize_t n = read(fd, buffer, sizeof(buffer));
  if (n > 0) {
    into->append(buffer, static_cast<std::size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

std::string LastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  const auto nl = t.find_last_of('\n');
  std::string line = nl == std::string::npos ? t : t.substr(nl + 1);
  if (line.size() > 300) line = line.substr(0, 300) + "…";
  return line;
}

std::string FormatDuration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof(text), "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  } else {
    std::snprintf(text, sizeof(text), "%ldm%02lds", s / 60, s % 60);
  }
  return text;
}

class Progress {
 public:
  Progress(std::size_t total, bool show) : total_(total), show_(show), tty_(isatty(2) != 0) {
    start_ = std::chrono::steady_clock::now();
  }
  void Update(std::size_t done, const std::string& last) {
    if (!show_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double eta = done > 0 ? elapsed / done * (total_ - done) : 0;
    constexpr int kWidth = 30;
    const int filled = total_ > 0 ? static_cast<int>(kWidth * done / total_) : kWidth;
    std::string bar(filled, '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "%s[%s] %zu/%zu trials, %s elapsed, ETA %s  %s%s", tty_ ? "\r" : "",
                 bar.c_str(), done, total_, FormatDuration(elapsed).c_str(),
                 done > 0 ? FormatDuration(eta).c_str() : "--", last.c_str(),
                 tty_ ? "\033[K" : "\n");
    if (tty_ && done == total_) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  std::size_t total_;
  bool show_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

std::vector<std::string> WorkerArguments(const RunOptions& options, const TrialTask& task,
                                         int attempt) {
  std::vector<std::string> args = {"certify",   "worker",
                                   "--robot",   options.robot,
                                   "--suite",   SuiteName(options.suite),
                                   "--item",    task.item->info().id,
                                   "--trial",   std::to_string(task.trial),
                                   "--seed",    std::to_string(task.seed),
                                   "--attempt", std::to_string(attempt),
                                   "--scratch", (options.out_dir / ".scratch").string()};
  for (const std::string& c : options.components) {
    args.push_back("--component");
    args.push_back(c);
  }
  if (options.keep_logs) {
    args.push_back("--log");
    args.push_back((options.out_dir / "logs" /
                    (task.item->info().id + "-t" + std::to_string(task.trial) + ".mcap"))
                       .string());
  }
  return args;
}

bool CrashHookMatches(const std::string& item, int trial, int attempt) {
  const char* hook = std::getenv(kCrashHookEnv);
  if (hook == nullptr) return false;
  const std::string text = hook;
  const std::string target = item + ":" + std::to_string(trial);
  if (text == target) return true;
  return text == target + ":once" && attempt == 0;
}

TrialResult RunTrialHere(const TestItem& item, const TrialContext& context, int trial,
                         std::uint64_t seed) {
  try {
    TrialResult r = item.RunTrial(context, trial, seed);
    r.item = item.info().id;
    r.trial = trial;
    r.seed = seed;
    return r;
  } catch (const std::exception& e) {
    TrialResult r;
    r.item = item.info().id;
    r.trial = trial;
    r.seed = seed;
    r.status = "error";
    r.reason = e.what();
    return r;
  }
}

std::vector<TrialResult> RunTrials(const RunOptions& options, const std::vector<TrialTask>& tasks,
                                   std::vector<double>* wall_s) {
  std::vector<TrialResult> results(tasks.size());
  if (wall_s != nullptr) wall_s->assign(tasks.size(), 0.0);
  std::deque<std::pair<std::size_t, int>> pending;  // (task, attempt)
  for (std::size_t i = 0; i < tasks.size(); ++i) pending.emplace_back(i, 0);
  std::vector<Worker> running;
  std::size_t done = 0;
  Progress progress(tasks.size(), options.show_progress);
  progress.Update(0, "");
  const int jobs = std::max(1, options.jobs);
  while (!pending.empty() || !running.empty()) {
    while (!pending.empty() && static_cast<int>(running.size()) < jobs) {
      const auto [index, attempt] = pending.front();
      pending.pop_front();
      running.push_back(Spawn(options, tasks[index], index, attempt));
    }
    std::vector<pollfd> fds;
    for (const Worker& w : running) {
      if (w.out_fd >= 0) fds.push_back({w.out_fd, POLLIN, 0});
      if (w.err_fd >= 0) fds.push_back({w.err_fd, POLLIN, 0});
    }
    if (!fds.empty()) poll(fds.data(), fds.size(), 500);
    for (pollfd& p : fds) {
      if (p.revents == 0) continue;
      for (Worker& w : running) {
        if (p.fd == w.out_fd && !Drain(w.out_fd, &w.out)) {
          close(w.out_fd);
          w.out_fd = -1;
        } else if (p.fd == w.err_fd && !Drain(w.err_fd, &w.err)) {
          close(w.err_fd);
          w.err_fd = -1;
        }
      }
    }
    for (auto it = running.begin(); it != running.end();) {
      if (it->out_fd >= 0 || it->err_fd >= 0) {
        ++it;
        continue;
      }
      int status = 0;
      waitpid(it->pid, &status, 0);
      const TrialTask& task = tasks[it->task];
      if (wall_s != nullptr) {
        (*wall_s)[it->task] +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - it->started).count();
      }
      std::string problem;
      TrialResult parsed;
      if (WIFSIGNALED(status)) {
        problem = "worker killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                  strsignal(WTERMSIG(status)) + ")";
      } else if (WEXITSTATUS(status) != 0) {
        problem = "worker exited with code " + std::to_string(WEXITSTATUS(status));
      } else {
        try {
          parsed = TrialResult::FromJson(nlohmann::json::parse(it->out));
        } catch (const std::exception& e) {
          problem = std::string("unparsable worker output: ") + e.what();
        }
      }
      if (!problem.empty()) {
        const std::string last = LastLine(it->err);
        if (!last.empty()) problem += ": " + last;
      }
      if (problem.empty()) {
        results[it->task] = parsed;
        ++done;
      } else if (it->attempt == 0) {
        if (options.show_progress) {
          std::fprintf(stderr, "%scertify: %s trial %d: %s; retrying once\n", isatty(2) ? "\n" : "",
                       task.item->info().id.c_str(), task.trial, problem.c_str());
        }
        pending.emplace_front(it->task, 1);
      } else {
        TrialResult r;
        r.item = task.item->info().id;
        r.trial = task.trial;
        r.seed = task.seed;
        r.status = "error";
        r.reason = problem + " (after one retry)";
        results[it->task] = r;
        ++done;
      }
      if (problem.empty() || it->attempt > 0) {
        progress.Update(done, task.item->info().id + " #" + std::to_string(task.trial));
      }
      it = running.erase(it);
    }
  }
  return results;
}

}  // namespace tianmu::certify
