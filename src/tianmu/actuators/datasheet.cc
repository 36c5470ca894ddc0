#include "tianmu/actuators/datasheet.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::actuators {
namespace {

// A part an integrated joint names, remembered until every file of the directory is read so
// that parts may live in any file, in any order.
struct PartRef {
  std::string id;
  int line = 0;
};

struct PendingJoint {
  IntegratedJointSheet sheet;  // id and source filled; parts resolved later
  std::string file;
  PartRef motor, reducer, encoder, driver;
};

// "a motor", "an encoder": kinds in messages.
std::string WithArticle(const std::string& kind) {
  const bool vowel = !kind.empty() && std::string("aeiou").find(kind[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + kind;
}

std::string FormatNumber(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string ParseId(const ConfigNode& node) {
  std::string id = node.AsString();
  const bool ok = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
  if (!ok) {
    node.Fail("an id made of a-z, 0-9, '_', '.', '-'");
  }
  return id;
}

// Which kind of component, if any, already uses `id`.
const char* KindOf(const ComponentLibrary& lib, const std::string& id) {
  if (lib.motors.count(id)) {
    return "motor";
  }
  if (lib.reducers.count(id)) {
    return "reducer";
  }
  if (lib.encoders.count(id)) {
    return "encoder";
  }
  if (lib.drivers.count(id)) {
    return "driver";
  }
  if (lib.joints.count(id)) {
    return "integrated_joint";
  }
  if (lib.imus.count(id)) {
    return "imu";
  }
  return nullptr;
}

// Raises for an id that is already taken; an integrated joint may replace one of the same id
// when `allow_joint_replacement` (single-file loads for component swaps).
void CheckUnique(const ComponentLibrary& lib, const ConfigNode& id_node, const std::string& id,
                 bool is_joint, bool allow_joint_replacement) {
  const char* existing = KindOf(lib, id);
  if (existing == nullptr) {
    return;
  }
  if (is_joint && allow_joint_replacement && lib.joints.count(id)) {
    return;
  }
  std::string other = "another file";
  if (auto it = lib.files.find(id); it != lib.files.end()) {
    other = it->second.string();
  }
  throw InputError(id_node.file(), id_node.line(), id_node.path(),
                   "duplicate id '" + id + "' (also defined as " + WithArticle(existing) + " in " +
                       other + "; ids must be unique across all kinds)");
}

double Positive(const ConfigNode& root, const char* key) {
  return root.Required(key).AsPositiveDouble();
}
double NonNegative(const ConfigNode& root, const char* key) {
  return root.Required(key).AsNonNegativeDouble();
}

MotorSheet ParseMotor(const ConfigNode& root) {
  MotorSheet m;
  m.torque_constant_Nm_per_A = Positive(root, "torque_constant_Nm_per_A");
  m.peak_torque_Nm = Positive(root, "peak_torque_Nm");
  const ConfigNode continuous = root.Required("continuous_torque_Nm");
  m.continuous_torque_Nm = continuous.AsPositiveDouble();
  if (m.continuous_torque_Nm > m.peak_torque_Nm) {
    continuous.Fail("a number <= peak_torque_Nm (" + FormatNumber(m.peak_torque_Nm) + ")");
  }
  m.no_load_speed_radps = Positive(root, "no_load_speed_radps");
  m.winding_resistance_ohm = Positive(root, "winding_resistance_ohm");
  m.thermal_resistance_K_per_W = Positive(root, "thermal_resistance_K_per_W");
  m.thermal_time_constant_s = Positive(root, "thermal_time_constant_s");
  m.max_winding_temperature_C = root.Required("max_winding_temperature_C").AsDoubleInRange(40, 250);
  const ConfigNode start = root.Required("derating_start_C");
  m.derating_start_C = start.AsDoubleInRange(0, 250);
  if (m.derating_start_C >= m.max_winding_temperature_C) {
    start.Fail("a number < max_winding_temperature_C (" +
               FormatNumber(m.max_winding_temperature_C) + ")");
  }
  m.rotor_inertia_kgm2 = Positive(root, "rotor_inertia_kgm2");
  return m;
}

ReducerSheet ParseReducer(const ConfigNode& root) {
  ReducerSheet r;
  const ConfigNode type = root.Required("type");
  const std::string name = type.AsString();
  if (name == "harmonic") {
    r.type = ReducerType::kHarmonic;
  } else if (name == "planetary") {
    r.type = ReducerType::kPlanetary;
  } else if (name == "cycloidal") {
    r.type = ReducerType::kCycloidal;
  } else if (name == "direct") {
    r.type = ReducerType::kDirect;
  } else {
    type.Fail("one of harmonic, planetary, cycloidal, direct");
  }
  const ConfigNode ratio = root.Required("ratio");
  r.ratio = ratio.AsDoubleInRange(1, 10000);
  if (r.type == ReducerType::kDirect && r.ratio != 1) {
    ratio.Fail("1 for a direct drive");
  }
  const ConfigNode efficiency = root.Required("efficiency");
  r.efficiency = efficiency.AsDouble();
  if (!(r.efficiency > 0 && r.efficiency <= 1)) {
    efficiency.Fail("a number in (0, 1]");
  }
  r.backlash_rad = root.Required("backlash_rad").AsDoubleInRange(0, 0.1);
  r.coulomb_friction_Nm = NonNegative(root, "coulomb_friction_Nm");
  r.viscous_friction_Nms_per_rad = NonNegative(root, "viscous_friction_Nms_per_rad");
  r.inertia_kgm2 = NonNegative(root, "inertia_kgm2");
  return r;
}

EncoderSheet ParseEncoder(const ConfigNode& root) {
  EncoderSheet e;
  const ConfigNode bits = root.Required("bits");
  e.bits = bits.AsInt();
  if (e.bits < 8 || e.bits > 32) {
    bits.Fail("an integer in [8, 32]");
  }
  e.on_output = root.Required("on_output").AsBool();
  return e;
}

DriverSheet ParseDriver(const ConfigNode& root) {
  DriverSheet d;
  d.control_rate_hz = root.Required("control_rate_hz").AsDoubleInRange(100, 100000);
  d.latency_s = root.Required("latency_s").AsDoubleInRange(0, 0.1);
  d.max_current_A = NonNegative(root, "max_current_A");
  d.bus_voltage_V = root.Required("bus_voltage_V").AsDoubleInRange(1, 1000);
  return d;
}

PartRef ParsePartRef(const ConfigNode& root, const char* key) {
  const ConfigNode node = root.Required(key);
  return {ParseId(node), node.line()};
}

// Reads one file into `lib` (parts) or `pending` (integrated joints, resolved later).
void ParseFile(const std::filesystem::path& file, bool allow_joint_replacement,
               ComponentLibrary* lib, std::vector<PendingJoint>* pending) {
  const ConfigNode root = ConfigNode::LoadFile(file);
  const ConfigNode kind_node = root.Required("kind");
  const std::string kind = kind_node.AsString();
  const std::vector<std::string> common = {"kind", "id", "source"};
  auto allowed = [&common](const std::vector<std::string>& fields) {
    std::vector<std::string> all = common;
    all.insert(all.end(), fields.begin(), fields.end());
    return all;
  };
  if (kind == "motor") {
    root.RejectUnknownKeys(
        allowed({"torque_constant_Nm_per_A", "peak_torque_Nm", "continuous_torque_Nm",
                 "no_load_speed_radps", "winding_resistance_ohm", "thermal_resistance_K_per_W",
                 "thermal_time_constant_s", "max_winding_temperature_C", "derating_start_C",
                 "rotor_inertia_kgm2"}));
  } else if (kind == "reducer") {
    root.RejectUnknownKeys(
        allowed({"type", "ratio", "efficiency", "backlash_rad", "coulomb_friction_Nm",
                 "viscous_friction_Nms_per_rad", "inertia_kgm2"}));
  } else if (kind == "encoder") {
    root.RejectUnknownKeys(allowed({"bits", "on_output"}));
  } else if (kind == "driver") {
    root.RejectUnknownKeys(
        allowed({"control_rate_hz", "latency_s", "max_current_A", "bus_voltage_V"}));
  } else if (kind == "integrated_joint") {
    root.RejectUnknownKeys(
        allowed({"motor", "reducer", "encoder", "driver", "brake_holding_torque_Nm"}));
  } else if (kind == "imu") {
    root.RejectUnknownKeys(allowed(ImuSheetKeys()));
  } else {
    kind_node.Fail("one of motor, reducer, encoder, driver, integrated_joint, imu");
  }

  const ConfigNode id_node = root.Required("id");
  const std::string id = ParseId(id_node);
  const bool is_joint = kind == "integrated_joint";
  CheckUnique(*lib, id_node, id, is_joint, allow_joint_replacement);
  for (const PendingJoint& p : *pending) {  // joints of this load are not in `lib` yet
    if (p.sheet.id == id) {
      throw InputError(id_node.file(), id_node.line(), id_node.path(),
                       "duplicate id '" + id + "' (also defined as an integrated_joint in " +
                           p.file + "; ids must be unique across all kinds)");
    }
  }
  const std::string source = root.Required("source").AsString();

  if (kind == "motor") {
    MotorSheet m = ParseMotor(root);
    m.id = id;
    m.source = source;
    lib->motors[id] = std::move(m);
  } else if (kind == "reducer") {
    ReducerSheet r = ParseReducer(root);
    r.id = id;
    r.source = source;
    lib->reducers[id] = std::move(r);
  } else if (kind == "encoder") {
    EncoderSheet e = ParseEncoder(root);
    e.id = id;
    e.source = source;
    lib->encoders[id] = std::move(e);
  } else if (kind == "driver") {
    DriverSheet d = ParseDriver(root);
    d.id = id;
    d.source = source;
    lib->drivers[id] = std::move(d);
  } else if (kind == "imu") {
    ImuSheet imu = ParseImuSheet(root);
    imu.id = id;
    imu.source = source;
    lib->imus[id] = std::move(imu);
  } else {
    PendingJoint p;
    p.sheet.id = id;
    p.sheet.source = source;
    p.file = file.string();
    p.motor = ParsePartRef(root, "motor");
    p.reducer = ParsePartRef(root, "reducer");
    p.encoder = ParsePartRef(root, "encoder");
    p.driver = ParsePartRef(root, "driver");
    if (auto brake = root.Optional("brake_holding_torque_Nm")) {
      p.sheet.brake_holding_torque_Nm = brake->AsPositiveDouble();
    }
    pending->push_back(std::move(p));
    return;  // recorded in lib->files once resolved
  }
  lib->files[id] = file;
}

// The part `ref` of kind `kind` from `parts`; raises naming the joint's file, line and field.
template <typename Sheet>
const Sheet& Resolve(const ComponentLibrary& lib, const std::map<std::string, Sheet>& parts,
                     const PendingJoint& joint, const PartRef& ref, const std::string& kind) {
  if (auto it = parts.find(ref.id); it != parts.end()) {
    return it->second;
  }
  const char* actual = KindOf(lib, ref.id);
  std::string message;
  if (actual != nullptr) {
    message = "'" + ref.id + "' is " + WithArticle(actual) + ", not " + WithArticle(kind);
  } else {
    std::string known;
    for (const auto& [id, sheet] : parts) {
      known += (known.empty() ? "" : ", ") + id;
    }
    message = "no " + kind + " with id '" + ref.id +
              "' (known: " + (known.empty() ? "none" : known) + ")";
  }
  throw InputError(joint.file, ref.line, kind, message);
}

void ResolveJoints(const std::vector<PendingJoint>& pending, ComponentLibrary* lib) {
  for (const PendingJoint& p : pending) {
    IntegratedJointSheet sheet = p.sheet;
    sheet.motor = Resolve(*lib, lib->motors, p, p.motor, "motor");
    sheet.reducer = Resolve(*lib, lib->reducers, p, p.reducer, "reducer");
    sheet.encoder = Resolve(*lib, lib->encoders, p, p.encoder, "encoder");
    sheet.driver = Resolve(*lib, lib->drivers, p, p.driver, "driver");
    lib->files[sheet.id] = p.file;
    lib->joints[sheet.id] = std::move(sheet);
  }
}

bool IsDatasheetFile(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

const char* ReducerTypeName(ReducerType type) {
  switch (type) {
    case ReducerType::kHarmonic:
      return "harmonic";
    case ReducerType::kPlanetary:
      return "planetary";
    case ReducerType::kCycloidal:
      return "cycloidal";
    case ReducerType::kDirect:
      return "direct";
  }
  return "unknown";
}

double IntegratedJointSheet::MotorPeakTorqueNm() const {
  if (driver.max_current_A > 0) {
    return std::min(motor.peak_torque_Nm, motor.torque_constant_Nm_per_A * driver.max_current_A);
  }
  return motor.peak_torque_Nm;
}

double IntegratedJointSheet::PeakTorqueNm() const {
  return MotorPeakTorqueNm() * reducer.ratio * reducer.efficiency;
}

double IntegratedJointSheet::ContinuousTorqueNm() const {
  return std::min(motor.continuous_torque_Nm, MotorPeakTorqueNm()) * reducer.ratio *
         reducer.efficiency;
}

double IntegratedJointSheet::NoLoadSpeedRadps() const {
  return motor.no_load_speed_radps / reducer.ratio;
}

double IntegratedJointSheet::ReflectedInertiaKgm2() const {
  return (motor.rotor_inertia_kgm2 + reducer.inertia_kgm2) * reducer.ratio * reducer.ratio;
}

double IntegratedJointSheet::ShortCircuitDampingNmsPerRad() const {
  if (!(motor.winding_resistance_ohm > 0)) return 0;
  const double motor_side = motor.torque_constant_Nm_per_A * motor.torque_constant_Nm_per_A /
                            motor.winding_resistance_ohm;
  return motor_side * reducer.ratio * reducer.ratio * reducer.efficiency;
}

double IntegratedJointSheet::EncoderResolutionRad() const {
  const double per_turn = std::ldexp(2 * std::numbers::pi, -encoder.bits);
  return encoder.on_output ? per_turn : per_turn / reducer.ratio;
}

const IntegratedJointSheet& ComponentLibrary::Joint(const std::string& id) const {
  if (auto it = joints.find(id); it != joints.end()) {
    return it->second;
  }
  std::string known;
  for (const auto& [name, sheet] : joints) {
    known += (known.empty() ? "" : ", ") + name;
  }
  const char* kind = KindOf(*this, id);
  if (kind != nullptr) {
    throw InputError("component '" + id + "' is " + WithArticle(kind) +
                     ", not an integrated joint (known integrated joints: " + known + ")");
  }
  throw InputError("unknown integrated joint '" + id +
                   "' (known: " + (known.empty() ? "none" : known) + ")");
}

ComponentLibrary LoadComponentLibrary(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw InputError(dir.string(), 0, "",
                     "components directory not found (expected a directory of datasheets)");
  }
  std::vector<std::filesystem::path> files;
  // Directory symlinks are not followed: a cycle would never end.
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && IsDatasheetFile(it->path())) {
      files.push_back(it->path());
    }
  }
  if (ec) {
    throw InputError(dir.string(), 0, "", "cannot read directory: " + ec.message());
  }
  if (files.empty()) {
    throw InputError(dir.string(), 0, "", "no datasheets found (expected *.yaml files)");
  }
  std::sort(files.begin(), files.end());

  ComponentLibrary lib;
  std::vector<PendingJoint> pending;
  for (const auto& file : files) {
    ParseFile(file, /*allow_joint_replacement=*/false, &lib, &pending);
  }
  ResolveJoints(pending, &lib);
  return lib;
}

void LoadComponentFile(const std::filesystem::path& file, ComponentLibrary* library) {
  // Work on a copy so that a bad file leaves the library untouched; libraries are small.
  ComponentLibrary lib = *library;
  std::vector<PendingJoint> pending;
  ParseFile(file, /*allow_joint_replacement=*/true, &lib, &pending);
  ResolveJoints(pending, &lib);
  *library = std::move(lib);
}

}  // namespace tianmu::actuators
