#include "tianmu/record/episode_check_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

namespace tianmu::record {
namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json CheckToJson(const EpisodeCheck& check) {
  if (!check.summary) return {{"valid", false}, {"reason", check.reason}};
  const EpisodeSummary& s = *check.summary;
  const EpisodeAttributes& a = s.attributes;
  return {{"valid", true},
          {"frames", s.frames},
          {"duration_s", s.duration_s},
          {"bytes", s.bytes},
          {"tianmu_version", s.tianmu_version},
          {"robot", a.robot},
          {"scene", a.scene},
          {"task", a.task},
          {"instruction", a.instruction},
          {"seed", a.seed},
          {"fps", a.fps},
          {"success", a.success},
          {"sim", a.sim},
          {"episode_index", a.episode_index},
          {"joint_names", a.joint_names},
          {"touch_names", a.touch_names}};
}

EpisodeCheck CheckFromJson(const nlohmann::json& j) {
  EpisodeCheck check;
  if (!j.at("valid").get<bool>()) {
    check.reason = j.at("reason").get<std::string>();
    return check;
  }
  EpisodeSummary s;
  s.frames = j.at("frames").get<std::int64_t>();
  s.duration_s = j.at("duration_s").get<double>();
  s.bytes = j.at("bytes").get<std::uintmax_t>();
  s.tianmu_version = j.at("tianmu_version").get<std::string>();
  EpisodeAttributes& a = s.attributes;
  a.robot = j.at("robot").get<std::string>();
  a.scene = j.at("scene").get<std::string>();
  a.task = j.at("task").get<std::string>();
  a.instruction = j.at("instruction").get<std::string>();
  a.seed = j.at("seed").get<std::uint64_t>();
  a.fps = j.at("fps").get<double>();
  a.success = j.at("success").get<bool>();
  a.sim = j.at("sim").get<bool>();
  a.episode_index = j.at("episode_index").get<std::int64_t>();
  a.joint_names = j.at("joint_names").get<std::vector<std::string>>();
  a.touch_names = j.at("touch_names").get<std::vector<std::string>>();
  check.summary = std::move(s);
  return check;
}

EpisodeCheck Invalid(const std::string& reason) {
  EpisodeCheck check;
  check.reason = reason;
  return check;
}

}  // namespace

EpisodeCheck CheckInChild(const std::function<EpisodeCheck()>& check, double timeout_s) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Invalid(std::string("cannot start the isolated reader: ") + std::strerror(errno));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Invalid(std::string("cannot start the isolated reader: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    try {
      out = CheckToJson(check()).dump();
    } catch (const std::exception& e) {
      out = CheckToJson(Invalid(std::string("the reader failed: ") + e.what())).dump();
    }
    for (std::size_t sent = 0; sent < out.size();) {
      const ssize_t n = ::write(fds[1], out.data() + sent, out.size() - sent);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(3);
      sent += static_cast<std::size_t>(n);
    }
    ::_exit(0);  // no exit handlers or stdio flushes of the parent's state
  }
  ::close(fds[1]);
  std::string received;
  bool timed_out = false;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  for (;;) {
    const auto left_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left_ms <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left_ms, 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done (or dead)
    received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Invalid("the HDF5 reader did not finish within " +
                   std::to_string(static_cast<int>(timeout_s)) + " s (killed)");
  }
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    const char* name = ::sigabbrev_np(signal);
    return Invalid("the HDF5 reader crashed on this file (signal " + std::to_string(signal) +
                   (name != nullptr ? std::string(" SIG") + name : std::string()) +
                   "): the file is damaged or forged");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Invalid("the isolated HDF5 reader failed (exit status " +
                   std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
  try {
    return CheckFromJson(nlohmann::json::parse(received));
  } catch (const std::exception& e) {
    return Invalid(std::string("the isolated HDF5 reader's answer is unreadable: ") + e.what());
  }
}

EpisodeCheck ValidateEpisodeInChild(const std::filesystem::path& file, double timeout_s) {
  return CheckInChild([&file] { return ValidateEpisode(file); }, timeout_s);
}

}  // namespace tianmu::record
