#include "tianmu/model/robot_spec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tianmu/core/assets.h"
#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"
#include "tianmu/model/robot_binding.h"
#include "tianmu/model/urdf_model.h"

namespace tianmu::model {
namespace fs = std::filesystem;
namespace {

const char* const kSides[2] = {"left", "right"};

std::string JoinList(const std::vector<std::string>& items, std::size_t max_items = 1000) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max_items; ++i) {
    out += (i == 0 ? "" : ", ") + items[i];
  }
  if (items.size() > max_items) out += ", … (" + std::to_string(items.size()) + " in all)";
  return out;
}

// Offset of row `index` in a MuJoCo array of `width` values per element.
std::ptrdiff_t Row(int index, int width) { return static_cast<std::ptrdiff_t>(index) * width; }

std::string FormatNumber(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

[[noreturn]] void FailAt(const ConfigNode& node, const std::string& message) {
  throw InputError(node.file(), node.line(), node.path(), message);
}

// The line of `key` itself in a map (a block value's own line is that of its first entry).
int KeyLine(const ConfigNode& map, const std::string& key) {
  for (auto it = map.yaml().begin(); it != map.yaml().end(); ++it) {
    if (it->first.Scalar() == key) return it->first.Mark().line + 1;
  }
  return map.line();
}

// Parses robot.yaml into a RobotSpec (everything that needs no MJCF), recording the line of
// every field that names an MJCF element so later checks can point at it.
class Parser {
 public:
  Parser(RobotSpec* spec, const actuators::ComponentLibrary& components)
      : spec_(spec), components_(components) {}

  void Parse(const ConfigNode& root) {
    root.RejectUnknownKeys({"name",
                            "description",
                            "model",
                            "base_body",
                            "imu",
                            "feet",
                            "hands",
                            "head_camera",
                            "groups",
                            "joints",
                            "passive_joints",
                            "nominal_posture",
                            "nominal_keyframe",
                            "rest_posture",
                            "estop",
                            "touch_sensors",
                            "cameras",
                            "sensor_noise",
                            "battery",
                            "urdf"});
    const ConfigNode name = root.Required("name");
    spec_->name = name.AsString();
    if (!IsValidRobotName(spec_->name)) name.Fail("a robot name made of [a-z0-9_-]");
    if (auto d = root.Optional("description")) spec_->description = d->AsString();
    ParseModelPath(root.Required("model"));
    spec_->base_body = MjcfName(root.Required("base_body"));
    ParseImu(root.Required("imu"), KeyLine(root, "imu"));
    ParseFeet(root.Required("feet"));
    spec_->yaml_lines["feet"] = KeyLine(root, "feet");
    if (auto hands = root.Optional("hands")) ParseHands(*hands);
    if (auto camera = root.Optional("head_camera")) spec_->head_camera = MjcfName(*camera);
    spec_->yaml_lines["groups"] = KeyLine(root, "groups");
    ParseGroups(root.Required("groups"), spec_->yaml_lines["groups"]);
    if (auto joints = root.Optional("joints")) ParseJointOverrides(*joints);
    if (auto passive = root.Optional("passive_joints")) {
      ParsePassiveJoints(*passive);
      spec_->yaml_lines["passive_joints"] = KeyLine(root, "passive_joints");
    }
    if (auto posture = root.Optional("nominal_posture")) ParseNominalPosture(*posture);
    if (auto keyframe = root.Optional("nominal_keyframe")) {
      spec_->nominal_keyframe = MjcfName(*keyframe);
    }
    if (auto rest = root.Optional("rest_posture")) ParseRestPosture(*rest);
    if (auto estop = root.Optional("estop")) ParseEstop(*estop);
    if (auto touch = root.Optional("touch_sensors")) ParseTouchSensors(*touch);
    if (auto cameras = root.Optional("cameras")) ParseCameras(*cameras);
    if (auto noise = root.Optional("sensor_noise")) ParseSensorNoise(*noise);
    // IMU white noise from its datasheet unless sensor_noise overrides it.
    const actuators::ImuSheet& imu = spec_->imu.sheet;
    if (!noise_given_.count("gyro_std_radps")) {
      spec_->noise.gyro_std_radps = imu.GyroSampleStdRadPerS();
    }
    if (!noise_given_.count("accelerometer_std_mps2")) {
      spec_->noise.accelerometer_std_mps2 = imu.AccelSampleStdMps2();
    }
    if (!noise_given_.count("orientation_std_rad")) {
      spec_->noise.orientation_std_rad = imu.ahrs.orientation_noise_std_rad;
    }
    if (auto battery = root.Optional("battery")) ParseBattery(*battery);
  }

  /// Joints whose nominal posture robot.yaml gives (a keyframe fills only the others).
  const std::set<int>& posture_given() const { return posture_given_; }
  /// Per joint, the robot.yaml field its range_rad comes from, or empty.
  const std::vector<std::string>& range_field() const { return range_field_; }

 private:
  // A string naming an MJCF element; remembers where it was written.
  std::string MjcfName(const ConfigNode& node) {
    std::string name = node.AsString();
    Remember(node);
    return name;
  }
  void Remember(const ConfigNode& node) { spec_->yaml_lines[node.path()] = node.line(); }

  void ParseModelPath(const ConfigNode& node) {
    const fs::path relative = node.AsString();
    fs::path dir = fs::path(node.file()).parent_path();
    if (dir.empty()) dir = ".";
    spec_->model_path = fs::absolute(dir / relative).lexically_normal();
    Remember(node);
    if (!fs::is_regular_file(spec_->model_path)) {
      FailAt(node, "no file '" + spec_->model_path.string() +
                       "' (expected an MJCF or URDF file, relative to the robot.yaml directory)");
    }
  }

  void ParseImu(const ConfigNode& imu, int key_line) {
    imu.RejectUnknownKeys(
        {"site", "orientation_sensor", "gyro_sensor", "accelerometer_sensor", "component"});
    spec_->imu.site = MjcfName(imu.Required("site"));
    if (auto orientation = imu.Optional("orientation_sensor")) {
      spec_->imu.orientation_sensor = MjcfName(*orientation);
    }
    spec_->imu.gyro_sensor = MjcfName(imu.Required("gyro_sensor"));
    spec_->imu.accelerometer_sensor = MjcfName(imu.Required("accelerometer_sensor"));
    const auto component = imu.Optional("component");
    const std::string id = component ? component->AsString() : kDefaultImuComponent;
    auto it = components_.imus.find(id);
    if (it == components_.imus.end()) {
      std::vector<std::string> known;
      for (const auto& [known_id, sheet] : components_.imus) known.push_back(known_id);
      const std::string message =
          "unknown IMU '" + id + "'" +
          (component ? "" : " (the default when imu.component is not given)") +
          " (expected a `kind: imu` datasheet id; " +
          (known.empty() ? std::string("none in the component library")
                         : "known: " + JoinList(known, 5)) +
          ")";
      if (component) FailAt(*component, message);
      throw InputError(imu.file(), key_line, imu.path() + ".component", message);
    }
    spec_->imu.component = id;
    spec_->imu.sheet = it->second;
    if (component) Remember(*component);
    if (spec_->imu.has_orientation() && !spec_->imu.sheet.ahrs.present) {
      FailAt(
          *imu.Optional("orientation_sensor"),
          "IMU '" + id +
              "' has no orientation output (expected an imu datasheet with an `ahrs:` "
              "section, or no orientation_sensor: the estimator then uses gyro + accelerometer)");
    }
  }

  void ParseFeet(const ConfigNode& feet) {
    feet.RejectUnknownKeys({"left", "right"});
    for (int i = 0; i < 2; ++i) {
      const ConfigNode foot = feet.Required(kSides[i]);
      foot.RejectUnknownKeys(
          {"body", "sole_site", "sole_length_m", "sole_width_m", "force_sensor", "torque_sensor"});
      FootSpec& out = spec_->feet[i];
      out.body = MjcfName(foot.Required("body"));
      out.sole_site = MjcfName(foot.Required("sole_site"));
      out.sole_length_m = foot.Required("sole_length_m").AsPositiveDouble();
      out.sole_width_m = foot.Required("sole_width_m").AsPositiveDouble();
      auto force = foot.Optional("force_sensor");
      auto torque = foot.Optional("torque_sensor");
      if (force.has_value() != torque.has_value()) {
        const ConfigNode& given = force ? *force : *torque;
        const std::string missing = force ? "torque_sensor" : "force_sensor";
        FailAt(given, "given without " + foot.path() + "." + missing +
                          " (expected both force_sensor and torque_sensor, or neither)");
      }
      if (force) {
        out.force_sensor = MjcfName(*force);
        out.torque_sensor = MjcfName(*torque);
      }
    }
  }

  void ParseHands(const ConfigNode& hands) {
    hands.RejectUnknownKeys({"left", "right"});
    for (const char* side : kSides) {
      auto hand = hands.Optional(side);
      if (!hand) continue;
      hand->RejectUnknownKeys({"body", "palm_site"});
      HandSpec out;
      out.side = side;
      out.body = MjcfName(hand->Required("body"));
      out.palm_site = MjcfName(hand->Required("palm_site"));
      spec_->hands.push_back(out);
    }
  }

  const actuators::IntegratedJointSheet& Component(const ConfigNode& node) {
    const std::string id = node.AsString();
    auto it = components_.joints.find(id);
    if (it != components_.joints.end()) return it->second;
    std::string kind;
    if (components_.motors.count(id)) kind = "a motor";
    if (components_.reducers.count(id)) kind = "a reducer";
    if (components_.encoders.count(id)) kind = "an encoder";
    if (components_.drivers.count(id)) kind = "a driver";
    std::vector<std::string> known;
    for (const auto& [known_id, sheet] : components_.joints) known.push_back(known_id);
    const std::string known_text =
        known.empty() ? "none in the component library" : "known: " + JoinList(known, 5);
    FailAt(node, "unknown integrated joint '" + id + "'" +
                     (kind.empty() ? "" : " ('" + id + "' is " + kind + ")") +
                     " (expected an integrated_joint id; " + known_text + ")");
  }

  void ParseGroups(const ConfigNode& groups, int key_line) {
    const std::vector<std::string>& known = KnownGroupNames();
    std::map<std::string, std::string> group_of;  // joint -> group
    for (const auto& [group_name, group] : groups.MapEntries()) {
      if (std::find(known.begin(), known.end(), group_name) == known.end()) {
        throw InputError(group.file(), KeyLine(groups, group_name), group.path(),
                         "unknown group (expected one of: " + JoinList(known) + ")");
      }
      group.RejectUnknownKeys({"joints", "component", "kp", "kd", "range_rad", "torque_limit_Nm"});
      const ConfigNode joints = group.Required("joints");
      const ConfigNode component = group.Required("component");
      const actuators::IntegratedJointSheet& sheet = Component(component);
      const double kp = group.Required("kp").AsNonNegativeDouble();
      const double kd = group.Required("kd").AsNonNegativeDouble();
      const std::optional<std::array<double, 2>> range = OptionalRange(group);
      double torque_limit_Nm = 0;
      if (auto limit = group.Optional("torque_limit_Nm")) {
        torque_limit_Nm = limit->AsPositiveDouble();
      }
      GroupSpec out;
      out.name = group_name;
      const std::vector<ConfigNode> items = joints.SequenceItems();
      if (items.empty()) joints.Fail("a non-empty list of MJCF joints");
      for (const ConfigNode& item : items) {
        JointSpec joint;
        joint.name = MjcfName(item);
        if (auto it = group_of.find(joint.name); it != group_of.end()) {
          FailAt(item, "joint '" + joint.name + "' is already in group '" + it->second +
                           "' (expected each joint in one group only)");
        }
        group_of[joint.name] = group_name;
        joint.group = group_name;
        joint.component = component.AsString();
        joint.sheet = sheet;
        joint.kp_Nm_per_rad = kp;
        joint.kd_Nms_per_rad = kd;
        joint.torque_limit_Nm = torque_limit_Nm;
        out.joints.push_back(spec_->num_joints());
        spec_->joints.push_back(std::move(joint));
        range_field_.emplace_back();
        if (range) SetRange(spec_->num_joints() - 1, *range, group.path() + ".range_rad");
      }
      spec_->groups.push_back(std::move(out));
    }
    for (const char* required : {"left_leg", "right_leg"}) {
      if (spec_->Group(required) == nullptr) {
        throw InputError(groups.file(), key_line, groups.path() + "." + required,
                         "missing required group");
      }
    }
  }

  // The index of joint `name`, a key of `map` whose value is `entry`; it must be in a group.
  int GroupJoint(const ConfigNode& map, const std::string& name, const ConfigNode& entry) {
    const int j = spec_->JointIndex(name);
    if (j < 0) {
      throw InputError(entry.file(), KeyLine(map, name), entry.path(),
                       "unknown joint '" + name + "' (expected a joint listed in groups)");
    }
    return j;
  }

  void ParseJointOverrides(const ConfigNode& joints) {
    for (const auto& [name, entry] : joints.MapEntries()) {
      const int j = GroupJoint(joints, name, entry);
      JointSpec& joint = spec_->joints[j];
      entry.RejectUnknownKeys({"component", "kp", "kd", "range_rad", "torque_limit_Nm"});
      if (auto component = entry.Optional("component")) {
        joint.sheet = Component(*component);
        joint.component = component->AsString();
      }
      if (auto kp = entry.Optional("kp")) joint.kp_Nm_per_rad = kp->AsNonNegativeDouble();
      if (auto kd = entry.Optional("kd")) joint.kd_Nms_per_rad = kd->AsNonNegativeDouble();
      if (auto limit = entry.Optional("torque_limit_Nm")) {
        joint.torque_limit_Nm = limit->AsPositiveDouble();
      }
      if (auto range = OptionalRange(entry)) SetRange(j, *range, entry.path() + ".range_rad");
    }
  }

  // `range_rad: [lower, upper]` of a group or joint entry, validated (lower < upper).
  std::optional<std::array<double, 2>> OptionalRange(const ConfigNode& entry) {
    auto node = entry.Optional("range_rad");
    if (!node) return std::nullopt;
    const std::vector<double> values = node->AsDoubleList(2);
    if (!(values[0] < values[1])) node->Fail("[lower, upper] with lower < upper");
    Remember(*node);
    return std::array<double, 2>{values[0], values[1]};
  }

  void SetRange(int j, const std::array<double, 2>& range, const std::string& field) {
    JointSpec& joint = spec_->joints[j];
    joint.limited = true;
    joint.range_from_yaml = true;
    joint.lower_rad = range[0];
    joint.upper_rad = range[1];
    range_field_[j] = field;
  }

  void ParsePassiveJoints(const ConfigNode& passive) {
    for (const ConfigNode& item : passive.SequenceItems()) {
      const std::string name = MjcfName(item);
      if (const int j = spec_->JointIndex(name); j >= 0) {
        FailAt(item, "joint '" + name + "' is also in group '" + spec_->joints[j].group +
                         "' (expected actuated joints in groups, the others here)");
      }
      if (std::find(spec_->passive_joints.begin(), spec_->passive_joints.end(), name) !=
          spec_->passive_joints.end()) {
        FailAt(item, "joint '" + name + "' listed twice (expected each joint once)");
      }
      spec_->passive_joints.push_back(name);
    }
  }

  void ParseNominalPosture(const ConfigNode& posture) {
    for (const auto& [name, value] : posture.MapEntries()) {
      const int j = GroupJoint(posture, name, value);
      spec_->joints[j].nominal_rad = value.AsDouble();
      posture_given_.insert(j);
      Remember(value);
    }
  }

  void ParseRestPosture(const ConfigNode& posture) {
    for (const auto& [name, value] : posture.MapEntries()) {
      const int j = GroupJoint(posture, name, value);
      spec_->joints[j].rest_rad = value.AsDouble();
      spec_->rest_posture_given = true;
      Remember(value);
    }
  }

  void ParseEstop(const ConfigNode& estop) {
    estop.RejectUnknownKeys({"category"});
    if (auto category = estop.Optional("category")) {
      const int c = category->AsInt();
      if (c != 1 && c != 2) {
        category->Fail("1 (stop, lower to the rest posture, then damping) or 2 (stop and hold)");
      }
      spec_->estop_category =
          c == 1 ? StopCategory::kControlledThenRest : StopCategory::kControlledHold;
    }
  }

  void ParseTouchSensors(const ConfigNode& touch) {
    for (const ConfigNode& item : touch.SequenceItems()) {
      const std::string name = MjcfName(item);
      if (std::find(spec_->touch_sensors.begin(), spec_->touch_sensors.end(), name) !=
          spec_->touch_sensors.end()) {
        FailAt(item, "sensor '" + name + "' listed twice (expected each sensor once)");
      }
      spec_->touch_sensors.push_back(name);
    }
  }

  void ParseCameras(const ConfigNode& cameras) {
    for (const ConfigNode& item : cameras.SequenceItems()) {
      item.RejectUnknownKeys({"name", "width_px", "height_px", "depth", "rate_hz", "fovy_deg",
                              "fx_px", "fy_px", "cx_px", "cy_px", "depth_range_m", "rgb_noise_std",
                              "depth_noise_std_m", "latency_s"});
      CameraSpec camera;
      camera.name = MjcfName(item.Required("name"));
      const ConfigNode width = item.Required("width_px");
      camera.width_px = width.AsInt();
      if (camera.width_px <= 0) width.Fail("an integer > 0");
      const ConfigNode height = item.Required("height_px");
      camera.height_px = height.AsInt();
      if (camera.height_px <= 0) height.Fail("an integer > 0");
      if (auto depth = item.Optional("depth")) camera.depth = depth->AsBool();
      if (auto rate = item.Optional("rate_hz")) camera.rate_hz = rate->AsDoubleInRange(0.1, 1000);
      if (auto fovy = item.Optional("fovy_deg")) camera.fovy_deg = fovy->AsDoubleInRange(1, 179);
      ParseCameraPinhole(item, &camera);
      if (auto range = item.Optional("depth_range_m")) {
        const std::vector<double> r = range->AsDoubleList(2);
        if (!(r[0] > 0 && r[1] > r[0])) range->Fail("[near, far] with 0 < near < far");
        camera.depth_min_m = r[0];
        camera.depth_max_m = r[1];
      }
      if (auto v = item.Optional("rgb_noise_std")) camera.rgb_noise_std = v->AsNonNegativeDouble();
      if (auto v = item.Optional("depth_noise_std_m")) {
        camera.depth_noise_std_m = v->AsNonNegativeDouble();
      }
      if (auto v = item.Optional("latency_s")) camera.latency_s = v->AsNonNegativeDouble();
      for (const CameraSpec& other : spec_->cameras) {
        if (other.name == camera.name) {
          FailAt(item.Required("name"),
                 "camera '" + camera.name + "' listed twice (expected each camera once)");
        }
      }
      spec_->cameras.push_back(camera);
    }
  }

  // fx_px, fy_px, cx_px, cy_px: all four or none, exclusive with fovy_deg, square pixels.
  void ParseCameraPinhole(const ConfigNode& item, CameraSpec* camera) {
    const char* const keys[4] = {"fx_px", "fy_px", "cx_px", "cy_px"};
    double* const targets[4] = {&camera->fx_px, &camera->fy_px, &camera->cx_px, &camera->cy_px};
    int given = 0;
    for (int k = 0; k < 4; ++k) {
      if (auto v = item.Optional(keys[k])) {
        *targets[k] = v->AsPositiveDouble();
        ++given;
      }
    }
    if (given == 0) return;
    if (given != 4) FailAt(item, "fx_px, fy_px, cx_px and cy_px go together (give all four)");
    if (item.Optional("fovy_deg")) {
      FailAt(*item.Optional("fovy_deg"), "either fovy_deg or fx_px/fy_px/cx_px/cy_px, not both");
    }
    if (std::abs(camera->fx_px - camera->fy_px) > 1e-6 * camera->fx_px) {
      FailAt(*item.Optional("fy_px"), "fy_px equal to fx_px (MuJoCo 2.2.2 renders square pixels)");
    }
    if (camera->cx_px >= camera->width_px) item.Optional("cx_px")->Fail("a number < width_px");
    if (camera->cy_px >= camera->height_px) item.Optional("cy_px")->Fail("a number < height_px");
  }

  void ParseSensorNoise(const ConfigNode& noise) {
    SensorNoiseSpec& out = spec_->noise;
    const std::vector<std::pair<const char*, double*>> fields = {
        {"orientation_std_rad", &out.orientation_std_rad},
        {"gyro_std_radps", &out.gyro_std_radps},
        {"accelerometer_std_mps2", &out.accelerometer_std_mps2},
        {"joint_velocity_std_radps", &out.joint_velocity_std_radps},
        {"joint_torque_std_Nm", &out.joint_torque_std_Nm},
        {"foot_force_std_N", &out.foot_force_std_N},
        {"foot_torque_std_Nm", &out.foot_torque_std_Nm},
        {"touch_std_N", &out.touch_std_N},
    };
    std::vector<std::string> allowed;
    for (const auto& [key, target] : fields) allowed.push_back(key);
    noise.RejectUnknownKeys(allowed);
    for (const auto& [key, target] : fields) {
      if (auto value = noise.Optional(key)) {
        *target = value->AsNonNegativeDouble();
        noise_given_.insert(key);
      }
    }
  }

  void ParseBattery(const ConfigNode& battery) {
    battery.RejectUnknownKeys({"capacity_Wh", "voltage_V"});
    spec_->battery.capacity_Wh = battery.Required("capacity_Wh").AsPositiveDouble();
    spec_->battery.voltage_V = battery.Required("voltage_V").AsPositiveDouble();
  }

  RobotSpec* spec_;
  const actuators::ComponentLibrary& components_;
  std::set<int> posture_given_;
  std::vector<std::string> range_field_;
  std::set<std::string> noise_given_;  ///< sensor_noise keys robot.yaml gives
};

// The error location of a field recorded by the parser.
[[noreturn]] void FailField(const RobotSpec& spec, const std::string& field,
                            const std::string& message) {
  auto it = spec.yaml_lines.find(field);
  throw InputError(spec.yaml_path.string(), it == spec.yaml_lines.end() ? 0 : it->second, field,
                   message);
}

// Checks that need the whole robot model rather than single names, and fills what the MJCF
// defines: limits, actuators, mass, standing height.
// The keyframe the nominal posture comes from, or -1; sets spec->nominal_source. An explicit
// nominal_keyframe must exist; without one (and without nominal_posture) the MJCF's only
// keyframe, or its one keyframe named "stand" or "home", is used.
int NominalKeyframe(RobotSpec* spec, const mjModel* m, const Parser& parser,
                    const std::string& label) {
  std::vector<std::string> names;
  for (int k = 0; k < m->nkey; ++k) {
    const char* name = mj_id2name(m, mjOBJ_KEY, k);
    names.push_back(name ? name : "");
  }
  if (!spec->nominal_keyframe.empty()) {
    const int key = mj_name2id(m, mjOBJ_KEY, spec->nominal_keyframe.c_str());
    if (key < 0) {
      std::vector<std::string> named;
      for (const std::string& name : names) {
        if (!name.empty()) named.push_back(name);
      }
      FailField(*spec, "nominal_keyframe",
                "no keyframe '" + spec->nominal_keyframe + "' in " + label + " (" +
                    (named.empty() ? std::string("it has no named keyframe")
                                   : "its keyframes: " + JoinList(named)) +
                    ")");
    }
    spec->nominal_source = "keyframe '" + spec->nominal_keyframe + "' (nominal_keyframe)";
    if (!parser.posture_given().empty()) {
      spec->nominal_source +=
          ", " + std::to_string(parser.posture_given().size()) + " joints from nominal_posture";
    }
    return key;
  }
  if (!parser.posture_given().empty()) {
    spec->nominal_source = "robot.yaml nominal_posture (other joints at 0)";
    return -1;
  }
  int key = -1;
  std::string why;
  if (m->nkey == 1) {
    key = 0;
    why = "the only keyframe in " + label;
  } else {
    std::vector<int> standing;
    for (int k = 0; k < m->nkey; ++k) {
      if (names[k] == "stand" || names[k] == "home") standing.push_back(k);
    }
    if (standing.size() == 1) {
      key = standing[0];
      why = "the keyframe named '" + names[key] + "' in " + label;
    }
  }
  if (key < 0) {
    spec->nominal_source = "all joints at 0 (no nominal_posture, no keyframe chosen)";
    return -1;
  }
  spec->nominal_keyframe = names[key];
  spec->nominal_source = "keyframe " +
                         (names[key].empty() ? "#" + std::to_string(key) : "'" + names[key] + "'") +
                         " (" + why + ")";
  return key;
}

void CompleteFromModel(RobotSpec* spec, const mjModel* m, const RobotBinding& b,
                       const std::string& label, const Parser& parser) {
  std::set<int> accounted(b.joint_id.begin(), b.joint_id.end());
  for (const std::string& name : spec->passive_joints) {
    accounted.insert(mj_name2id(m, mjOBJ_JOINT, name.c_str()));
  }
  std::vector<std::string> unaccounted;
  for (int j = 0; j < m->njnt; ++j) {
    if (m->jnt_type[j] == mjJNT_FREE || accounted.count(j)) continue;
    const char* name = mj_id2name(m, mjOBJ_JOINT, j);
    unaccounted.push_back(name ? name : "#" + std::to_string(j) + " (unnamed)");
  }
  if (!unaccounted.empty()) {
    const bool has_passive = spec->yaml_lines.count("passive_joints") != 0;
    FailField(*spec, has_passive ? "passive_joints" : "groups",
              "joints of " + label + " in no group and not in passive_joints: " +
                  JoinList(unaccounted, 8) + " (expected every non-free joint listed once)");
  }

  const int key = NominalKeyframe(spec, m, parser, label);
  for (int j = 0; j < spec->num_joints(); ++j) {
    JointSpec& joint = spec->joints[j];
    const int id = b.joint_id[j];
    const int a = b.actuator_id[j];
    const char* actuator = mj_id2name(m, mjOBJ_ACTUATOR, a);
    joint.actuator = actuator ? actuator : "";
    joint.gear = m->actuator_gear[Row(a, 6)];
    joint.actuator_style = SupportedActuatorStyle(m, a).value_or(ActuatorStyle::kMotor);
    if (joint.actuator_style == ActuatorStyle::kPositionServo) {
      joint.servo_kp = m->actuator_gainprm[Row(a, mjNGAIN)];
      joint.servo_kv = -m->actuator_biasprm[Row(a, mjNBIAS) + 2];
    }
    joint.ctrl_limited = m->actuator_ctrllimited[a] != 0;
    joint.ctrl_lower = joint.ctrl_limited ? m->actuator_ctrlrange[Row(a, 2)] : 0;
    joint.ctrl_upper = joint.ctrl_limited ? m->actuator_ctrlrange[Row(a, 2) + 1] : 0;
    joint.force_limited = m->actuator_forcelimited[a] != 0;
    joint.force_lower = joint.force_limited ? m->actuator_forcerange[Row(a, 2)] : 0;
    joint.force_upper = joint.force_limited ? m->actuator_forcerange[Row(a, 2) + 1] : 0;

    const bool mjcf_limited = m->jnt_limited[id] != 0;
    const std::string& range_field = parser.range_field()[j];
    if (mjcf_limited && joint.range_from_yaml) {
      const std::string mjcf_range = "[" + FormatNumber(m->jnt_range[Row(id, 2)]) + ", " +
                                     FormatNumber(m->jnt_range[Row(id, 2) + 1]) + "] rad";
      // A joint entry may not contradict the MJCF; a group default only fills unlimited joints.
      if (range_field.rfind("joints.", 0) == 0) {
        FailField(*spec, range_field,
                  "joint '" + joint.name + "' already has the range " + mjcf_range + " in " +
                      label + " (expected range_rad only for joints the MJCF leaves unlimited)");
      }
      joint.range_from_yaml = false;
    }
    if (!joint.range_from_yaml) {
      joint.limited = mjcf_limited;
      joint.lower_rad = joint.limited ? m->jnt_range[Row(id, 2)] : 0;
      joint.upper_rad = joint.limited ? m->jnt_range[Row(id, 2) + 1] : 0;
    }

    joint.peak_torque_Nm = joint.sheet.PeakTorqueNm();
    if (joint.torque_limit_Nm > 0) {
      joint.peak_torque_Nm = std::min(joint.peak_torque_Nm, joint.torque_limit_Nm);
    }
    if (joint.force_limited) {
      const double mjcf_limit_Nm =
          std::abs(joint.gear) * std::min(std::abs(joint.force_lower), std::abs(joint.force_upper));
      joint.peak_torque_Nm = std::min(joint.peak_torque_Nm, mjcf_limit_Nm);
    }
    joint.max_velocity_radps = joint.sheet.NoLoadSpeedRadps();
    const bool from_keyframe = key >= 0 && parser.posture_given().count(j) == 0;
    if (from_keyframe) joint.nominal_rad = m->key_qpos[Row(key, m->nq) + m->jnt_qposadr[id]];
    if (joint.limited &&
        (joint.nominal_rad < joint.lower_rad || joint.nominal_rad > joint.upper_rad)) {
      if (from_keyframe) {
        FailField(*spec, spec->yaml_lines.count("nominal_keyframe") ? "nominal_keyframe" : "model",
                  "the nominal posture from " + spec->nominal_source + " puts joint '" +
                      joint.name + "' at " + FormatNumber(joint.nominal_rad) +
                      ", outside its range [" + FormatNumber(joint.lower_rad) + ", " +
                      FormatNumber(joint.upper_rad) +
                      "] rad (expected a standing posture inside the joint ranges)");
      }
      FailField(*spec, "nominal_posture." + joint.name,
                "expected a position inside the range of joint '" + joint.name + "' [" +
                    FormatNumber(joint.lower_rad) + ", " + FormatNumber(joint.upper_rad) +
                    "] rad in " + label + ", got " + FormatNumber(joint.nominal_rad));
    }
  }

  for (const JointSpec& joint : spec->joints) {
    if (std::isnan(joint.rest_rad) || !joint.limited) continue;
    if (joint.rest_rad < joint.lower_rad || joint.rest_rad > joint.upper_rad) {
      FailField(*spec, "rest_posture." + joint.name,
                "expected a position inside the range of joint '" + joint.name + "' [" +
                    FormatNumber(joint.lower_rad) + ", " + FormatNumber(joint.upper_rad) +
                    "] rad in " + label + ", got " + FormatNumber(joint.rest_rad));
    }
  }

  spec->total_mass_kg = 0;
  for (int i = 0; i < m->nbody; ++i) spec->total_mass_kg += m->body_mass[i];

  // Standing height: base upright at the origin in the nominal posture; the soles' mean height
  // below it is how high the base stands when the soles rest on z = 0.
  MjDataPtr d = MakeData(m);
  double* qpos = d->qpos + b.base_qpos_adr;
  qpos[0] = qpos[1] = qpos[2] = 0;
  qpos[3] = 1;
  qpos[4] = qpos[5] = qpos[6] = 0;
  for (int j = 0; j < spec->num_joints(); ++j) {
    d->qpos[b.joint_qpos_adr[j]] = spec->joints[j].nominal_rad;
  }
  mj_kinematics(m, d.get());
  const double sole_z = 0.5 * (d->site_xpos[Row(b.feet[0].sole_site, 3) + 2] +
                               d->site_xpos[Row(b.feet[1].sole_site, 3) + 2]);
  spec->standing_base_height_m = -sole_z;
  if (!(spec->standing_base_height_m > 0)) {
    FailField(*spec, "feet",
              "sole sites are not below base body '" + spec->base_body +
                  "' in the nominal posture (expected the soles under the base)");
  }
}

}  // namespace

const char* ActuatorStyleName(ActuatorStyle style) {
  switch (style) {
    case ActuatorStyle::kMotor:
      return "motor";
    case ActuatorStyle::kPositionServo:
      return "position servo";
  }
  return "unknown";
}

const std::vector<std::string>& KnownGroupNames() {
  static const std::vector<std::string> kNames = {
      "left_leg", "right_leg", "waist", "left_arm", "right_arm", "head", "left_hand", "right_hand"};
  return kNames;
}

bool IsValidRobotName(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

int RobotSpec::JointIndex(const std::string& joint_name) const {
  for (int j = 0; j < num_joints(); ++j) {
    if (joints[j].name == joint_name) return j;
  }
  return -1;
}

const GroupSpec* RobotSpec::Group(const std::string& group_name) const {
  for (const GroupSpec& g : groups) {
    if (g.name == group_name) return &g;
  }
  return nullptr;
}

std::vector<double> RobotSpec::RestPosture() const {
  std::vector<double> q;
  if (!rest_posture_given) return q;
  q.reserve(joints.size());
  for (const JointSpec& j : joints)
    q.push_back(std::isnan(j.rest_rad) ? j.nominal_rad : j.rest_rad);
  return q;
}

std::vector<double> RobotSpec::NominalPosture() const {
  std::vector<double> q;
  q.reserve(joints.size());
  for (const JointSpec& j : joints) q.push_back(j.nominal_rad);
  return q;
}

RobotSpec LoadRobot(const fs::path& robot_yaml, const actuators::ComponentLibrary& components) {
  RobotSpec spec;
  spec.yaml_path = robot_yaml;
  const ConfigNode root = ConfigNode::LoadFile(robot_yaml);
  Parser parser(&spec, components);
  parser.Parse(root);

  const std::string label = spec.model_path.filename().string();
  // A URDF becomes an ordinary MJCF here (urdf_model.h); everything after sees only that MJCF.
  if (IsUrdfPath(spec.model_path) || root.Has("urdf")) spec.model_path = MjcfFromUrdf(root, spec);
  MjModelPtr m;
  try {
    m = LoadMjcf(spec.model_path);
  } catch (const InputError& e) {
    FailField(spec, "model", e.what());
  }
  const RobotBinding binding = BindRobot(spec, m.get(), label);
  CompleteFromModel(&spec, m.get(), binding, label, parser);
  ApplyYamlJointRanges(spec, binding, m.get());
  spec.model = std::shared_ptr<const mjModel>(m.release(), MjModelDeleter());
  return spec;
}

fs::path ResolveRobotYaml(const std::string& name_or_path) {
  // A robot name wins over a same-named directory in the working directory.
  if (IsValidRobotName(name_or_path)) {
    fs::path yaml = AssetsDir() / "robots" / name_or_path / "robot.yaml";
    if (fs::is_regular_file(yaml)) return yaml;
  }
  fs::path path(name_or_path);
  if (!name_or_path.empty() && fs::is_directory(path)) {
    if (fs::is_regular_file(path / "robot.yaml")) return path / "robot.yaml";
    throw InputError(name_or_path +
                     ": no robot.yaml in this directory (expected a robot "
                     "directory, a robot.yaml or a robot name)");
  }
  if (!name_or_path.empty() && fs::is_regular_file(path)) return path;
  const std::vector<std::string> known = ListRobots();
  throw InputError("unknown robot '" + name_or_path +
                   "' (known: " + (known.empty() ? "none" : JoinList(known)) + ")");
}

RobotSpec LoadRobotByNameOrPath(const std::string& name_or_path) {
  const fs::path yaml = ResolveRobotYaml(name_or_path);
  const actuators::ComponentLibrary components =
      actuators::LoadComponentLibrary(AssetsDir() / "components");
  return LoadRobot(yaml, components);
}

std::vector<std::string> ListRobots() {
  std::vector<std::string> names;
  const fs::path dir = AssetsDir() / "robots";
  if (!fs::is_directory(dir)) return names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && fs::is_regular_file(entry.path() / "robot.yaml")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace tianmu::model
