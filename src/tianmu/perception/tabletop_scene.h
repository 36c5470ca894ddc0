// The `tabletop` scene of object-pose trials, generated from the knowledge base: a table in
// front of the robot sized to its camera height, and knowledge-base objects (tagged and untagged
// boxes, cylinders, spheres) as free bodies whose poses each trial draws at random (seeded) on
// the table top, 0.5-2 m ahead, inside the head camera's view and not hiding one another.
#pragma once

#include <Eigen/Dense>
#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/core/rng.h"
#include "tianmu/knowledge/object_record.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/camera_pose.h"

namespace tianmu::perception {

/// The table: a box whose top is the rectangle [near_x, far_x] x [-half_width, half_width] at
/// height top_z (world frame, the robot standing at the origin facing +x).
struct TableGeometry {
  double near_x_m = 0.35;
  double far_x_m = 2.25;
  double half_width_m = 1.1;
  double top_z_m = 0.6;
};

/// The knowledge-base objects of the default tabletop scene: two tagged boxes (003_cracker_box,
/// carton_300x300x200_5kg) and five untagged primitives.
std::vector<std::string> DefaultTabletopObjectIds();

/// A scene ready to compile with the robot.
struct TabletopScene {
  TableGeometry table;
  std::vector<knowledge::ObjectRecord> objects;  ///< in body order
  std::vector<std::string> body_names;           ///< MJCF free bodies, one per object
  std::string scene_xml;  ///< scene-format MJCF (table and objects) for WorldOptions
};

/// Builds the scene for `spec` from `objects` (looked up by the caller in the knowledge base;
/// every object must stand on a face: box, cylinder or sphere). The table top sits at 0.85 of
/// the robot's standing base height. Tag textures are written as PNGs into `texture_dir`.
TabletopScene MakeTabletopScene(const model::RobotSpec& spec,
                                const std::vector<knowledge::ObjectRecord>& objects,
                                const std::filesystem::path& texture_dir);

/// One object's ground-truth pose in a trial.
struct PlacedObject {
  Eigen::Vector3d position_W_m = Eigen::Vector3d::Zero();  ///< object frame origin
  double yaw_rad = 0;                                      ///< about world z
  double distance_m = 0;  ///< horizontal distance from the robot's base origin (0, 0)
  bool placed = false;    ///< false: no room for it this trial; it stays parked out of sight
};

/// Draws poses for the objects of `scene`, in random order: standing on the table, 0.5-2 m from
/// the robot, projecting inside `intrinsics`' image (5 % margin) from `camera`, tagged faces
/// turned at most 35 degrees from the camera, and far enough apart in bearing that none hides
/// another. An object that finds no room in 100 draws stays unplaced (placed = false): the
/// table's view holds about four objects at a time.
std::vector<PlacedObject> SampleTabletopPlacements(const TabletopScene& scene,
                                                   const CameraPose& camera,
                                                   const CameraIntrinsics& intrinsics, Rng* rng);

}  // namespace tianmu::perception
