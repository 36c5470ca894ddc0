// The `tianmu` command tree: each command and subcommand declared once (name, purpose, operands,
// flags, examples), and what is derived from that declaration here: dispatch, `--help` and
// docs/cli.md (`tianmu help --markdown`); completion.h derives the shell completion scripts.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "flags.h"

namespace tianmu::cli {

using Args = std::vector<std::string>;

/// One command or subcommand of `tianmu`.
struct CommandSpec {
  std::string name;                      ///< the word that selects it, e.g. "sim" or "info"
  std::string purpose;                   ///< one line: what it is for
  std::string operands;                  ///< positional arguments in usage form, e.g. "FILE.mcap"
  std::vector<FlagSpec> flags;           ///< the flags it accepts (parsed by Flags from this list)
  std::vector<std::string> examples;     ///< whole command lines, starting with "tianmu "
  std::vector<CommandSpec> subcommands;  ///< the words that may follow it
  int (*run)(const Args&) = nullptr;     ///< null for a group that only holds subcommands
  bool operand_is_robot = false;         ///< the operand is a robot name (for completion)
};

/// `tianmu --help`: every command with its purpose.
std::string RootHelpText(const std::vector<CommandSpec>& commands);

/// `tianmu PATH --help`: purpose, usage, subcommands, each flag with meaning, unit, default and
/// range, and examples. `path` is the command line that selects `spec`, e.g. "tianmu log info".
std::string HelpText(const CommandSpec& spec, const std::string& path);

/// docs/cli.md: the root table, then one section per command and subcommand.
std::string MarkdownReference(const std::vector<CommandSpec>& commands);

/// Calls `visit` with every (sub)command below `commands`, depth first, and its path: `path`
/// followed by the names on the way, e.g. "tianmu log info" for path "tianmu".
void WalkCommands(const std::vector<CommandSpec>& commands, const std::string& path,
                  const std::function<void(const CommandSpec&, const std::string&)>& visit);

/// Every command path below the root, depth first, e.g. "sim", "log", "log info".
std::vector<std::string> CommandPaths(const std::vector<CommandSpec>& commands);

/// What a command line selects: the deepest (sub)command its leading words name.
struct Selection {
  const CommandSpec* spec = nullptr;  ///< null when the first word names no command
  std::string path;                   ///< "tianmu" followed by the words consumed
  Args rest;                          ///< the words after the (sub)command
};

/// Walks `words` (the arguments after "tianmu") down the tree as far as they name subcommands.
Selection Select(const std::vector<CommandSpec>& commands, const Args& words);

/// Runs the selected (sub)command: prints its help on `--help`/`-h` (exit 0); for a group
/// without a subcommand, or with an unknown one, raises InputError suggesting the nearest name.
int RunSelection(const Selection& selection);

/// "; did you mean 'NAME'?" when `word` is a likely typo of one of `candidates`, else "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace tianmu::cli
