// Shell completion scripts for `tianmu`, generated from the command tree (command_spec.h):
// commands, subcommands, flags, flag values (choices, files, directories, robot names from
// `tianmu robots --names`). Printed by `tianmu completion bash|zsh`, installed by CMake.
#pragma once

#include <string>
#include <vector>

#include "command_spec.h"

namespace tianmu::cli {

/// A bash completion script for `tianmu` (source it, or install it as
/// share/bash-completion/completions/tianmu).
std::string BashCompletion(const std::vector<CommandSpec>& commands);

/// A zsh completion script for `tianmu` (install it as share/zsh/site-functions/_tianmu).
std::string ZshCompletion(const std::vector<CommandSpec>& commands);

}  // namespace tianmu::cli
