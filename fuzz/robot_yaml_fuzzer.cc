// robot.yaml (`tianmu check-robot PATH`): the description, its MJCF or URDF model and the
// component references, loaded and validated as LoadRobot does for every command. The input is
// written to robots/fuzz/robot.yaml in a scratch copy of assets/robots, so seeds name the
// reference models as ../tm1s/tm1s.xml and so on.
#include <cstdlib>
#include <filesystem>

#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/actuators/datasheet.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::fuzz {
namespace fs = std::filesystem;

namespace {

struct RobotFixture {
  actuators::ComponentLibrary components;
  fs::path robots_dir;

  RobotFixture() {
    components = actuators::LoadComponentLibrary(AssetsDir() / "components");
    robots_dir = ScratchDir() / "robots";
    fs::copy(AssetsDir() / "robots", robots_dir,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    fs::create_directories(robots_dir / "fuzz");
    // URDF robots are converted into a cache directory: keep it in the scratch directory.
    setenv("XDG_CACHE_HOME", (ScratchDir() / "cache").c_str(), 1);
  }
};

}  // namespace

void FuzzRobotYaml(std::string_view input) {
  static const RobotFixture kFixture;
  const fs::path yaml = WriteScratchFile("robots/fuzz/robot.yaml", input);
  try {
    const model::RobotSpec spec = model::LoadRobot(yaml, kFixture.components);
    (void)spec.NominalPosture();
    (void)spec.RestPosture();
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
