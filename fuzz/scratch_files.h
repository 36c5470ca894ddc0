// Scratch files for fuzz targets whose parser only reads files: one private directory per
// process under the system temp directory, removed at exit.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tianmu::fuzz {

/// This process's scratch directory (created on first use, removed at exit).
const std::filesystem::path& ScratchDir();

/// Writes `input` to ScratchDir()/`name` (replacing it) and returns the path.
std::filesystem::path WriteScratchFile(const std::string& name, std::string_view input);

}  // namespace tianmu::fuzz
