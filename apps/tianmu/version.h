// Build facts captured by CMake (apps/tianmu/version.cmake writes version.cc at build time):
// the project version and the git revision the binary was built from.
#pragma once

namespace tianmu::cli {

/// CMake's PROJECT_VERSION, e.g. "0.1.0".
const char* ProjectVersion();

/// `git describe --always --dirty` of the source tree when the binary was built, or "unknown"
/// when the sources are not a git checkout (a release tarball).
const char* GitRevision();

}  // namespace tianmu::cli
