// tianmu version (and tianmu --version): the project version, the git revision the binary was
// built from (version.h) and the MuJoCo version it runs.
#include <mujoco/mujoco.h>

#include <cstdio>

#include "commands.h"
#include "tianmu/core/error.h"
#include "version.h"

namespace tianmu::cli {
namespace {

int RunVersion(const Args& args) {
  const Flags flags(args, {});
  if (!flags.positional().empty()) {
    throw InputError("unexpected argument '" + flags.positional()[0] + "'");
  }
  std::printf("%s\n", VersionText().c_str());
  return 0;
}

}  // namespace

std::string VersionText() {
  const int mujoco = mj_version();  // e.g. 222 for 2.2.2
  char text[256];
  std::snprintf(text, sizeof(text), "tianmu %s (git %s), MuJoCo %d.%d.%d", ProjectVersion(),
                GitRevision(), mujoco / 100, mujoco / 10 % 10, mujoco % 10);
  return text;
}

CommandSpec VersionCommand() {
  return {.name = "version",
          .purpose = "print the version, the git revision built from and the MuJoCo version",
          .examples = {"tianmu version", "tianmu --version"},
          .run = RunVersion};
}

}  // namespace tianmu::cli
