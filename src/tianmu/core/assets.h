// Locates the asset tree (robots, scenes, components): $TIANMU_ASSETS, then the installed copy,
// then the source tree the binary was built from.
#pragma once

#include <filesystem>

namespace tianmu {

/// The assets directory; raises RuntimeError if none of the candidates exists.
std::filesystem::path AssetsDir();

}  // namespace tianmu
