// Robot bring-up, first step: inspect a raw MJCF or URDF humanoid and draft its robot.yaml
// (`tianmu robot init`, docs/bring-your-own-robot.md). Guesses come from the kinematic tree,
// the sensors and the names; each carries its reason, and what cannot be decided is a TODO.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "tianmu/actuators/datasheet.h"

namespace tianmu::bringup {

/// A site the draft adds to a URDF model (robot.yaml `urdf.sites`), in its body's frame.
struct DraftSite {
  std::string name;
  std::string body;
  std::array<double, 3> pos_m{};
};

/// The guessed IMU: a site carrying framequat, gyro and accelerometer sensors.
struct DraftImu {
  std::string site;
  std::string orientation_sensor;
  std::string gyro_sensor;
  std::string accelerometer_sensor;
  bool added = false;  ///< URDF: site and sensors are added by the urdf: section
  std::string reason;
};

/// A guessed foot: end body of a leg, its sole site and rectangle, its F/T sensors if any. The
/// sole is the foot's lowest face: the contact points (collision geoms only, mesh vertices
/// included) within a few millimetres of the foot's lowest point in the nominal posture.
struct DraftFoot {
  std::string body;
  std::string sole_site;      ///< empty when none could be found (a TODO)
  double sole_length_m = 0;   ///< extent of the lowest face along the robot's forward axis
  double sole_width_m = 0;    ///< extent of the lowest face sideways
  std::string sole_geometry;  ///< the collision geoms the sole was measured on, for comments
  std::string force_sensor;   ///< empty without foot F/T
  std::string torque_sensor;
  bool sole_site_added = false;        ///< URDF: sole site computed from the foot geometry
  std::array<double, 3> sole_pos_m{};  ///< sole centre in the foot body frame
  std::string reason;
};

/// A guessed hand: its body and palm site (empty palm site: a TODO).
struct DraftHand {
  std::string side;
  std::string body;
  std::string palm_site;
};

/// A guessed joint group with its component and starting gains.
struct DraftGroup {
  std::string name;  ///< one of model::KnownGroupNames()
  std::vector<std::string> joints;
  std::string component;  ///< integrated joint id
  /// Peak torque the group's joints need: the actuators' limit, else a gravity estimate.
  double needed_torque_Nm = 0;
  /// True when `component`'s peak torque reaches needed_torque_Nm; false when no datasheet in
  /// the library does (the strongest is drafted and a TODO says so).
  bool component_meets_need = false;
  double kp_Nm_per_rad = 0;
  double kd_Nms_per_rad = 0;
  std::string reason;
};

/// Everything `robot init` guessed about one model.
struct RobotDraft {
  std::string name;
  std::filesystem::path model;  ///< absolute path of the MJCF or URDF
  bool urdf = false;
  std::string base_body;
  std::string base_reason;
  DraftImu imu;
  std::array<DraftFoot, 2> feet;  ///< [0] left, [1] right
  std::vector<DraftHand> hands;
  std::string head_camera;
  std::vector<std::string> cameras;
  std::vector<DraftGroup> groups;  ///< in model::KnownGroupNames() order
  std::vector<std::string> passive_joints;
  std::vector<std::string> touch_sensors;
  std::vector<std::pair<std::string, double>> nominal_posture_rad;  ///< non-zero entries
  std::string posture_reason;
  /// True when the model has no keyframe and the posture was solved: knees bent, soles as flat
  /// as in the zero posture, the robot's CoM over the middle of the two soles.
  bool posture_solved = false;
  std::vector<std::string> todos;  ///< what the draft could not decide
  std::vector<std::string> notes;  ///< what the draft ignored and why (e.g. bodies outside it)
};

/// Inspects `model` (an MJCF .xml or a URDF .urdf) and guesses its robot.yaml. The robot is the
/// subtree of the free body with the most joints; bodies and joints outside it are ignored with
/// a note. Raises InputError naming the model for one Tianmu cannot use: not a model file, no
/// floating base (MJCF), no feet, or inconsistent sensors (an IMU site with a gyro but no
/// accelerometer or the reverse; its framequat is optional), a foot force sensor without its torque
/// sensor, F/T on one foot only).
RobotDraft InspectModel(const std::filesystem::path& model, const std::string& name,
                        const actuators::ComponentLibrary& components);

/// The draft as robot.yaml text, with `model:` relative to `yaml_dir`; each guess has a comment
/// giving its reason and each open point a `# TODO:` comment.
std::string DraftYaml(const RobotDraft& draft, const std::filesystem::path& yaml_dir);

}  // namespace tianmu::bringup
