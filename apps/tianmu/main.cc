// The `tianmu` command: selects a (sub)command from the command tree (commands.h) and turns
// errors into exit codes (0 success, 1 failure at run time, 2 bad input).
#include <cstdio>
#include <exception>
#include <string>

#include "commands.h"
#include "tianmu/core/error.h"

int main(int argc, char** argv) {
  using tianmu::cli::AllCommands;
  const std::vector<tianmu::cli::CommandSpec>& commands = AllCommands();
  if (argc < 2) {
    std::fputs(tianmu::cli::RootHelpText(commands).c_str(), stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h") {
    std::fputs(tianmu::cli::RootHelpText(commands).c_str(), stdout);
    return 0;
  }
  if (name == "--version") {
    std::printf("%s\n", tianmu::cli::VersionText().c_str());
    return 0;
  }
  const tianmu::cli::Selection selection =
      tianmu::cli::Select(commands, tianmu::cli::Args(argv + 1, argv + argc));
  if (selection.spec == nullptr) {
    std::vector<std::string> names;
    for (const tianmu::cli::CommandSpec& c : commands) names.push_back(c.name);
    std::fprintf(stderr, "tianmu: unknown command '%s'%s\n", name.c_str(),
                 tianmu::cli::DidYouMean(name, names).c_str());
    std::fputs(tianmu::cli::RootHelpText(commands).c_str(), stderr);
    return 2;
  }
  try {
    return tianmu::cli::RunSelection(selection);
  } catch (const tianmu::InputError& e) {
    std::fprintf(stderr, "tianmu %s: %s\n", name.c_str(), e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tianmu %s: error: %s\n", name.c_str(), e.what());
    return 1;
  }
}
