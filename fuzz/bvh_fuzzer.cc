// BVH motion capture (`tianmu motion import F.bvh`): parse, then forward kinematics of every frame
// and a round trip through the writer.
#include <string>

#include "fuzz_targets.h"
#include "tianmu/core/error.h"
#include "tianmu/motion/bvh.h"

namespace tianmu::fuzz {

void FuzzBvh(std::string_view input) {
  motion::HumanClip clip;
  try {
    clip = motion::ParseBvh(std::string(input), "fuzz.bvh");
  } catch (const InputError&) {
    return;
  }
  for (const motion::HumanFrame& frame : clip.frames) {
    (void)motion::HumanForwardKinematics(clip, frame);
  }
  (void)motion::WriteBvh(clip);
}

}  // namespace tianmu::fuzz
