// A private mosquitto broker for tests: listens on 127.0.0.1 on a free port with a generated
// config, is waited for with a deadline (not a fixed sleep), and is killed when the test ends.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

extern char** environ;

namespace tianmu::fleet::testing {

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).
inline int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

/// True when something accepts TCP connections on 127.0.0.1:port.
inline bool Listening(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

/// The mosquitto executable: $TIANMU_MOSQUITTO, Debian's /usr/sbin/mosquitto, or "" if none.
inline std::string MosquittoPath() {
  if (const char* env = std::getenv("TIANMU_MOSQUITTO"); env != nullptr && *env != '\0') return env;
  for (const char* path :
       {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

/// One broker process (RAII: stopped in the destructor).
class MosquittoBroker {
 public:
  /// Prepares a config for `port` in a fresh temporary directory.
  explicit MosquittoBroker(int port) : port_(port) {
    dir_ = std::filesystem::temp_directory_path() /
           ("tianmu-mosquitto-" + std::to_string(getpid()) + "-" + std::to_string(port));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "mosquitto.conf") << "listener " << port << " 127.0.0.1\n"
                                           << "allow_anonymous true\n"
                                           << "persistence false\n";
  }
  ~MosquittoBroker() {
    Stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  /// Starts the broker and waits until it accepts connections, at most `deadline_s`.
  bool Start(double deadline_s = 10) {
    const std::string exe = MosquittoPath();
    if (exe.empty()) return false;
    const std::string config = (dir_ / "mosquitto.conf").string();
    const std::string log = (dir_ / "mosquitto.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    char* argv[] = {const_cast<char*>(exe.c_str()), const_cast<char*>("-c"),
                    const_cast<char*>(config.c_str()), nullptr};
    const int rc = posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      return false;
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(deadline_s);
    while (std::chrono::steady_clock::now() < deadline) {
      if (Listening(port_)) return true;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {  // died (e.g. port taken)
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  /// Kills the broker (SIGKILL: an abrupt outage) and reaps it.
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
  std::filesystem::path dir_;
};

}  // namespace tianmu::fleet::testing
