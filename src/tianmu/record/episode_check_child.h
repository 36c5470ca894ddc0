// Episode validation in a child process: libhdf5 1.10 overruns its own buffers on some forged
// files (docs/security.md), so untrusted episodes are read by a forked child whose crash or hang
// becomes an "invalid" verdict instead of taking the caller down.
#pragma once

#include <filesystem>
#include <functional>

#include "tianmu/record/episode_file.h"

namespace tianmu::record {

/// ValidateEpisode(`file`) in a forked child. A child killed by a signal, or still running after
/// `timeout_s` (it is then killed), gives an invalid verdict that says so. The child is forked
/// without exec: call it from a single-threaded process (the `tianmu dataset` commands), or one
/// whose other threads cannot hold HDF5's locks; a child that deadlocks ends at the timeout.
EpisodeCheck ValidateEpisodeInChild(const std::filesystem::path& file, double timeout_s = 60);

/// The engine of ValidateEpisodeInChild: runs `check` in a forked child and returns its verdict
/// (exposed so that tests can pass a check that crashes or hangs).
EpisodeCheck CheckInChild(const std::function<EpisodeCheck()>& check, double timeout_s);

}  // namespace tianmu::record
