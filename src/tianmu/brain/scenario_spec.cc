#include "tianmu/brain/scenario_spec.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "tianmu/brain/world_state.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

SceneObject ReadObject(const ConfigNode& node, double* jitter_m) {
  node.RejectUnknownKeys(
      {"name", "category", "colour", "position_m", "is_place", "place", "jitter_m"});
  SceneObject o;
  const ConfigNode name = node.Required("name");
  o.name = name.AsString();
  if (o.name.find_first_of(" (),;") != std::string::npos) {
    name.Fail("a name without spaces, commas or brackets");
  }
  o.category = node.Required("category").AsString();
  if (auto c = node.Optional("colour")) o.colour = c->AsString();
  const ConfigNode position = node.Required("position_m");
  const std::vector<double> p = position.AsDoubleList(3);
  o.position_m = Eigen::Vector3d(p[0], p[1], p[2]);
  if (auto v = node.Optional("is_place")) o.is_place = v->AsBool();
  if (auto v = node.Optional("place")) o.place = v->AsString();
  *jitter_m = -1;
  if (auto v = node.Optional("jitter_m")) *jitter_m = v->AsDoubleInRange(0, 5);
  return o;
}

}  // namespace

ScenarioSpec ParseScenario(const std::string& yaml_text, const std::filesystem::path& file) {
  const ConfigNode root = ConfigNode::LoadString(yaml_text, file.string());
  root.RejectUnknownKeys({"name", "title", "category", "scene", "start", "objects", "randomisation",
                          "task", "time_limit_s", "success", "requires"});
  ScenarioSpec s;
  s.file = file;
  const ConfigNode name = root.Required("name");
  s.name = name.AsString();
  if (s.name.find_first_of(" /\\") != std::string::npos) name.Fail("a name without spaces");
  const ConfigNode title = root.Required("title");
  title.RejectUnknownKeys({"en", "zh"});
  s.title_en = title.Required("en").AsString();
  s.title_zh = title.Required("zh").AsString();
  const ConfigNode category = root.Required("category");
  s.category = category.AsString();
  if (s.category != "manufacturing" && s.category != "services" && s.category != "hazardous") {
    category.Fail("manufacturing, services or hazardous");
  }
  if (auto scene = root.Optional("scene")) s.scene = scene->AsString();

  // Objects: the same fields as the JSON `tianmu do` reads, checked by the same parser so the
  // two formats cannot drift apart; line numbers come from the YAML.
  const ConfigNode objects = root.Required("objects");
  const std::vector<ConfigNode> items = objects.SequenceItems();
  if (items.empty()) objects.Fail("at least one object");
  std::map<std::string, const ConfigNode*> node_of;
  for (const ConfigNode& item : items) {
    double jitter_m = -1;
    s.objects.objects.push_back(ReadObject(item, &jitter_m));
    s.object_jitter_m.push_back(jitter_m);
    if (!node_of.emplace(s.objects.objects.back().name, &item).second) {
      item.Required("name").Fail("a name used once (it appears twice)");
    }
  }
  const ConfigNode start = root.Required("start");
  s.objects.start_place = start.AsString();
  auto object = [&](const std::string& n) -> const SceneObject* {
    for (const SceneObject& o : s.objects.objects) {
      if (o.name == n) return &o;
    }
    return nullptr;
  };
  for (std::size_t i = 0; i < s.objects.objects.size(); ++i) {
    const SceneObject& o = s.objects.objects[i];
    if (o.place.empty()) continue;
    const SceneObject* place = object(o.place);
    if (place == nullptr || !place->is_place) {
      items[i].Required("place").Fail("the name of an object with is_place: true");
    }
  }
  const SceneObject* start_object = object(s.objects.start_place);
  if (start_object == nullptr || !start_object->is_place) {
    start.Fail("the name of a place");
  }

  if (auto r = root.Optional("randomisation")) {
    r->RejectUnknownKeys({"object_position_m", "start_position_m", "start_yaw_deg"});
    if (auto v = r->Optional("object_position_m")) {
      s.randomisation.object_position_m = v->AsDoubleInRange(0, 5);
    }
    if (auto v = r->Optional("start_position_m")) {
      s.randomisation.start_position_m = v->AsDoubleInRange(0, 5);
    }
    if (auto v = r->Optional("start_yaw_deg")) {
      s.randomisation.start_yaw_deg = v->AsDoubleInRange(0, 180);
    }
  }
  for (double& j : s.object_jitter_m) {
    if (j < 0) j = s.randomisation.object_position_m;
  }

  const ConfigNode task = root.Required("task");
  task.RejectUnknownKeys({"instruction", "tree"});
  if (task.Has("instruction") == task.Has("tree")) {
    task.Fail("exactly one of instruction (en or zh text) or tree (a BT.CPP v4 XML file)");
  }
  if (auto v = task.Optional("instruction")) s.instruction = v->AsString();
  if (auto v = task.Optional("tree")) {
    s.tree_file = v->AsString();
    if (s.tree_file.is_relative()) s.tree_file = file.parent_path() / s.tree_file;
    if (!std::filesystem::exists(s.tree_file)) {
      v->Fail("an existing tree file (" + s.tree_file.string() + " does not exist)");
    }
  }
  s.time_limit_s = root.Required("time_limit_s").AsDoubleInRange(1, 3600);

  const ConfigNode success = root.Required("success");
  success.RejectUnknownKeys({"facts", "robot_at", "gaze", "faced"});
  auto known = [&](const ConfigNode& node, const std::string& n, bool place) {
    const SceneObject* o = object(n);
    if (o == nullptr || (place && !o->is_place)) {
      node.Fail(std::string(place ? "a place" : "an object") + " of the scene");
    }
  };
  if (auto facts = success.Optional("facts")) {
    if (s.instruction.empty()) facts->Fail("no facts with a tree task (facts need a plan)");
    for (const ConfigNode& f : facts->SequenceItems()) {
      const std::string text = f.AsString();
      try {
        Fact::Parse(text, f.path());
      } catch (const InputError&) {
        f.Fail("a fact such as inspected(gauge_1) (quote facts with a comma)");
      }
      s.success.facts.push_back(text);
    }
  }
  if (auto at = success.Optional("robot_at")) {
    at->RejectUnknownKeys({"place", "within_m"});
    const ConfigNode place = at->Required("place");
    s.success.robot_at = place.AsString();
    known(place, s.success.robot_at, true);
    s.success.robot_within_m = at->Required("within_m").AsDoubleInRange(0.01, 10);
  }
  auto object_list = [&](const ConfigNode& node, std::vector<std::string>* names, double* max_deg) {
    node.RejectUnknownKeys({"objects", "max_error_deg"});
    const ConfigNode list = node.Required("objects");
    for (const ConfigNode& item : list.SequenceItems()) {
      names->push_back(item.AsString());
      known(item, names->back(), false);
    }
    if (names->empty()) list.Fail("at least one object");
    *max_deg = node.Required("max_error_deg").AsDoubleInRange(0.1, 180);
  };
  if (auto g = success.Optional("gaze")) {
    object_list(*g, &s.success.gaze_objects, &s.success.gaze_max_error_deg);
  }
  if (auto f = success.Optional("faced")) {
    object_list(*f, &s.success.faced_objects, &s.success.faced_max_error_deg);
  }

  if (auto req = root.Optional("requires")) {
    s.requires_capabilities = capability::ReadRequirements(*req);
  }
  return s;
}

ScenarioSpec LoadScenario(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "a readable scenario YAML file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseScenario(text.str(), path);
}

std::vector<std::filesystem::path> ScenarioFiles() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = AssetsDir() / "scenarios";
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

ScenarioSpec LoadScenarioByNameOrPath(const std::string& name_or_path) {
  for (const std::filesystem::path& f : ScenarioFiles()) {
    if (f.stem() == name_or_path) return LoadScenario(f);
  }
  if (std::filesystem::is_regular_file(name_or_path)) return LoadScenario(name_or_path);
  std::string names;
  for (const std::filesystem::path& f : ScenarioFiles()) {
    names += (names.empty() ? "" : ", ") + f.stem().string();
  }
  throw InputError("unknown scenario '" + name_or_path + "' (known: " + names +
                   "; or a path to a scenario YAML)");
}

}  // namespace tianmu::brain
