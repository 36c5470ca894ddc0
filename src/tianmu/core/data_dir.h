// The project's data directory: where the object knowledge base, the motion library, recorded
// datasets and the service's token live unless a command is told otherwise.
#pragma once

#include <filesystem>

namespace tianmu {

/// $TIANMU_DATA if set, else $XDG_DATA_HOME/tianmu, else $HOME/.local/share/tianmu. Not created.
std::filesystem::path DataDir();

/// DataDir(), created (with parents) if missing; raises InputError when it cannot be created.
std::filesystem::path EnsureDataDir();

}  // namespace tianmu
