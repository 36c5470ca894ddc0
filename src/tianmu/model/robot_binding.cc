#include "tianmu/model/robot_binding.h"

#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tianmu/core/error.h"

namespace tianmu::model {
namespace {

// MJCF element names of MuJoCo 2.2.2's sensor types, for error messages.
const char* SensorTypeName(int type) {
  static const char* const kNames[] = {"touch",
                                       "accelerometer",
                                       "velocimeter",
                                       "gyro",
                                       "force",
                                       "torque",
                                       "magnetometer",
                                       "rangefinder",
                                       "jointpos",
                                       "jointvel",
                                       "tendonpos",
                                       "tendonvel",
                                       "actuatorpos",
                                       "actuatorvel",
                                       "actuatorfrc",
                                       "ballquat",
                                       "ballangvel",
                                       "jointlimitpos",
                                       "jointlimitvel",
                                       "jointlimitfrc",
                                       "tendonlimitpos",
                                       "tendonlimitvel",
                                       "tendonlimitfrc",
                                       "framepos",
                                       "framequat",
                                       "framexaxis",
                                       "frameyaxis",
                                       "framezaxis",
                                       "framelinvel",
                                       "frameangvel",
                                       "framelinacc",
                                       "frameangacc",
                                       "subtreecom",
                                       "subtreelinvel",
                                       "subtreeangmom",
                                       "clock",
                                       "user"};
  if (type < 0 || type >= static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))) return "unknown";
  return kNames[type];
}

const char* JointTypeName(int type) {
  switch (type) {
    case mjJNT_FREE:
      return "free";
    case mjJNT_BALL:
      return "ball";
    case mjJNT_SLIDE:
      return "slide";
    case mjJNT_HINGE:
      return "hinge";
    default:
      return "unknown";
  }
}

// Built with += rather than "'" + std::string(...): GCC 12 raises a false -Wrestrict on the
// latter at -O3 (GCC bug 105329).
std::string Quote(const char* name) {
  if (name == nullptr) return "(unnamed)";
  std::string out = "'";
  out += name;
  out += "'";
  return out;
}

// Name lookups in one model; every failure names the robot.yaml field (and its line when the
// spec recorded it) and the model.
class Lookup {
 public:
  Lookup(const RobotSpec& spec, const mjModel* m, std::string label)
      : spec_(spec), m_(m), label_(std::move(label)) {}

  [[noreturn]] void Fail(const std::string& field, const std::string& message) const {
    auto it = spec_.yaml_lines.find(field);
    const int line = it == spec_.yaml_lines.end() ? 0 : it->second;
    throw InputError(spec_.yaml_path.string(), line, field, message);
  }

  int Id(mjtObj type, const char* kind, const std::string& field, const std::string& name) const {
    const int id = mj_name2id(m_, type, name.c_str());
    if (id < 0) Fail(field, std::string("no ") + kind + " '" + name + "' in " + label_);
    return id;
  }
  int Body(const std::string& field, const std::string& name) const {
    return Id(mjOBJ_BODY, "body", field, name);
  }
  int Site(const std::string& field, const std::string& name) const {
    return Id(mjOBJ_SITE, "site", field, name);
  }
  int Camera(const std::string& field, const std::string& name) const {
    return Id(mjOBJ_CAMERA, "camera", field, name);
  }

  /// A sensor of type `type`; its sensordata address.
  int SensorAdr(const std::string& field, const std::string& name, mjtSensor type) const {
    const int id = Id(mjOBJ_SENSOR, "sensor", field, name);
    if (m_->sensor_type[id] != type) {
      Fail(field, "sensor '" + name + "' in " + label_ + " is a <" +
                      SensorTypeName(m_->sensor_type[id]) + "> sensor (expected <" +
                      SensorTypeName(type) + ">)");
    }
    return m_->sensor_adr[id];
  }

  /// The site a sensor is attached to, or -1 when it is attached to something else.
  int SensorSite(const std::string& name) const {
    const int id = mj_name2id(m_, mjOBJ_SENSOR, name.c_str());
    return m_->sensor_objtype[id] == mjOBJ_SITE ? m_->sensor_objid[id] : -1;
  }

  void RequireSensorOnSite(const std::string& field, const std::string& sensor, int site,
                           const std::string& site_name) const {
    const int actual = SensorSite(sensor);
    if (actual != site) {
      Fail(field, "sensor '" + sensor + "' in " + label_ + " is attached to " +
                      (actual < 0 ? std::string("no site") : "site " + SiteName(actual)) +
                      " (expected site '" + site_name + "')");
    }
  }

  std::string SiteName(int id) const { return Quote(mj_id2name(m_, mjOBJ_SITE, id)); }

  /// A hinge or slide joint.
  int ScalarJoint(const std::string& field, const std::string& name) const {
    const int id = Id(mjOBJ_JOINT, "joint", field, name);
    const int type = m_->jnt_type[id];
    if (type != mjJNT_HINGE && type != mjJNT_SLIDE) {
      Fail(field, "joint '" + name + "' in " + label_ + " is a " + JointTypeName(type) +
                      " joint (expected a hinge or slide joint)");
    }
    return id;
  }

  /// Actuators whose transmission is joint `joint`.
  std::vector<int> ActuatorsOf(int joint) const {
    std::vector<int> out;
    for (int a = 0; a < m_->nu; ++a) {
      const int trn = m_->actuator_trntype[a];
      if ((trn == mjTRN_JOINT || trn == mjTRN_JOINTINPARENT) &&
          m_->actuator_trnid[static_cast<std::ptrdiff_t>(a) * 2] == joint) {
        out.push_back(a);
      }
    }
    return out;
  }

  /// The one actuator driving joint `joint`: a plain motor or a position servo.
  int Actuator(const std::string& field, const std::string& name, int joint) const {
    const std::vector<int> actuators = ActuatorsOf(joint);
    if (actuators.empty()) {
      Fail(field, "joint '" + name + "' has no actuator in " + label_ +
                      " (expected one <motor joint=\"" + name + "\"/> or <position joint=\"" +
                      name + "\" kp=\"...\"/>)");
    }
    if (actuators.size() > 1) {
      std::string list;
      for (int a : actuators) list += (list.empty() ? "" : ", ") + ActuatorName(a);
      Fail(field, "joint '" + name + "' is driven by " + std::to_string(actuators.size()) +
                      " actuators in " + label_ + " (" + list + "; expected exactly one)");
    }
    const int a = actuators[0];
    const std::string kind = UnsupportedActuatorKind(m_, a);
    if (!kind.empty()) {
      Fail(field, "actuator " + ActuatorName(a) + " driving joint '" + name + "' in " + label_ +
                      " is " + kind + " (supported: <motor> with gear and gain 1; <position kp>; " +
                      "<general> with gainprm=\"kp\" biastype=\"affine\" " +
                      "biasprm=\"0 -kp -kv\", a damped position servo)");
    }
    return a;
  }

  std::string ActuatorName(int a) const { return Quote(mj_id2name(m_, mjOBJ_ACTUATOR, a)); }

  const mjModel* m() const { return m_; }
  const std::string& label() const { return label_; }

 private:
  const RobotSpec& spec_;
  const mjModel* m_;
  std::string label_;
};

const char* Side(int i) { return i == 0 ? "left" : "right"; }

std::string Number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

std::optional<ActuatorStyle> SupportedActuatorStyle(const mjModel* m, int a) {
  const std::ptrdiff_t g = static_cast<std::ptrdiff_t>(a) * mjNGAIN;
  const std::ptrdiff_t b = static_cast<std::ptrdiff_t>(a) * mjNBIAS;
  if (m->actuator_trntype[a] != mjTRN_JOINT || m->actuator_dyntype[a] != mjDYN_NONE ||
      m->actuator_gaintype[a] != mjGAIN_FIXED) {
    return std::nullopt;
  }
  const double gain = m->actuator_gainprm[g];
  if (m->actuator_biastype[a] == mjBIAS_NONE) {
    if (gain == 1) return ActuatorStyle::kMotor;
    return std::nullopt;
  }
  // A position servo: force = kp ctrl - kp length - kv velocity, kp > 0, kv >= 0.
  if (m->actuator_biastype[a] == mjBIAS_AFFINE && gain > 0 && m->actuator_biasprm[b] == 0 &&
      m->actuator_biasprm[b + 1] == -gain && m->actuator_biasprm[b + 2] <= 0) {
    return ActuatorStyle::kPositionServo;
  }
  return std::nullopt;
}

std::string UnsupportedActuatorKind(const mjModel* m, int a) {
  if (SupportedActuatorStyle(m, a)) return "";
  const std::ptrdiff_t g = static_cast<std::ptrdiff_t>(a) * mjNGAIN;
  const std::ptrdiff_t b = static_cast<std::ptrdiff_t>(a) * mjNBIAS;
  const double gain = m->actuator_gainprm[g];
  const double* bias = m->actuator_biasprm + b;
  if (m->actuator_trntype[a] != mjTRN_JOINT) {
    return "an actuator with a joint-in-parent transmission";
  }
  if (m->actuator_dyntype[a] == mjDYN_MUSCLE || m->actuator_gaintype[a] == mjGAIN_MUSCLE) {
    return "a <muscle>";
  }
  if (m->actuator_dyntype[a] == mjDYN_INTEGRATOR) {
    return "an <intvelocity> servo or another actuator with integrator dynamics";
  }
  if (m->actuator_dyntype[a] == mjDYN_FILTER) {
    return "a <cylinder> or another actuator with filter (activation) dynamics";
  }
  if (m->actuator_dyntype[a] != mjDYN_NONE || m->actuator_gaintype[a] != mjGAIN_FIXED ||
      m->actuator_biastype[a] == mjBIAS_MUSCLE || m->actuator_biastype[a] == mjBIAS_USER) {
    return "a <general> actuator with non-fixed gain, user or muscle terms";
  }
  if (m->actuator_biastype[a] == mjBIAS_NONE) {
    return "a <general> motor with gain " + Number(gain) + " (expected gain 1)";
  }
  if (bias[0] == 0 && bias[1] == 0 && bias[2] < 0 && gain == -bias[2]) {
    return "a <velocity> servo (kv " + Number(gain) + ")";
  }
  return "a <general> actuator with gain " + Number(gain) + " and bias [" + Number(bias[0]) + ", " +
         Number(bias[1]) + ", " + Number(bias[2]) +
         "], not of the servo form gain kp, bias [0, -kp, -kv]";
}

void ApplyYamlJointRanges(const RobotSpec& spec, const RobotBinding& b, mjModel* m) {
  for (int j = 0; j < spec.num_joints(); ++j) {
    const JointSpec& joint = spec.joints[j];
    if (!joint.range_from_yaml) continue;
    const int id = b.joint_id[j];
    m->jnt_limited[id] = 1;
    m->jnt_range[static_cast<std::ptrdiff_t>(id) * 2] = joint.lower_rad;
    m->jnt_range[static_cast<std::ptrdiff_t>(id) * 2 + 1] = joint.upper_rad;
  }
}

void AddReflectedRotorInertia(const RobotSpec& spec, const RobotBinding& b, mjModel* m) {
  for (int j = 0; j < spec.num_joints(); ++j) {
    m->dof_armature[b.joint_dof_adr[j]] += spec.joints[j].sheet.ReflectedInertiaKgm2();
  }
}

RobotBinding BindRobot(const RobotSpec& spec, const mjModel* m) {
  return BindRobot(spec, m, "the model");
}

RobotBinding BindRobot(const RobotSpec& spec, const mjModel* m, const std::string& model_label) {
  const Lookup look(spec, m, model_label);
  RobotBinding b;

  b.base_body = look.Body("base_body", spec.base_body);
  const int base_joint = m->body_jntnum[b.base_body] > 0 ? m->body_jntadr[b.base_body] : -1;
  if (base_joint < 0 || m->jnt_type[base_joint] != mjJNT_FREE) {
    look.Fail("base_body", "body '" + spec.base_body + "' in " + model_label +
                               " has no free joint (expected <freejoint/> in it)");
  }
  b.base_qpos_adr = m->jnt_qposadr[base_joint];
  b.base_dof_adr = m->jnt_dofadr[base_joint];

  b.imu_site = look.Site("imu.site", spec.imu.site);
  if (spec.imu.has_orientation()) {
    b.imu_orientation_adr =
        look.SensorAdr("imu.orientation_sensor", spec.imu.orientation_sensor, mjSENS_FRAMEQUAT);
    look.RequireSensorOnSite("imu.orientation_sensor", spec.imu.orientation_sensor, b.imu_site,
                             spec.imu.site);
  }
  b.imu_gyro_adr = look.SensorAdr("imu.gyro_sensor", spec.imu.gyro_sensor, mjSENS_GYRO);
  look.RequireSensorOnSite("imu.gyro_sensor", spec.imu.gyro_sensor, b.imu_site, spec.imu.site);
  b.imu_accelerometer_adr = look.SensorAdr("imu.accelerometer_sensor",
                                           spec.imu.accelerometer_sensor, mjSENS_ACCELEROMETER);
  look.RequireSensorOnSite("imu.accelerometer_sensor", spec.imu.accelerometer_sensor, b.imu_site,
                           spec.imu.site);

  for (int i = 0; i < 2; ++i) {
    const FootSpec& foot = spec.feet[i];
    const std::string prefix = std::string("feet.") + Side(i) + ".";
    FootBinding& fb = b.feet[i];
    fb.body = look.Body(prefix + "body", foot.body);
    fb.sole_site = look.Site(prefix + "sole_site", foot.sole_site);
    if (!foot.force_sensor.empty()) {
      fb.force_adr = look.SensorAdr(prefix + "force_sensor", foot.force_sensor, mjSENS_FORCE);
    }
    if (!foot.torque_sensor.empty()) {
      fb.torque_adr = look.SensorAdr(prefix + "torque_sensor", foot.torque_sensor, mjSENS_TORQUE);
    }
    if (!foot.force_sensor.empty() && !foot.torque_sensor.empty()) {
      // Force and torque must be measured in one frame for the wrench to make sense.
      const int force_site = look.SensorSite(foot.force_sensor);
      if (look.SensorSite(foot.torque_sensor) != force_site) {
        look.Fail(prefix + "torque_sensor", "sensor '" + foot.torque_sensor + "' in " +
                                                model_label + " is not on the site of '" +
                                                foot.force_sensor + "' (expected site " +
                                                look.SiteName(force_site) + ")");
      }
    }
  }

  for (const HandSpec& hand : spec.hands) {
    const std::string prefix = "hands." + hand.side + ".";
    look.Body(prefix + "body", hand.body);
    b.hand_palm_site.push_back(look.Site(prefix + "palm_site", hand.palm_site));
  }

  if (!spec.head_camera.empty()) look.Camera("head_camera", spec.head_camera);

  const int n = spec.num_joints();
  b.joint_id.assign(n, -1);
  b.joint_qpos_adr.assign(n, -1);
  b.joint_dof_adr.assign(n, -1);
  b.actuator_id.assign(n, -1);
  for (const GroupSpec& group : spec.groups) {
    for (std::size_t k = 0; k < group.joints.size(); ++k) {
      const int j = group.joints[k];
      const JointSpec& joint = spec.joints[j];
      const std::string field = "groups." + group.name + ".joints[" + std::to_string(k) + "]";
      const int id = look.ScalarJoint(field, joint.name);
      b.joint_id[j] = id;
      b.joint_qpos_adr[j] = m->jnt_qposadr[id];
      b.joint_dof_adr[j] = m->jnt_dofadr[id];
      b.actuator_id[j] = look.Actuator(field, joint.name, id);
    }
  }
  for (int j = 0; j < n; ++j) {
    if (b.joint_id[j] < 0) {
      throw InputError(spec.yaml_path.string(), 0, "groups",
                       "joint '" + spec.joints[j].name + "' is in no group (expected every " +
                           "actuated joint in exactly one group)");
    }
  }

  for (std::size_t k = 0; k < spec.passive_joints.size(); ++k) {
    const std::string field = "passive_joints[" + std::to_string(k) + "]";
    const std::string& name = spec.passive_joints[k];
    const int id = look.Id(mjOBJ_JOINT, "joint", field, name);
    if (m->jnt_type[id] == mjJNT_FREE) {
      look.Fail(field, "joint '" + name + "' in " + model_label +
                           " is a free joint (expected a joint of the robot's limbs)");
    }
    const std::vector<int> actuators = look.ActuatorsOf(id);
    if (!actuators.empty()) {
      look.Fail(field, "passive joint '" + name + "' is driven by actuator " +
                           look.ActuatorName(actuators[0]) + " in " + model_label +
                           " (expected no actuator; list actuated joints in a group)");
    }
  }

  for (std::size_t k = 0; k < spec.touch_sensors.size(); ++k) {
    b.touch_adr.push_back(look.SensorAdr("touch_sensors[" + std::to_string(k) + "]",
                                         spec.touch_sensors[k], mjSENS_TOUCH));
  }

  for (std::size_t k = 0; k < spec.cameras.size(); ++k) {
    look.Camera("cameras[" + std::to_string(k) + "].name", spec.cameras[k].name);
  }
  return b;
}

}  // namespace tianmu::model
