#include "run_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tianmu::testing {

CommandResult RunCommand(const std::string& command) {
  static std::atomic<int> counter{0};
  const std::filesystem::path err_path =
      std::filesystem::temp_directory_path() /
      ("tianmu-test-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  CommandResult result;
  const std::string full = command + " 2>" + err_path.string();
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_path);
  std::stringstream s;
  s << err.rdbuf();
  result.err = s.str();
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace tianmu::testing
