// The object knowledge base's record: what Tianmu knows about one physical object (names, shape,
// mass properties, friction, looks, grasps, affordances, hazards, where the figures come from).
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::knowledge {

/// Collision and visual shape of an object, centred on the object frame (z up).
enum class ShapeType { kBox, kCylinder, kSphere, kCapsule, kMesh };

/// "box", "cylinder", "sphere", "capsule", "mesh".
const char* ShapeTypeName(ShapeType type);

/// A grasp: the gripper frame relative to the object frame.
struct GraspPose {
  std::string name;                                    ///< e.g. "side", "top", "handle"
  std::array<double, 3> position_m{};                  ///< object frame
  std::array<double, 4> orientation_wxyz{1, 0, 0, 0};  ///< object <- gripper, unit quaternion
  double width_m = 0;                                  ///< gripper opening; 0 = unspecified
};

/// What an object affords a robot.
struct Affordances {
  bool liftable = false;  ///< can be picked up and carried
  bool pushable = false;  ///< can be slid along its support
  bool openable = false;  ///< has a lid, door or flap
  bool fragile = false;   ///< breaks or bruises under rough handling
};

/// Sets the flag named `name` (liftable, pushable, openable, fragile); false for other names.
bool SetAffordance(const std::string& name, Affordances* affordances);

/// An AprilTag printed on one face of a box-shaped object: the marker that lets cameras find the
/// object and its pose (src/tianmu/perception/tag_detector.h).
struct FiducialTag {
  std::string family = "tag36h11";  ///< libapriltag family; only tag36h11 for now
  int id = 0;                       ///< code word in the family, unique among tagged objects
  double size_m = 0;                ///< edge of the black square (what pose estimation uses)
  std::string face = "-x";          ///< the face it sits on: +x, -x, +y, -y, +z or -z (object axes)

  /// Edge of the printed square, the white quiet ring included (tag36h11: 10 / 8 of size_m).
  double printed_size_m() const { return size_m * 10.0 / 8.0; }
  /// Unit outward normal of the face in the object frame.
  std::array<double, 3> normal() const;
};

/// One object. Dimensions by shape: box {x, y, z} full extents; cylinder and capsule {radius,
/// height} (capsule height: the cylindrical part); sphere {radius}; mesh {x, y, z} bounding box.
struct ObjectRecord {
  std::string id;        ///< unique, [a-z0-9_-], e.g. "005_tomato_soup_can"
  std::string name_en;   ///< English name
  std::string name_zh;   ///< Chinese name (may be empty)
  std::string category;  ///< e.g. "food", "kitchen", "tool", "container", "safety"
  ShapeType shape = ShapeType::kBox;
  std::vector<double> dims_m;            ///< see the struct comment
  std::string mesh_file;                 ///< kMesh only: an STL/OBJ file (absolute path)
  double mass_kg = 0;                    ///< > 0
  std::array<double, 3> inertia_kgm2{};  ///< principal moments about the CoM, object axes
  std::array<double, 3> friction{0.8, 0.005, 0.0001};  ///< sliding, torsional, rolling (MuJoCo)
  std::array<double, 4> rgba{0.6, 0.6, 0.6, 1};        ///< colour, components in [0, 1]
  std::string material;                                ///< e.g. "cardboard", "steel"
  bool graspable = false;
  std::vector<GraspPose> grasps;  ///< object frame
  Affordances affordances;
  std::vector<std::string> hazards;  ///< e.g. "sharp", "pressurised", "heavy", "flammable"
  std::string source;                ///< where the figures come from (never empty)
  std::optional<FiducialTag> tag;    ///< an AprilTag on one face (boxes only), if any

  /// Height of the shape along the object's z axis (m): what it stands on the floor with.
  double height_m() const;
};

/// Parses a shape name; raises InputError naming `where` when unknown.
ShapeType ParseShapeType(const std::string& name, const std::string& where);

/// Principal moments of a uniform solid of this shape and mass (kg m²), about its centre.
std::array<double, 3> UniformSolidInertia(ShapeType shape, const std::vector<double>& dims_m,
                                          double mass_kg);

/// Checks every field; raises InputError(file, line, "<prefix>FIELD", expected) on the first
/// problem. `line` <= 0 when not known.
void ValidateObject(const ObjectRecord& object, const std::string& file, int line,
                    const std::string& field_prefix);

/// The object as the JSON object of docs/objects.md.
nlohmann::json ObjectToJson(const ObjectRecord& object);

/// An object from JSON (validated). Missing inertia is computed for a uniform solid; errors name
/// `file` and "objects[INDEX].FIELD".
ObjectRecord ObjectFromJson(const nlohmann::json& j, const std::string& file, int index);

/// Raises InputError naming the second occurrence when two objects share an id.
void CheckUniqueIds(const std::vector<ObjectRecord>& objects, const std::string& file);

}  // namespace tianmu::knowledge
