#include "tianmu/brain/scene_objects_file.h"

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::brain {

SceneDescription ParseSceneObjects(const std::string& json_text, const std::string& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file, 0, "JSON", std::string("valid JSON (") + e.what() + ")");
  }
  if (!j.is_object()) throw InputError(file, 0, "", "a JSON object with \"objects\"");
  SceneDescription scene;
  if (j.contains("start")) {
    if (!j["start"].is_string()) throw InputError(file, 0, "start", "a place name (text)");
    scene.start_place = j["start"].get<std::string>();
  }
  if (!j.contains("objects") || !j["objects"].is_array()) {
    throw InputError(file, 0, "objects", "a list of objects");
  }
  std::map<std::string, const SceneObject*> by_name;
  const nlohmann::json& list = j["objects"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& o = list[i];
    const std::string at = "objects[" + std::to_string(i) + "]";
    if (!o.is_object()) throw InputError(file, 0, at, "an object");
    auto text = [&](const char* key, bool required) -> std::string {
      if (!o.contains(key)) {
        if (required) throw InputError(file, 0, at + "." + key, "text (required)");
        return "";
      }
      if (!o[key].is_string()) throw InputError(file, 0, at + "." + key, "text");
      return o[key].get<std::string>();
    };
    SceneObject object;
    object.name = text("name", true);
    object.category = text("category", true);
    object.colour = text("colour", false);
    object.place = text("place", false);
    if (object.name.empty() || object.name.find_first_of(" (),;") != std::string::npos) {
      throw InputError(file, 0, at + ".name", "a name without spaces, commas or brackets");
    }
    if (o.contains("is_place")) {
      if (!o["is_place"].is_boolean()) throw InputError(file, 0, at + ".is_place", "true or false");
      object.is_place = o["is_place"].get<bool>();
    }
    const nlohmann::json& p = o.contains("position_m") ? o["position_m"] : nlohmann::json();
    if (!p.is_array() || p.size() != 3) {
      throw InputError(file, 0, at + ".position_m", "[x, y, z] in metres (world frame)");
    }
    for (int k = 0; k < 3; ++k) {
      if (!p[k].is_number() || !std::isfinite(p[k].get<double>())) {
        throw InputError(file, 0, at + ".position_m", "three finite numbers");
      }
      object.position_m[k] = p[k].get<double>();
    }
    scene.objects.push_back(object);
  }
  for (const SceneObject& o : scene.objects) {
    if (!by_name.emplace(o.name, &o).second) {
      throw InputError(file, 0, "objects", "unique names ('" + o.name + "' appears twice)");
    }
  }
  for (std::size_t i = 0; i < scene.objects.size(); ++i) {
    const SceneObject& o = scene.objects[i];
    if (o.place.empty()) continue;
    const auto place = by_name.find(o.place);
    if (place == by_name.end() || !place->second->is_place) {
      throw InputError(file, 0, "objects[" + std::to_string(i) + "].place",
                       "the name of an object with \"is_place\": true (got '" + o.place + "')");
    }
  }
  if (!scene.start_place.empty()) {
    const auto start = by_name.find(scene.start_place);
    if (start == by_name.end() || !start->second->is_place) {
      throw InputError(file, 0, "start", "the name of a place (got '" + scene.start_place + "')");
    }
  }
  return scene;
}

SceneDescription LoadSceneObjects(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "a readable JSON file of scene objects");
  std::stringstream text;
  text << in.rdbuf();
  return ParseSceneObjects(text.str(), path.string());
}

}  // namespace tianmu::brain
