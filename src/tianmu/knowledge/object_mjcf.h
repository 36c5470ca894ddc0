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
/// scene and the robot: contype = conaffinity = 1). With a `tag_texture_dir`, objects with a tag
/// carry it as a 1 mm plate on their face textured with TAG_TEXTURE_DIR/TagTextureFileName(tag)
/// (which the caller writes, e.g. perception::WriteTagPng); without one, tags are left out.
std::string ObjectsSceneMjcf(const std::vector<SpawnedObject>& objects,
                             const std::string& tag_texture_dir = "");

/// "tag36h11_00007.png": the texture file of a tag.
std::string TagTextureFileName(const FiducialTag& tag);

/// Thickness of the plate a tag is printed on (m).
inline constexpr double kTagPlateThickness_m = 0.001;

/// Where a tag's plate sits on its object: the centre of the plate's printed (outer) surface and
/// the plate frame P (z along the face's outward normal; for side faces y points up the object's
/// z axis) in the object frame O. MuJoCo maps a 2D texture onto the plate's +z face with image
/// columns along P's x and image rows along P's -y.
struct TagPlacement {
  std::array<double, 3> surface_center_O_m{};
  std::array<double, 9> rotation_O_P{};  ///< row-major, O <- P
};

/// The placement of `object`'s tag (the object must have one and be a box).
TagPlacement TagPlacementOf(const ObjectRecord& object);

}  // namespace tianmu::knowledge
