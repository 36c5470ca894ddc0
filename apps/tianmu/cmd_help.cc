// tianmu help: the command tree explaining itself (one command's help, every command's path,
// docs/cli.md as Markdown), and the list of top-level commands.
#include <cstdio>

#include "commands.h"
#include "tianmu/core/error.h"

namespace tianmu::cli {
namespace {

int RunHelp(const Args& args) {
  const Flags flags(args, HelpCommand().flags);
  if (flags.Has("markdown") || flags.Has("commands")) {
    if (!flags.positional().empty()) {
      throw InputError("unexpected argument '" + flags.positional()[0] +
                       "' (--markdown and --commands cover every command)");
    }
    if (flags.Has("markdown")) {
      std::fputs(MarkdownReference(AllCommands()).c_str(), stdout);
    } else {
      for (const std::string& path : CommandPaths(AllCommands())) std::printf("%s\n", path.c_str());
    }
    return 0;
  }
  if (flags.positional().empty()) {
    std::fputs(RootHelpText(AllCommands()).c_str(), stdout);
    return 0;
  }
  const Selection selection = Select(AllCommands(), flags.positional());
  if (selection.spec == nullptr || !selection.rest.empty()) {
    // Name the first word that is not a command, with the nearest one at its level.
    const bool top = selection.spec == nullptr;
    const std::string& word = top ? flags.positional()[0] : selection.rest[0];
    std::vector<std::string> names;
    for (const CommandSpec& c : top ? AllCommands() : selection.spec->subcommands) {
      names.push_back(c.name);
    }
    if (top) throw InputError("unknown command '" + word + "'" + DidYouMean(word, names));
    if (names.empty()) throw InputError(selection.path + " has no subcommands");
    std::string expected;
    for (const std::string& n : names) expected += (expected.empty() ? "" : ", ") + n;
    throw InputError("unknown subcommand '" + word + "'" + DidYouMean(word, names) +
                     " (expected one of: " + expected + ")");
  }
  std::fputs(HelpText(*selection.spec, selection.path).c_str(), stdout);
  return 0;
}

}  // namespace

CommandSpec HelpCommand() {
  return {.name = "help",
          .purpose = "explain a command, or write the command reference (docs/cli.md)",
          .operands = "[COMMAND [SUBCOMMAND]]",
          .flags = {Switch("markdown", "print the reference of every command as Markdown"),
                    Switch("commands", "print every command path, one a line")},
          .examples = {"tianmu help sim", "tianmu help log info",
                       "tianmu help --markdown > docs/cli.md"},
          .run = RunHelp};
}

const std::vector<CommandSpec>& AllCommands() {
  static const std::vector<CommandSpec> commands = {
      RobotsCommand(),     CheckRobotCommand(), SimCommand(),      LogCommand(),
      DemoCommand(),       BenchCommand(),      ServeCommand(),    CertifyCommand(),
      ObjectsCommand(),    RecordCommand(),     DatasetCommand(),  MotionCommand(),
      SkillCommand(),      DoCommand(),         ScenarioCommand(), MatchCommand(),
      FleetCommand(),      PerceiveCommand(),   RobotCommand(),    HelpCommand(),
      CompletionCommand(), VersionCommand()};
  return commands;
}

}  // namespace tianmu::cli
