// Course files (`tianmu sim --cmd-file COURSE.yaml`): timed velocity commands.
#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/core/error.h"
#include "tianmu/runtime/command_schedule.h"

namespace tianmu::fuzz {

void FuzzCommandSchedule(std::string_view input) {
  try {
    (void)runtime::LoadCommandSchedule(WriteScratchFile("course.yaml", input));
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
