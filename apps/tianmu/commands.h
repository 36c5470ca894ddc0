// The `tianmu` commands: one CommandSpec each, one file each (cmd_<name>.cc). A spec names the
// command, its purpose, flags and examples, and the function that runs it; that function takes
// the words after the command, prints JSON (with --json) on stdout and progress on stderr, and
// returns the exit code; InputError escapes to main(), which prints it and exits 2.
#pragma once

#include <string>
#include <vector>

#include "command_spec.h"

namespace tianmu::cli {

CommandSpec RobotsCommand();      ///< tianmu robots [--json] [--names]
CommandSpec CheckRobotCommand();  ///< tianmu check-robot PATH|NAME [--json]
CommandSpec SimCommand();         ///< tianmu sim --robot R --scene S --duration T ...
CommandSpec LogCommand();         ///< tianmu log info FILE.mcap [--json]
CommandSpec DemoCommand();        ///< tianmu demo [--out DIR]
CommandSpec BenchCommand();       ///< tianmu bench sim|control|cerebellum|... --robot R [--json]
CommandSpec BenchCerebellumCommand();  ///< the whole-body controller's acceptance table
CommandSpec CertifyCommand();          ///< tianmu certify --robot R --suite S --out DIR ...
CommandSpec BenchCertifyCommand();     ///< certification trials per minute, 1 vs 2 jobs
CommandSpec ServeCommand();            ///< tianmu serve --robot R --scene S --port P ...
CommandSpec BenchServiceCommand();     ///< telemetry clients vs the service: latency, misses
CommandSpec ObjectsCommand();          ///< tianmu objects list|show|add|import|export [--db F]
CommandSpec RecordCommand();           ///< tianmu record --robot R --task T --episodes N --out D
CommandSpec DatasetCommand();          ///< tianmu dataset info|validate DIR [--json]
CommandSpec MotionCommand();           ///< tianmu motion import|list|show|export|play ...
CommandSpec BenchRecordCommand();      ///< episodes per minute, MB/s, recording overhead
CommandSpec BenchPerceptionCommand();  ///< camera render fps, camera thread vs the 1 kHz loop
CommandSpec RobotCommand();            ///< tianmu robot init MODEL ... | robot config NAME ...
CommandSpec SkillCommand();            ///< tianmu skill run NAME --robot R [--param k=v]... ...
CommandSpec DoCommand();               ///< tianmu do "INSTRUCTION" --objects F [--json]
CommandSpec ScenarioCommand();         ///< tianmu scenario list|run NAME --robot R [--json]
CommandSpec MatchCommand();            ///< tianmu match DEMAND.yaml... --profiles DIR [--json]
CommandSpec FleetCommand();            ///< tianmu fleet --robots N [--broker H:P] [--json]
CommandSpec BenchFleetCommand();  ///< orders/h, wait, utilisation, clearance for 1, 2, 4 robots
CommandSpec PerceiveCommand();    ///< tianmu perceive --robot R [--trials N] [--json]
CommandSpec HelpCommand();        ///< tianmu help [CMD [SUB]] [--markdown|--commands]
CommandSpec CompletionCommand();  ///< tianmu completion bash|zsh
CommandSpec VersionCommand();     ///< tianmu version (also tianmu --version)

/// Every top-level command, in the order `tianmu --help` lists them.
const std::vector<CommandSpec>& AllCommands();

/// `tianmu --version`: "tianmu VERSION (git REVISION), MuJoCo X.Y.Z", one line.
std::string VersionText();

}  // namespace tianmu::cli
