// Objects from the knowledge base as MuJoCo bodies: a scene-format MJCF fragment (<asset> and
// <worldbody> only) with a free body per object whose mass, inertia, friction and colour come
// from the knowledge base, ready to merge after a scene (sim::WorldOptions::extra_scene_xml).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "tianmu/knowledge/object_record.h"

namespace tianmu::knowledge {

/// Where to put one object: its name or id in the knowledge base and the object frame's pose.
struct ObjectPlacement {
  std::string name;                    ///< id or English name
  std::array<double, 3> position_m{};  ///< object frame origin (the shape's centre), world frame
  double yaw_rad = 0;                  ///< rotation about world z
};

/// Parses "NAME@x,y,z[,yaw_deg]" (metres, degrees); raises InputError naming `flag`.
ObjectPlacement ParseObjectPlacement(const std::string& text, const std::string& flag);

/// One object to spawn: its record and pose; `body_name` must be unique in the world.
struct SpawnedObject {
  ObjectRecord object;
  std::string body_name;  ///< e.g. "object_003_cracker_box"
  ObjectPlacement placement;
};

/// The MJCF body name of the `instance`-th copy (0-based) of object `id`: "object_ID" for the
/// first, "object_ID_2" for the second, ...
std::string ObjectBodyName(const std::string& id, int instance);

/// A scene-format MJCF document holding every object as a free body (geoms collide with the
/// scene and the robot: contype = conaffinity = 1).
std::string ObjectsSceneMjcf(const std::vector<SpawnedObject>& objects);

}  // namespace tianmu::knowledge
