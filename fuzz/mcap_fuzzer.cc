// MCAP logs (`tianmu log info F.mcap`): open (header, footer, summary or a scan), then read and
// verify every message.
#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/core/error.h"
#include "tianmu/data/mcap_reader.h"

namespace tianmu::fuzz {

void FuzzMcap(std::string_view input) {
  try {
    const data::McapReader reader(WriteScratchFile("log.mcap", input));
    (void)reader.ReadAllMessages();
    reader.Verify();
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
