// URDF models (`tianmu robot init F.urdf`): Tianmu's preparation of the URDF, then MuJoCo's
// import of it.
#include <cstdlib>

#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/core/error.h"
#include "tianmu/model/urdf_model.h"

namespace tianmu::fuzz {

void FuzzUrdf(std::string_view input) {
  // The prepared copy goes to the URDF cache directory: keep it in the scratch directory.
  static const bool kCacheSet = setenv("XDG_CACHE_HOME", (ScratchDir() / "cache").c_str(), 1) == 0;
  (void)kCacheSet;
  try {
    (void)model::LoadUrdf(WriteScratchFile("model.urdf", input));
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
