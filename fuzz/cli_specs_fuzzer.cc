// Command-line specs that become robot commands: `--cmd vx,vy,wz` and `--push SPEC`. The first
// input byte picks the parser, the rest is the text.
#include <string>

#include "fuzz_targets.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/command_schedule.h"
#include "tianmu/sim/perturbation.h"

namespace tianmu::fuzz {

void FuzzCliSpecs(std::string_view input) {
  if (input.empty()) return;
  const std::string text(input.substr(1));
  try {
    if (input[0] % 2 == 0) {
      (void)runtime::ParseVelocityCommand(text, "--cmd");
    } else {
      (void)sim::ParsePerturbation(text).ImpulseNs();
    }
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
