#include "tianmu/core/assets.h"

#include <cstdlib>

#include "tianmu/core/error.h"

namespace tianmu {

std::filesystem::path AssetsDir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("TIANMU_ASSETS"); env != nullptr && env[0] != '\0') {
    if (!fs::is_directory(env)) {
      throw InputError(std::string("TIANMU_ASSETS=") + env + ": expected an existing directory");
    }
    return env;
  }
  for (const char* candidate : {TIANMU_INSTALL_ASSETS_DIR, TIANMU_SOURCE_ASSETS_DIR}) {
    if (fs::is_directory(fs::path(candidate) / "robots")) return candidate;
  }
  throw RuntimeError("no Tianmu assets directory found; set TIANMU_ASSETS");
}

}  // namespace tianmu
