// RobotSpec: everything constant about one humanoid, built once from its robot.yaml and MJCF
// model (see docs/robot-yaml.md). Controllers, the simulator and tests read robots only from here.
#pragma once

#include <array>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/actuators/datasheet.h"
#include "tianmu/model/mujoco_handles.h"

namespace tianmu::model {

/// How the MJCF actuator of a joint turns ctrl into force (docs/actuators.md).
enum class ActuatorStyle {
  kMotor,          ///< <motor>: force = ctrl
  kPositionServo,  ///< <position kp> or <general> with affine bias: force = kp (ctrl - q) - kv dq
};

/// The MJCF element name of an actuator style ("motor", "position servo").
const char* ActuatorStyleName(ActuatorStyle style);

/// One actuated joint: its MJCF joint and actuator, limits, nominal posture, gains and component.
struct JointSpec {
  std::string name;      ///< MJCF joint name
  std::string group;     ///< joint group it belongs to (e.g. "left_leg")
  std::string actuator;  ///< MJCF actuator driving it
  double gear = 1;       ///< actuator gear: joint torque = gear * actuator force
  ActuatorStyle actuator_style = ActuatorStyle::kMotor;
  /// Servo gains as in the MJCF (actuator space): force = kp (ctrl - gear q) - kv gear dq.
  double servo_kp = 0;
  double servo_kv = 0;
  bool ctrl_limited = false;  ///< the MJCF actuator has a ctrlrange (servo: position setpoints)
  double ctrl_lower = 0;
  double ctrl_upper = 0;
  bool force_limited = false;  ///< the MJCF actuator has a forcerange (actuator-space force)
  double force_lower = 0;
  double force_upper = 0;
  double torque_limit_Nm = 0;  ///< robot.yaml torque_limit_Nm (0: none); caps the datasheet
  bool limited = false;        ///< has a position range (MJCF, or robot.yaml range_rad)
  double lower_rad = 0;        ///< position range (valid when limited)
  double upper_rad = 0;
  bool range_from_yaml = false;  ///< the range comes from robot.yaml (the MJCF joint is unlimited)
  double nominal_rad = 0;        ///< nominal standing posture
  /// Rest posture after a category-1 stop (robot.yaml rest_posture); NaN when not declared.
  double rest_rad = std::numeric_limits<double>::quiet_NaN();
  double kp_Nm_per_rad = 0;               ///< default posture-hold stiffness
  double kd_Nms_per_rad = 0;              ///< default posture-hold damping
  std::string component;                  ///< integrated joint id (assets/components)
  actuators::IntegratedJointSheet sheet;  ///< resolved datasheet of `component`
  double peak_torque_Nm = 0;  ///< sheet.PeakTorqueNm(), capped by torque_limit_Nm and forcerange
  double max_velocity_radps = 0;  ///< sheet.NoLoadSpeedRadps()
};

/// A named set of joints (legs, waist, arms, head, hands), indices into RobotSpec::joints.
struct GroupSpec {
  std::string name;
  std::vector<int> joints;
};

/// A foot: its body, the sole frame (site at the sole centre, z up, x forward) and sensors.
struct FootSpec {
  std::string body;
  std::string sole_site;
  double sole_length_m = 0;   ///< along the sole's x axis
  double sole_width_m = 0;    ///< along the sole's y axis
  std::string force_sensor;   ///< MJCF `force` sensor; empty when the foot has no F/T
  std::string torque_sensor;  ///< MJCF `torque` sensor; empty when the foot has no F/T
  bool has_force_torque() const { return !force_sensor.empty(); }
};

/// A hand: the body holding it and a palm site (grasp frame).
struct HandSpec {
  std::string side;  ///< "left" or "right"
  std::string body;
  std::string palm_site;
};

/// The IMU: a site on any body of the robot, its MJCF sensors and its datasheet.
struct ImuSpec {
  std::string site;
  /// framequat (world <- IMU), simulated as the IMU's onboard AHRS; empty when the IMU reports
  /// only angular velocity and specific force.
  std::string orientation_sensor;
  std::string gyro_sensor;           ///< angular velocity, IMU frame
  std::string accelerometer_sensor;  ///< specific force, IMU frame
  std::string component;             ///< IMU datasheet id (assets/components, `kind: imu`)
  actuators::ImuSheet sheet;         ///< resolved datasheet of `component`
  /// True when the robot reports an orientation (an AHRS output).
  bool has_orientation() const { return !orientation_sensor.empty(); }
};

/// The IMU datasheet robot.yaml gets when `imu.component` is not given.
inline constexpr const char* kDefaultImuComponent = "imu-mems-ahrs";

/// A camera the robot carries: image size, rate, pinhole intrinsics and a simple sensor model
/// (docs/robot-yaml.md, docs/perception.md).
struct CameraSpec {
  std::string name;  ///< MJCF camera name
  int width_px = 0;
  int height_px = 0;
  bool depth = false;   ///< also delivers a depth image (RGB-D)
  double rate_hz = 30;  ///< frames per second the camera delivers
  double fovy_deg = 0;  ///< vertical field of view; 0: the MJCF camera's fovy
  /// Pinhole intrinsics in pixels, all set or all 0 (then derived from fovy). MuJoCo renders
  /// square pixels, so fx and fy must agree; cx, cy may be off centre.
  double fx_px = 0;
  double fy_px = 0;
  double cx_px = 0;
  double cy_px = 0;
  double depth_min_m = 0.1;      ///< nearest valid depth; closer pixels read 0 (invalid)
  double depth_max_m = 10;       ///< farthest valid depth; farther pixels read 0 (invalid)
  double rgb_noise_std = 0;      ///< Gaussian noise on each RGB channel, in 8-bit levels
  double depth_noise_std_m = 0;  ///< Gaussian noise on valid depth pixels
  double latency_s = 0;          ///< time from the scene state to the frame's delivery
  bool has_pinhole() const { return fx_px > 0; }
};

/// Standard deviations of the noise the simulator adds to each sensor (0 disables). The three
/// IMU figures are per sample and come from the IMU datasheet unless robot.yaml's sensor_noise
/// gives them.
struct SensorNoiseSpec {
  double orientation_std_rad = 0;
  double gyro_std_radps = 0;
  double accelerometer_std_mps2 = 0;
  double joint_velocity_std_radps = 0;
  double joint_torque_std_Nm = 0;
  double foot_force_std_N = 0;
  double foot_torque_std_Nm = 0;
  double touch_std_N = 0;
};

/// Energy storage, for endurance figures.
struct BatterySpec {
  double capacity_Wh = 0;
  double voltage_V = 0;
};

/// What an emergency stop does (IEC 60204-1 stop categories).
enum class StopCategory {
  kControlledThenRest = 1,  ///< category 1: stop, lower to the rest posture, then damping
  kControlledHold = 2,      ///< category 2: stop and hold the stand, power stays on
};

/// Everything constant about one robot. Built by LoadRobot(); immutable afterwards.
struct RobotSpec {
  std::string name;
  std::string description;
  std::filesystem::path yaml_path;   ///< the robot.yaml it came from
  std::filesystem::path model_path;  ///< the MJCF model (absolute)
  std::string base_body;             ///< floating base body (owns the free joint)
  ImuSpec imu;
  std::array<FootSpec, 2> feet;   ///< [0] left, [1] right
  std::vector<HandSpec> hands;    ///< zero, one or two
  std::string head_camera;        ///< camera name, empty if none
  std::vector<JointSpec> joints;  ///< actuated joints, in group order: LowState/LowCmd order
  std::vector<GroupSpec> groups;  ///< in robot.yaml order
  std::vector<std::string> passive_joints;  ///< non-actuated joints (e.g. coupled finger links)
  std::vector<std::string> touch_sensors;   ///< MJCF touch sensors, LowState::touch_N order
  std::vector<CameraSpec> cameras;
  SensorNoiseSpec noise;
  BatterySpec battery;
  double total_mass_kg = 0;           ///< sum of body masses in the model
  double standing_base_height_m = 0;  ///< base height with the nominal posture, soles on z = 0
  /// Where the nominal posture comes from, for summaries: "robot.yaml nominal_posture",
  /// "keyframe 'stand' (nominal_keyframe)", "keyframe 'home' (the MJCF's only keyframe)"...
  std::string nominal_source;
  std::string nominal_keyframe;  ///< the MJCF keyframe used for the nominal posture, or empty
  /// True when robot.yaml declares rest_posture (otherwise the controller derives one from the
  /// legs); joints it does not list rest at their nominal position.
  bool rest_posture_given = false;
  /// Default e-stop category (robot.yaml estop.category); a caller may ask for the other one.
  StopCategory estop_category = StopCategory::kControlledThenRest;
  std::shared_ptr<const mjModel> model;  ///< the robot alone, compiled (for controllers)
  /// Line in robot.yaml of each field that names an MJCF element, keyed by its dotted path as
  /// errors print it ("feet.left.sole_site", "groups.left_leg.joints[2]"); for BindRobot errors.
  std::map<std::string, int> yaml_lines;

  int num_joints() const { return static_cast<int>(joints.size()); }
  /// Index of joint `name` in `joints`, or -1.
  int JointIndex(const std::string& name) const;
  /// The group called `name`, or nullptr.
  const GroupSpec* Group(const std::string& name) const;
  /// The nominal posture as a vector in `joints` order.
  std::vector<double> NominalPosture() const;
  /// The declared rest posture in `joints` order (nominal where not declared); empty when
  /// robot.yaml declares none.
  std::vector<double> RestPosture() const;
};

/// The group names robot.yaml may use, in the order tools list them.
const std::vector<std::string>& KnownGroupNames();

/// Loads and validates `robot_yaml` and its MJCF, resolving components from `components`.
/// Raises InputError naming file, line and field on the first problem.
RobotSpec LoadRobot(const std::filesystem::path& robot_yaml,
                    const actuators::ComponentLibrary& components);

/// Loads a robot by name (assets/robots/NAME/robot.yaml) or by a path to a robot.yaml or its
/// directory, with the components in assets/components.
RobotSpec LoadRobotByNameOrPath(const std::string& name_or_path);

/// Resolves a robot name or path to its robot.yaml; raises InputError listing known robots.
std::filesystem::path ResolveRobotYaml(const std::string& name_or_path);

/// Names of the robots under assets/robots/ (directories holding a robot.yaml), sorted.
std::vector<std::string> ListRobots();

/// True if `name` is a valid robot name: [a-z0-9_-]+.
bool IsValidRobotName(const std::string& name);

}  // namespace tianmu::model
