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
int RunCertify(const Args& args);       ///< tianmu certify --robot R --suite S --out DIR ...
int BenchCertify(const Args& args);     ///< certification trials per minute, 1 vs 2 jobs
int RunServe(const Args& args);         ///< tianmu serve --robot R --scene S --port P ...
int BenchService(const Args& args);     ///< telemetry clients vs the service: latency, misses
int RunObjects(const Args& args);       ///< tianmu objects list|show|add|import|export [--db F]
int RunRecord(const Args& args);        ///< tianmu record --robot R --task T --episodes N --out D
int RunDataset(const Args& args);       ///< tianmu dataset info|validate DIR [--json]
int RunMotion(const Args& args);        ///< tianmu motion import|list|show|export|play ...
int BenchRecord(const Args& args);      ///< episodes per minute, MB/s, recording overhead
int RunRobot(const Args& args);         ///< tianmu robot init MODEL [--out F] [--name N] ...

}  // namespace tianmu::cli
