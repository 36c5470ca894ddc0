// Scene files (`tianmu sim --scene F.xml`): merged into TM-1S's MJCF and compiled.
#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/error.h"
#include "tianmu/sim/scene.h"

namespace tianmu::fuzz {

void FuzzSceneMjcf(std::string_view input) {
  static const std::filesystem::path kRobot = AssetsDir() / "robots" / "tm1s" / "tm1s.xml";
  try {
    (void)sim::LoadRobotInScene(kRobot, WriteScratchFile("scene.xml", input));
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
