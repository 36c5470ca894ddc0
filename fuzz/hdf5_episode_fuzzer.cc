// HDF5 episode files (`tianmu dataset validate DIR`): the complete check of one episode, which
// documents that it never throws for a bad file.
#include "fuzz_targets.h"
#include "scratch_files.h"
#include "tianmu/record/episode_file.h"

namespace tianmu::fuzz {

void FuzzHdf5Episode(std::string_view input) {
  (void)record::ValidateEpisode(WriteScratchFile("episode.hdf5", input));
}

}  // namespace tianmu::fuzz
