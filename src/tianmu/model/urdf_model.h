// URDF models: MuJoCo 2.2.2 imports a URDF itself, but a URDF has no floating base, sites,
// sensors or actuators. This module adds what robot.yaml's `urdf:` section lists and writes the
// result as an ordinary MJCF file, so the rest of Tianmu only ever sees MJCF (docs/robot-yaml.md).
#pragma once

#include <filesystem>
#include <string>

#include "tianmu/core/config_node.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::model {

/// True if `path` names a URDF file (extension .urdf, any case).
bool IsUrdfPath(const std::filesystem::path& path);

/// Compiles a URDF as it stands (no additions), keeping every link as a body: fixed joints are
/// not fused, so foot and sensor links keep their names. For inspecting a model (robot init).
/// Raises InputError naming the URDF when MuJoCo cannot load it.
MjModelPtr LoadUrdf(const std::filesystem::path& urdf);

/// The MJCF that `spec` (parsed from robot.yaml `root`, whose model is a URDF) describes: the
/// URDF with the `urdf:` section's free joint, sites, sensors, joint and contact settings, and
/// one `motor` per joint in `spec.groups` (ctrlrange ± the component's peak torque). Written
/// once per distinct content to a private cache directory; returns its absolute path. Raises
/// InputError naming robot.yaml's line and field, or the URDF, on the first problem.
std::filesystem::path MjcfFromUrdf(const ConfigNode& root, const RobotSpec& spec);

/// The directory holding generated MJCF files: $XDG_CACHE_HOME/tianmu/urdf, else
/// ~/.cache/tianmu/urdf, else (not writable) a per-user directory under the system temp dir.
std::filesystem::path UrdfCacheDir();

}  // namespace tianmu::model
