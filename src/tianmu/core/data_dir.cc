#include "tianmu/core/data_dir.h"

#include <cstdlib>
#include <system_error>

#include "tianmu/core/error.h"

namespace tianmu {

std::filesystem::path DataDir() {
  if (const char* dir = std::getenv("TIANMU_DATA"); dir != nullptr && *dir != '\0') return dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "tianmu";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".local" / "share" /
         "tianmu";
}

std::filesystem::path EnsureDataDir() {
  const std::filesystem::path dir = DataDir();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw InputError(dir.string(), 0, "", "a data directory that can be created (set TIANMU_DATA)");
  }
  return dir;
}

}  // namespace tianmu
