// BVH (Biovision Hierarchy) motion capture files: a parser into HumanClip (hierarchy, offsets,
// channel orders, frame time; errors name the line) and a writer, per docs/motion.md.
#pragma once

#include <filesystem>
#include <string>

#include "tianmu/motion/human_clip.h"

namespace tianmu::motion {

/// Parses BVH text; `source_name` names the file in errors. Malformed input raises
/// InputError("FILE", LINE, FIELD, expected ...).
HumanClip ParseBvh(const std::string& text, const std::string& source_name);

/// Reads and parses a BVH file; a missing file raises InputError.
HumanClip LoadBvh(const std::filesystem::path& path);

/// BVH text for `clip`: rotations are written as Euler angles in each joint's channel order,
/// position channels from the frame's translations; numbers with `decimals` digits.
std::string WriteBvh(const HumanClip& clip, int decimals = 6);

}  // namespace tianmu::motion
