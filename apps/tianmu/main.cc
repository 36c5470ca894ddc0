// The `tianmu` command: dispatches to one subcommand and turns errors into exit codes
// (0 success, 1 failure at run time, 2 bad input).
#include <cstdio>
#include <exception>
#include <string>

#include "commands.h"
#include "tianmu/core/error.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const tianmu::cli::Args&);
  const char* help;
};

const Command kCommands[] = {
    {"robots", tianmu::cli::RunRobots, "list the robots in the assets directory"},
    {"check-robot", tianmu::cli::RunCheckRobot, "validate a robot.yaml and its MJCF, summarise"},
    {"sim", tianmu::cli::RunSim, "run a headless simulation and summarise it"},
    {"log", tianmu::cli::RunLog, "inspect an MCAP log: log info FILE.mcap"},
    {"demo", tianmu::cli::RunDemo, "the main job: stand, survive a push, write out/demo"},
    {"bench", tianmu::cli::RunBench, "benchmarks: bench sim --robot NAME [--json]"},
    {"serve", tianmu::cli::RunServe, "the robot as a service: REST API, telemetry, dashboard"},
    {"certify", tianmu::cli::RunCertify, "certification battery: certify --robot R --out DIR"},
    {"objects", tianmu::cli::RunObjects, "object knowledge base: list, show, add, import, export"},
    {"record", tianmu::cli::RunRecord, "record episodes: record --task random-walk --out DIR"},
    {"dataset", tianmu::cli::RunDataset, "recorded datasets: dataset info|validate DIR [--json]"},
    {"motion", tianmu::cli::RunMotion, "motion library: import BVH, list, show, export, play"},
    {"robot", tianmu::cli::RunRobot, "bring up a robot: robot init MODEL.xml|MODEL.urdf"},
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out, "usage: tianmu <command> [flags]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-12s %s\n", c.name, c.help);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return 0;
  }
  tianmu::cli::Args args(argv + 2, argv + argc);
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    try {
      return c.run(args);
    } catch (const tianmu::InputError& e) {
      std::fprintf(stderr, "tianmu %s: %s\n", c.name, e.what());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "tianmu %s: error: %s\n", c.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "tianmu: unknown command '%s'\n", name.c_str());
  PrintUsage(stderr);
  return 2;
}
