#include "tianmu/sim/scene.h"

#include <tinyxml2.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utility>

#include "tianmu/core/assets.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

namespace tianmu::sim {
namespace fs = std::filesystem;
namespace {

tinyxml2::XMLElement* ChildOrNew(tinyxml2::XMLElement* parent, const char* name) {
  tinyxml2::XMLElement* child = parent->FirstChildElement(name);
  if (child == nullptr) child = parent->InsertNewChildElement(name);
  return child;
}

// Rewrites compiler/@meshdir and @texturedir (or sets them) so that relative asset files of the
// robot still resolve when the merged file lives in `output_dir`.
void RebaseAssetDirs(tinyxml2::XMLElement* root, const fs::path& robot_dir,
                     const fs::path& output_dir) {
  tinyxml2::XMLElement* compiler = ChildOrNew(root, "compiler");
  for (const char* attr : {"meshdir", "texturedir"}) {
    const char* current = compiler->Attribute(attr);
    fs::path target = robot_dir;
    if (current != nullptr)
      target = fs::path(current).is_absolute() ? fs::path(current) : robot_dir / current;
    std::string rel = fs::relative(target, output_dir).generic_string();
    if (rel.empty()) rel = ".";
    compiler->SetAttribute(attr, (rel + "/").c_str());
  }
}

// MuJoCo resolves <include file> against the directory of the file it compiles: rewrites every
// include of the robot document so that it still finds the robot's files from `output_dir`.
void RebaseIncludes(tinyxml2::XMLElement* element, const fs::path& robot_dir,
                    const fs::path& output_dir) {
  for (tinyxml2::XMLElement* child = element->FirstChildElement(); child != nullptr;
       child = child->NextSiblingElement()) {
    const char* file = child->Attribute("file");
    if (std::string(child->Name()) == "include" && file != nullptr) {
      const std::string rel = fs::relative(robot_dir / file, output_dir).generic_string();
      child->SetAttribute("file", rel.c_str());
    }
    RebaseIncludes(child, robot_dir, output_dir);
  }
}

}  // namespace

fs::path ResolveScene(const std::string& name_or_path) {
  if (name_or_path.empty()) throw InputError("--scene: expected a scene name or file");
  fs::path as_path(name_or_path);
  if (name_or_path.find('/') != std::string::npos || as_path.extension() == ".xml") {
    if (fs::is_regular_file(as_path)) return fs::absolute(as_path);
    throw InputError(name_or_path + ": scene file not found");
  }
  fs::path file = AssetsDir() / "scenes" / (name_or_path + ".xml");
  if (fs::is_regular_file(file)) return file;
  std::string known;
  for (const std::string& s : ListScenes()) known += (known.empty() ? "" : ", ") + s;
  throw InputError("unknown scene '" + name_or_path + "' (known: " + known + ")");
}

std::vector<std::string> ListScenes() {
  std::vector<std::string> out;
  const fs::path dir = AssetsDir() / "scenes";
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string MergeSceneIntoRobot(const fs::path& robot_mjcf, const fs::path& scene_mjcf,
                                const fs::path& output_dir,
                                const std::vector<std::string>& extra_scene_xml) {
  tinyxml2::XMLDocument robot;
  if (robot.LoadFile(robot_mjcf.c_str()) != tinyxml2::XML_SUCCESS) {
    throw InputError(robot_mjcf.string(), robot.ErrorLineNum(), "",
                     std::string("malformed XML: ") + robot.ErrorStr());
  }
  tinyxml2::XMLDocument scene;
  if (scene.LoadFile(scene_mjcf.c_str()) != tinyxml2::XML_SUCCESS) {
    throw InputError(scene_mjcf.string(), scene.ErrorLineNum(), "",
                     std::string("malformed XML: ") + scene.ErrorStr());
  }
  tinyxml2::XMLElement* robot_root = robot.RootElement();
  tinyxml2::XMLElement* scene_root = scene.RootElement();
  if (robot_root == nullptr || std::string(robot_root->Name()) != "mujoco") {
    throw InputError(robot_mjcf.string(), 1, "", "expected a <mujoco> root element");
  }
  if (scene_root == nullptr || std::string(scene_root->Name()) != "mujoco") {
    throw InputError(scene_mjcf.string(), 1, "", "expected a <mujoco> root element");
  }
  RebaseAssetDirs(robot_root, fs::absolute(robot_mjcf).parent_path(), fs::absolute(output_dir));
  RebaseIncludes(robot_root, fs::absolute(robot_mjcf).parent_path(), fs::absolute(output_dir));
  std::vector<std::unique_ptr<tinyxml2::XMLDocument>> extras;
  std::vector<std::pair<std::string, tinyxml2::XMLElement*>> sources = {
      {scene_mjcf.string(), scene_root}};
  for (std::size_t i = 0; i < extra_scene_xml.size(); ++i) {
    const std::string label = "extra scene document " + std::to_string(i + 1);
    extras.push_back(std::make_unique<tinyxml2::XMLDocument>());
    if (extras.back()->Parse(extra_scene_xml[i].c_str()) != tinyxml2::XML_SUCCESS) {
      throw InputError(label, extras.back()->ErrorLineNum(), "",
                       std::string("malformed XML: ") + extras.back()->ErrorStr());
    }
    tinyxml2::XMLElement* root = extras.back()->RootElement();
    if (root == nullptr || std::string(root->Name()) != "mujoco") {
      throw InputError(label, 1, "", "expected a <mujoco> root element");
    }
    sources.emplace_back(label, root);
  }
  for (const auto& [source_name, source_root] : sources) {
    for (tinyxml2::XMLElement* section = source_root->FirstChildElement(); section != nullptr;
         section = section->NextSiblingElement()) {
      const std::string name = section->Name();
      if (name == "visual" && robot_root->FirstChildElement("visual") != nullptr) continue;
      // <equality>: welds that attach scene objects (held boxes, fixtures) to the robot.
      if (name != "asset" && name != "worldbody" && name != "visual" && name != "equality") {
        throw InputError(
            source_name, section->GetLineNum(), name,
            "unexpected section (a scene holds only <asset>, <worldbody>, <visual>, <equality>)");
      }
      tinyxml2::XMLElement* target = ChildOrNew(robot_root, name.c_str());
      for (const tinyxml2::XMLElement* item = section->FirstChildElement(); item != nullptr;
           item = item->NextSiblingElement()) {
        target->InsertEndChild(item->DeepClone(&robot));
      }
    }
  }
  tinyxml2::XMLPrinter printer;
  robot.Print(&printer);
  return printer.CStr();
}

model::MjModelPtr LoadRobotInScene(const fs::path& robot_mjcf, const fs::path& scene_mjcf,
                                   const std::vector<std::string>& extra_scene_xml) {
  std::string pattern = (fs::temp_directory_path() / "tianmu-scene-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw RuntimeError("cannot create a temporary directory in " +
                       fs::temp_directory_path().string());
  }
  const fs::path dir(pattern);
  struct RemoveDir {
    fs::path dir;
    ~RemoveDir() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  const fs::path merged = dir / "world.xml";
  WriteFileAtomically(merged, MergeSceneIntoRobot(robot_mjcf, scene_mjcf, dir, extra_scene_xml));
  try {
    return model::LoadMjcf(merged);
  } catch (const InputError& e) {
    throw InputError(scene_mjcf.string() + " with " + robot_mjcf.string() + ": " + e.what());
  }
}

}  // namespace tianmu::sim
