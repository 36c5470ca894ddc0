#include "scratch_files.h"

#include <unistd.h>

#include <fstream>
#include <system_error>

namespace tianmu::fuzz {
namespace fs = std::filesystem;

namespace {

// Removes the directory when the process ends normally (libFuzzer exits through exit()).
struct ScratchDirectory {
  fs::path path;
  ScratchDirectory() {
    path = fs::temp_directory_path() / ("tianmu-fuzz-" + std::to_string(getpid()));
    fs::create_directories(path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

const fs::path& ScratchDir() {
  static const ScratchDirectory dir;
  return dir.path;
}

fs::path WriteScratchFile(const std::string& name, std::string_view input) {
  const fs::path path = ScratchDir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(input.data(), static_cast<std::streamsize>(input.size()));
  return path;
}

}  // namespace tianmu::fuzz
