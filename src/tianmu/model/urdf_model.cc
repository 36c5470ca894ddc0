#include "tianmu/model/urdf_model.h"

#include <mujoco/mujoco.h>
#include <tinyxml2.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

namespace tianmu::model {
namespace fs = std::filesystem;
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

// mj_loadXML + mj_saveLastXML share MuJoCo's global "last model" state: one at a time.
std::mutex& LastXmlMutex() {
  static std::mutex mutex;
  return mutex;
}

[[noreturn]] void FailAt(const ConfigNode& node, const std::string& message) {
  throw InputError(node.file(), node.line(), node.path(), message);
}

XMLElement* ChildOrNew(XMLElement* parent, const char* name) {
  XMLElement* child = parent->FirstChildElement(name);
  if (child == nullptr) child = parent->InsertNewChildElement(name);
  return child;
}

std::string FormatNumbers(const std::vector<double>& values) {
  std::ostringstream out;
  out << std::setprecision(12);
  for (std::size_t i = 0; i < values.size(); ++i) out << (i == 0 ? "" : " ") << values[i];
  return out.str();
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A file name in the cache directory no other process or thread uses.
fs::path ScratchPath(const std::string& stem, const std::string& extension) {
  static std::atomic<int> counter{0};
  return UrdfCacheDir() / (".scratch-" + stem + "-" + std::to_string(getpid()) + "-" +
                           std::to_string(counter++) + extension);
}

// Removes a file when it goes out of scope.
class ScratchFile {
 public:
  explicit ScratchFile(fs::path path) : path_(std::move(path)) {}
  ~ScratchFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The URDF text with the compiler options Tianmu relies on, unless the URDF sets them itself:
// fixed-joint links stay bodies (fusestatic="false") and mesh files resolve from the URDF's own
// directory wherever the copy is compiled (absolute meshdir, strippath="false").
std::string PrepareUrdf(const fs::path& urdf) {
  XMLDocument doc;
  if (doc.LoadFile(urdf.c_str()) != tinyxml2::XML_SUCCESS) {
    throw InputError(urdf.string(), doc.ErrorLineNum(), "",
                     std::string("not a readable XML file (") + doc.ErrorName() + ")");
  }
  XMLElement* robot = doc.RootElement();
  if (robot == nullptr || std::string(robot->Name()) != "robot") {
    throw InputError(urdf.string(), robot ? robot->GetLineNum() : 0, "",
                     "expected a URDF file (root element <robot>)");
  }
  // MuJoCo 2.2.2's URDF import dereferences a null pointer on a joint type it does not know
  // (found by fuzzing): refuse those here, with the line.
  for (const XMLElement* joint = robot->FirstChildElement("joint"); joint != nullptr;
       joint = joint->NextSiblingElement("joint")) {
    const char* type = joint->Attribute("type");
    const std::string text = type == nullptr ? "" : type;
    if (text != "revolute" && text != "continuous" && text != "prismatic" && text != "fixed" &&
        text != "floating" && text != "planar") {
      throw InputError(urdf.string(), joint->GetLineNum(), "joint.type",
                       "revolute, continuous, prismatic, fixed, floating or planar");
    }
  }
  XMLElement* compiler = ChildOrNew(ChildOrNew(robot, "mujoco"), "compiler");
  if (compiler->Attribute("fusestatic") == nullptr) compiler->SetAttribute("fusestatic", "false");
  if (compiler->Attribute("strippath") == nullptr) compiler->SetAttribute("strippath", "false");
  const fs::path urdf_dir = fs::absolute(urdf).parent_path();
  const char* meshdir = compiler->Attribute("meshdir");
  fs::path mesh_dir = meshdir == nullptr ? urdf_dir : urdf_dir / meshdir;
  compiler->SetAttribute("meshdir", (mesh_dir.lexically_normal().string() + "/").c_str());
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

// Compiles the prepared URDF; with `save_to`, also writes MuJoCo's MJCF rendering of it there.
MjModelPtr CompileUrdf(const fs::path& urdf, const fs::path* save_to) {
  fs::create_directories(UrdfCacheDir());
  const ScratchFile prepared(ScratchPath(urdf.stem().string(), ".urdf"));
  WriteFileAtomically(prepared.path(), PrepareUrdf(urdf));
  std::lock_guard<std::mutex> lock(LastXmlMutex());
  char error[1024] = "";
  MjModelPtr m(mj_loadXML(prepared.path().c_str(), nullptr, error, sizeof(error)));
  if (!m) {
    std::string message(error);
    std::replace(message.begin(), message.end(), '\n', ' ');
    while (!message.empty() && message.back() == ' ') message.pop_back();
    throw InputError(urdf.string(), 0, "", "MuJoCo could not load the URDF: " + message);
  }
  if (save_to != nullptr && !mj_saveLastXML(save_to->c_str(), m.get(), error, sizeof(error))) {
    throw RuntimeError(urdf.string() + ": MuJoCo could not write it as MJCF: " + error);
  }
  return m;
}

// 64-bit FNV-1a: names the generated file after its content, so concurrent loads of the same
// robot write the same bytes to the same name and different robots never collide.
std::string ContentHash(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(h));
  return out;
}

// Depth-first search for an element `tag` named `name` under `parent`.
XMLElement* FindNamed(XMLElement* parent, const char* tag, const std::string& name) {
  for (XMLElement* e = parent->FirstChildElement(); e != nullptr; e = e->NextSiblingElement()) {
    if (std::string(e->Name()) == tag && e->Attribute("name", name.c_str())) return e;
    if (XMLElement* found = FindNamed(e, tag, name)) return found;
  }
  return nullptr;
}

// Calls `visit` on every element `tag` under `parent`.
template <typename Visit>
void ForEach(XMLElement* parent, const char* tag, const Visit& visit) {
  for (XMLElement* e = parent->FirstChildElement(); e != nullptr; e = e->NextSiblingElement()) {
    if (std::string(e->Name()) == tag) visit(e);
    ForEach(e, tag, visit);
  }
}

// A scalar or a list of numbers as an MJCF attribute value.
std::string AttributeText(const ConfigNode& value) {
  if (value.IsSequence()) return FormatNumbers(value.AsDoubleList());
  return value.AsString();
}

// Copies the entries of `map` (keys limited to `allowed`) onto `element` as attributes.
void CopyAttributes(const ConfigNode& map, const std::vector<std::string>& allowed,
                    XMLElement* element) {
  map.RejectUnknownKeys(allowed);
  for (const auto& [key, value] : map.MapEntries()) {
    element->SetAttribute(key.c_str(), AttributeText(value).c_str());
  }
}

const std::vector<std::string> kOptionKeys = {
    "timestep",   "integrator", "cone",     "jacobian", "solver",
    "iterations", "tolerance",  "impratio", "gravity",  "noslip_iterations"};
const std::vector<std::string> kSizeKeys = {"njmax", "nconmax", "nstack"};
const std::vector<std::string> kGeomKeys = {"contype", "conaffinity", "condim", "friction",
                                            "solref",  "solimp",      "margin"};
const std::vector<std::string> kJointKeys = {"armature", "damping", "frictionloss"};
const std::vector<std::string> kSensorTypes = {"framequat", "gyro",   "accelerometer",
                                               "force",     "torque", "touch"};

// Edits MuJoCo's MJCF rendering of the URDF into the robot `spec` describes.
class UrdfCompleter {
 public:
  UrdfCompleter(XMLDocument* doc, const RobotSpec& spec, const std::string& urdf_label)
      : spec_(spec), label_(urdf_label) {
    root_ = doc->RootElement();
    worldbody_ = ChildOrNew(root_, "worldbody");
  }

  void Apply(const ConfigNode& section) {
    section.RejectUnknownKeys({"free_joint", "option", "size", "geoms", "joint_defaults", "joints",
                               "sites", "sensors", "actuator_suffix"});
    AddFreeJoint(section);
    if (auto option = section.Optional("option")) {
      CopyAttributes(*option, kOptionKeys, ChildOrNew(root_, "option"));
    }
    if (auto size = section.Optional("size")) {
      CopyAttributes(*size, kSizeKeys, ChildOrNew(root_, "size"));
    }
    if (auto geoms = section.Optional("geoms")) {
      ForEach(worldbody_, "geom", [&](XMLElement* g) { CopyAttributes(*geoms, kGeomKeys, g); });
    }
    if (auto defaults = section.Optional("joint_defaults")) {
      ForEach(worldbody_, "joint",
              [&](XMLElement* j) { CopyAttributes(*defaults, kJointKeys, j); });
    }
    if (auto joints = section.Optional("joints")) SetJoints(*joints);
    if (auto sites = section.Optional("sites")) AddSites(*sites);
    if (auto sensors = section.Optional("sensors")) AddSensors(*sensors);
    std::string suffix = "_motor";
    if (auto given = section.Optional("actuator_suffix")) suffix = given->AsString();
    AddMotors(suffix);
  }

 private:
  void AddFreeJoint(const ConfigNode& section) {
    std::string name = "floating_base";
    if (auto given = section.Optional("free_joint")) name = given->AsString();
    XMLElement* base = FindNamed(worldbody_, "body", spec_.base_body);
    auto line = spec_.yaml_lines.find("base_body");
    const int base_line = line == spec_.yaml_lines.end() ? 0 : line->second;
    if (base == nullptr) {
      throw InputError(spec_.yaml_path.string(), base_line, "base_body",
                       "no link '" + spec_.base_body + "' in " + label_);
    }
    if (base->Parent() != worldbody_) {
      throw InputError(spec_.yaml_path.string(), base_line, "base_body",
                       "link '" + spec_.base_body + "' is not the root of " + label_ +
                           " (expected the URDF's root link: the free joint goes there)");
    }
    XMLElement* joint = base->GetDocument()->NewElement("freejoint");
    joint->SetAttribute("name", name.c_str());
    base->InsertFirstChild(joint);
  }

  void SetJoints(const ConfigNode& joints) {
    for (const auto& [name, settings] : joints.MapEntries()) {
      XMLElement* joint = FindNamed(worldbody_, "joint", name);
      if (joint == nullptr) FailAt(settings, "no joint '" + name + "' in " + label_);
      CopyAttributes(settings, kJointKeys, joint);
    }
  }

  void AddSites(const ConfigNode& sites) {
    for (const ConfigNode& item : sites.SequenceItems()) {
      item.RejectUnknownKeys({"name", "body", "pos", "quat", "size"});
      const ConfigNode name = item.Required("name");
      const ConfigNode body_name = item.Required("body");
      XMLElement* body = FindNamed(worldbody_, "body", body_name.AsString());
      if (body == nullptr) FailAt(body_name, "no link '" + body_name.AsString() + "' in " + label_);
      if (FindNamed(worldbody_, "site", name.AsString()) != nullptr) {
        FailAt(name, "site '" + name.AsString() + "' already exists (expected a new site name)");
      }
      XMLElement* site = body->InsertNewChildElement("site");
      site->SetAttribute("name", name.AsString().c_str());
      site->SetAttribute("pos", FormatNumbers(item.Required("pos").AsDoubleList(3)).c_str());
      if (auto quat = item.Optional("quat")) {
        site->SetAttribute("quat", FormatNumbers(quat->AsDoubleList(4)).c_str());
      }
      const double size = item.Has("size") ? item.Required("size").AsPositiveDouble() : 0.01;
      site->SetAttribute("size", FormatNumbers({size}).c_str());
    }
  }

  void AddSensors(const ConfigNode& sensors) {
    XMLElement* section = ChildOrNew(root_, "sensor");
    for (const ConfigNode& item : sensors.SequenceItems()) {
      item.RejectUnknownKeys({"type", "name", "site"});
      const ConfigNode type = item.Required("type");
      if (std::find(kSensorTypes.begin(), kSensorTypes.end(), type.AsString()) ==
          kSensorTypes.end()) {
        type.Fail("one of framequat, gyro, accelerometer, force, torque, touch");
      }
      const ConfigNode site = item.Required("site");
      if (FindNamed(worldbody_, "site", site.AsString()) == nullptr) {
        FailAt(site, "no site '" + site.AsString() + "' (expected a site listed in urdf.sites)");
      }
      XMLElement* sensor = section->InsertNewChildElement(type.AsString().c_str());
      sensor->SetAttribute("name", item.Required("name").AsString().c_str());
      if (type.AsString() == "framequat") {
        sensor->SetAttribute("objtype", "site");
        sensor->SetAttribute("objname", site.AsString().c_str());
      } else {
        sensor->SetAttribute("site", site.AsString().c_str());
      }
    }
  }

  // One motor per grouped joint; the simulator clamps torque from the datasheet anyway, the
  // range only keeps standalone use of the MJCF physical.
  void AddMotors(const std::string& suffix) {
    XMLElement* section = ChildOrNew(root_, "actuator");
    for (const JointSpec& joint : spec_.joints) {
      // Unknown joints are left to BindRobot, which names the robot.yaml line.
      if (FindNamed(worldbody_, "joint", joint.name) == nullptr) continue;
      XMLElement* motor = section->InsertNewChildElement("motor");
      motor->SetAttribute("name", (joint.name + suffix).c_str());
      motor->SetAttribute("joint", joint.name.c_str());
      motor->SetAttribute("gear", "1");
      const double peak = joint.sheet.PeakTorqueNm();
      if (peak > 0) {
        motor->SetAttribute("ctrllimited", "true");
        motor->SetAttribute("ctrlrange", FormatNumbers({-peak, peak}).c_str());
      }
    }
  }

  const RobotSpec& spec_;
  std::string label_;
  XMLElement* root_ = nullptr;
  XMLElement* worldbody_ = nullptr;
};

}  // namespace

bool IsUrdfPath(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".urdf";
}

fs::path UrdfCacheDir() {
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    dir = fs::path(xdg) / "tianmu" / "urdf";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    dir = fs::path(home) / ".cache" / "tianmu" / "urdf";
  }
  // A read-only home (CI, containers) falls back to a per-user temp directory.
  std::error_code error;
  if (!dir.empty() && (fs::create_directories(dir, error) || fs::is_directory(dir)) &&
      access(dir.c_str(), W_OK) == 0) {
    return dir;
  }
  return fs::temp_directory_path() / ("tianmu-urdf-" + std::to_string(getuid()));
}

MjModelPtr LoadUrdf(const fs::path& urdf) {
  if (!fs::is_regular_file(urdf)) {
    throw InputError(urdf.string(), 0, "", "URDF file not found (expected an existing .urdf file)");
  }
  return CompileUrdf(urdf, nullptr);
}

fs::path MjcfFromUrdf(const ConfigNode& root, const RobotSpec& spec) {
  const ConfigNode model = root.Required("model");
  if (!IsUrdfPath(spec.model_path)) {
    FailAt(root.Required("urdf"),
           "only for URDF models (model is '" + model.AsString() + "'; expected no urdf: section)");
  }
  if (!root.Has("urdf")) {
    FailAt(model,
           "a URDF model needs a urdf: section in robot.yaml (expected the free joint, "
           "sites, sensors and contact settings a URDF cannot hold; docs/robot-yaml.md)");
  }
  const ConfigNode section = root.Required("urdf");
  const std::string label = spec.model_path.filename().string();

  const ScratchFile rendered(ScratchPath(spec.model_path.stem().string(), ".xml"));
  const fs::path rendered_path = rendered.path();
  try {
    CompileUrdf(spec.model_path, &rendered_path);
  } catch (const InputError& e) {
    FailAt(model, e.what());
  }
  XMLDocument doc;
  if (doc.LoadFile(rendered_path.c_str()) != tinyxml2::XML_SUCCESS) {
    throw RuntimeError(rendered_path.string() + ": cannot read MuJoCo's MJCF rendering back");
  }
  UrdfCompleter(&doc, spec, label).Apply(section);

  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  const std::string text = "<!-- Generated by Tianmu from " + spec.model_path.string() +
                           " and the urdf: section of " + spec.yaml_path.string() +
                           ". Do not edit: it is rewritten from those two files. -->\n" +
                           printer.CStr();
  const fs::path out =
      UrdfCacheDir() / (spec.model_path.stem().string() + "-" + ContentHash(text) + ".xml");
  if (!fs::is_regular_file(out) || ReadText(out) != text) WriteFileAtomically(out, text);
  try {
    LoadMjcf(out);
  } catch (const InputError& e) {
    FailAt(section, std::string("the MJCF it produces does not compile (expected settings "
                                "MuJoCo accepts): ") +
                        e.what());
  }
  return out;
}

}  // namespace tianmu::model
