// Robot clips (the motion library's JSON files): parse the document, read it as a clip, write it
// back.
#include <nlohmann/json.hpp>

#include "fuzz_targets.h"
#include "tianmu/core/error.h"
#include "tianmu/motion/robot_clip.h"

namespace tianmu::fuzz {

void FuzzMotionClip(std::string_view input) {
  const nlohmann::json j = nlohmann::json::parse(input, nullptr, false);
  if (j.is_discarded()) return;
  try {
    const motion::RobotClip clip = motion::RobotClipFromJson(j, "fuzz.json");
    (void)clip.duration_s();
    (void)motion::RobotClipToJson(clip).dump();
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
