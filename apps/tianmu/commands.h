// The `tianmu` subcommands: one function each, one file each (cmd_<name>.cc). Each takes the
// words after its name, prints JSON (with --json) on stdout and progress on stderr, and returns
// the exit code; InputError escapes to main(), which prints it and exits 2.
#pragma once

#include <string>
#include <vector>

namespace tianmu::cli {

using Args = std::vector<std::string>;

int RunRobots(const Args& args);        ///< tianmu robots [--json]
int RunCheckRobot(const Args& args);    ///< tianmu check-robot PATH|NAME [--json]
int RunSim(const Args& args);           ///< tianmu sim --robot R --scene S --duration T ...
int RunLog(const Args& args);           ///< tianmu log info FILE.mcap [--json]
int RunDemo(const Args& args);          ///< tianmu demo [--out DIR]
int RunBench(const Args& args);         ///< tianmu bench sim|control|cerebellum --robot R [--json]
int BenchCerebellum(const Args& args);  ///< the whole-body controller's acceptance table

}  // namespace tianmu::cli
