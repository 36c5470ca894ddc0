// tianmu completion bash|zsh: prints the shell completion script generated from the command tree.
#include <cstdio>

#include "commands.h"
#include "completion.h"
#include "tianmu/core/error.h"

namespace tianmu::cli {
namespace {

int RunBashCompletion(const Args& args) {
  const Flags flags(args, {});
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  std::fputs(BashCompletion(AllCommands()).c_str(), stdout);
  return 0;
}

int RunZshCompletion(const Args& args) {
  const Flags flags(args, {});
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  std::fputs(ZshCompletion(AllCommands()).c_str(), stdout);
  return 0;
}

}  // namespace

CommandSpec CompletionCommand() {
  return {
      .name = "completion",
      .purpose = "print a shell completion script for tianmu",
      .examples = {"source <(tianmu completion bash)", "tianmu completion zsh > ~/.zfunc/_tianmu"},
      .subcommands = {{.name = "bash",
                       .purpose = "print the bash completion script",
                       .examples = {"source <(tianmu completion bash)"},
                       .run = RunBashCompletion},
                      {.name = "zsh",
                       .purpose = "print the zsh completion script (#compdef tianmu)",
                       .examples = {"tianmu completion zsh > ~/.zfunc/_tianmu"},
                       .run = RunZshCompletion}}};
}

}  // namespace tianmu::cli
