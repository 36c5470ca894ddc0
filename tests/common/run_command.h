// Runs a shell command from a test and captures its exit code, stdout and stderr.
#pragma once

#include <string>

namespace tianmu::testing {

/// What a finished command produced.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `command` under /bin/sh with stdout and stderr captured separately.
CommandResult RunCommand(const std::string& command);

}  // namespace tianmu::testing
