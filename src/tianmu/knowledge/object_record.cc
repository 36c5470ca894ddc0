#include "tianmu/knowledge/object_record.h"

#include <cmath>
#include <set>
#include <utility>

#include "tianmu/core/error.h"

namespace tianmu::knowledge {

bool SetAffordance(const std::string& name, Affordances* affordances) {
  bool* flag = name == "liftable"   ? &affordances->liftable
               : name == "pushable" ? &affordances->pushable
               : name == "openable" ? &affordances->openable
               : name == "fragile"  ? &affordances->fragile
                                    : nullptr;
  if (flag != nullptr) *flag = true;
  return flag != nullptr;
}
namespace {

constexpr const char* kAffordanceNames[] = {"liftable", "pushable", "openable", "fragile"};

std::string Field(const std::string& prefix, const std::string& name) { return prefix + name; }

bool ValidIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool ValidTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 40) return false;
  for (char c : tag) {
    if (!ValidIdChar(c)) return false;
  }
  return true;
}

// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code
// points above U+10FFFF). Records end up in JSON, which holds nothing else.
bool IsValidUtf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c < 0x80) {
      length = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = byte(i + k);
      if (next < (k == 1 ? lo : 0x80) || next > (k == 1 ? hi : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

// Reads a fixed-size array of numbers from `j[key]` into `out`.
template <std::size_t N>
void ReadArray(const nlohmann::json& j, const char* key, std::array<double, N>* out,
               const std::string& file, const std::string& prefix) {
  const nlohmann::json& v = j.at(key);
  if (!v.is_array() || v.size() != N) {
    throw InputError(file, 0, Field(prefix, key), "an array of " + std::to_string(N) + " numbers");
  }
  for (std::size_t i = 0; i < N; ++i) {
    if (!v[i].is_number()) {
      throw InputError(file, 0, Field(prefix, key) + "[" + std::to_string(i) + "]", "a number");
    }
    (*out)[i] = v[i].get<double>();
  }
}

std::string ReadString(const nlohmann::json& j, const char* key, const std::string& file,
                       const std::string& prefix, bool required) {
  if (!j.contains(key) || j.at(key).is_null()) {
    if (required) throw InputError(file, 0, Field(prefix, key), "a string (required)");
    return "";
  }
  if (!j.at(key).is_string()) throw InputError(file, 0, Field(prefix, key), "a string");
  return j.at(key).get<std::string>();
}

std::vector<std::string> ReadStringList(const nlohmann::json& j, const char* key,
                                        const std::string& file, const std::string& prefix) {
  std::vector<std::string> out;
  if (!j.contains(key) || j.at(key).is_null()) return out;
  const nlohmann::json& v = j.at(key);
  if (!v.is_array()) throw InputError(file, 0, Field(prefix, key), "an array of strings");
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      throw InputError(file, 0, Field(prefix, key) + "[" + std::to_string(i) + "]", "a string");
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

}  // namespace

const char* ShapeTypeName(ShapeType type) {
  switch (type) {
    case ShapeType::kBox:
      return "box";
    case ShapeType::kCylinder:
      return "cylinder";
    case ShapeType::kSphere:
      return "sphere";
    case ShapeType::kCapsule:
      return "capsule";
    case ShapeType::kMesh:
      return "mesh";
  }
  return "box";
}

ShapeType ParseShapeType(const std::string& name, const std::string& where) {
  for (ShapeType t : {ShapeType::kBox, ShapeType::kCylinder, ShapeType::kSphere,
                      ShapeType::kCapsule, ShapeType::kMesh}) {
    if (name == ShapeTypeName(t)) return t;
  }
  throw InputError(where + ": expected one of box, cylinder, sphere, capsule, mesh (got '" + name +
                   "')");
}

double ObjectRecord::height_m() const {
  switch (shape) {
    case ShapeType::kBox:
    case ShapeType::kMesh:
      return dims_m.size() == 3 ? dims_m[2] : 0;
    case ShapeType::kCylinder:
      return dims_m.size() == 2 ? dims_m[1] : 0;
    case ShapeType::kCapsule:
      return dims_m.size() == 2 ? dims_m[1] + 2 * dims_m[0] : 0;
    case ShapeType::kSphere:
      return dims_m.size() == 1 ? 2 * dims_m[0] : 0;
  }
  return 0;
}

std::array<double, 3> UniformSolidInertia(ShapeType shape, const std::vector<double>& d, double m) {
  switch (shape) {
    case ShapeType::kBox:
    case ShapeType::kMesh: {
      if (d.size() != 3) return {};
      const double x2 = d[0] * d[0], y2 = d[1] * d[1], z2 = d[2] * d[2];
      return {m * (y2 + z2) / 12, m * (x2 + z2) / 12, m * (x2 + y2) / 12};
    }
    case ShapeType::kCylinder: {
      if (d.size() != 2) return {};
      const double r2 = d[0] * d[0], h2 = d[1] * d[1];
      const double side = m * (3 * r2 + h2) / 12;
      return {side, side, m * r2 / 2};
    }
    case ShapeType::kSphere: {
      if (d.size() != 1) return {};
      const double i = 0.4 * m * d[0] * d[0];
      return {i, i, i};
    }
    case ShapeType::kCapsule: {
      // Treated as a cylinder of the full height: within a few percent for the usual proportions.
      if (d.size() != 2) return {};
      const double r2 = d[0] * d[0], h = d[1] + 2 * d[0];
      const double side = m * (3 * r2 + h * h) / 12;
      return {side, side, m * r2 / 2};
    }
  }
  return {};
}

void ValidateObject(const ObjectRecord& o, const std::string& file, int line,
                    const std::string& prefix) {
  auto fail = [&](const std::string& field, const std::string& expected) {
    throw InputError(file, line, prefix + field, expected);
  };
  // First, so that the messages below, which quote fields, are valid UTF-8 themselves.
  const std::pair<const char*, const std::string*> texts[] = {{"id", &o.id},
                                                              {"name_en", &o.name_en},
                                                              {"name_zh", &o.name_zh},
                                                              {"category", &o.category},
                                                              {"mesh_file", &o.mesh_file},
                                                              {"material", &o.material},
                                                              {"source", &o.source}};
  for (const auto& [field, text] : texts) {
    if (!IsValidUtf8(*text)) fail(field, "valid UTF-8 text");
  }
  for (const GraspPose& g : o.grasps) {
    if (!IsValidUtf8(g.name)) fail("grasps", "valid UTF-8 text");
  }
  for (const std::string& h : o.hazards) {
    if (!IsValidUtf8(h)) fail("hazards", "valid UTF-8 text");
  }
  if (o.id.empty() || o.id.size() > 64) fail("id", "1 to 64 characters of a-z 0-9 _ -");
  for (char c : o.id) {
    if (!ValidIdChar(c)) fail("id", "only a-z 0-9 _ - (got '" + o.id + "')");
  }
  if (o.name_en.empty()) fail("name_en", "a non-empty English name");
  if (!ValidTag(o.category)) fail("category", "a lower-case word such as food, tool, container");
  std::size_t n_dims = 3;
  if (o.shape == ShapeType::kCylinder || o.shape == ShapeType::kCapsule) n_dims = 2;
  if (o.shape == ShapeType::kSphere) n_dims = 1;
  if (o.dims_m.size() != n_dims) {
    fail("dims_m", std::to_string(n_dims) + " dimensions for a " + ShapeTypeName(o.shape));
  }
  for (double d : o.dims_m) {
    if (!(d > 0) || !(d < 10)) fail("dims_m", "dimensions in (0, 10) m");
  }
  if (o.shape == ShapeType::kMesh && o.mesh_file.empty()) fail("mesh_file", "a mesh file path");
  if (o.shape != ShapeType::kMesh && !o.mesh_file.empty()) fail("mesh_file", "only for meshes");
  if (!(o.mass_kg > 0) || !(o.mass_kg < 10000)) fail("mass_kg", "a positive mass below 10 t");
  const auto& I = o.inertia_kgm2;
  for (double i : I) {
    if (!(i > 0) || !std::isfinite(i)) fail("inertia_kgm2", "three positive principal moments");
  }
  // Principal moments of a real body obey the triangle inequality (with rounding slack).
  const double slack = 1e-6 * (I[0] + I[1] + I[2]);
  if (I[0] + I[1] + slack < I[2] || I[1] + I[2] + slack < I[0] || I[0] + I[2] + slack < I[1]) {
    fail("inertia_kgm2", "moments obeying the triangle inequality (Ixx + Iyy >= Izz, ...)");
  }
  if (!(o.friction[0] > 0) || o.friction[0] > 5 || o.friction[1] < 0 || o.friction[2] < 0) {
    fail("friction", "sliding in (0, 5], torsional and rolling >= 0");
  }
  for (double c : o.rgba) {
    if (!(c >= 0 && c <= 1)) fail("rgba", "four components in [0, 1]");
  }
  std::set<std::string> grasp_names;
  for (std::size_t i = 0; i < o.grasps.size(); ++i) {
    const GraspPose& g = o.grasps[i];
    const std::string f = "grasps[" + std::to_string(i) + "]";
    if (!o.graspable) fail(f, "no grasp poses on an object that is not graspable");
    if (!ValidTag(g.name)) fail(f + ".name", "a lower-case name such as side, top, handle");
    if (!grasp_names.insert(g.name).second) fail(f + ".name", "unique grasp names");
    double n2 = 0;
    for (double q : g.orientation_wxyz) n2 += q * q;
    if (std::abs(std::sqrt(n2) - 1) > 1e-3) fail(f + ".quat_wxyz", "a unit quaternion");
    for (double p : g.position_m) {
      if (!(std::abs(p) < 5)) fail(f + ".pos_m", "a position within 5 m of the object");
    }
    if (!(g.width_m >= 0 && g.width_m < 2)) fail(f + ".width_m", "an opening in [0, 2) m");
  }
  for (const std::string& h : o.hazards) {
    if (!ValidTag(h)) fail("hazards", "lower-case tags such as sharp, heavy (got '" + h + "')");
  }
  if (o.source.empty()) fail("source", "where the figures come from");
  if (o.tag) {
    const FiducialTag& t = *o.tag;
    if (t.family != "tag36h11") fail("tag.family", "tag36h11");
    if (t.id < 0 || t.id > 586) fail("tag.id", "an id of tag36h11 (0..586)");
    static const std::set<std::string> kFaces = {"+x", "-x", "+y", "-y", "+z", "-z"};
    if (!kFaces.count(t.face)) fail("tag.face", "+x, -x, +y, -y, +z or -z");
    if (o.shape != ShapeType::kBox) fail("tag", "a box (tags sit on flat faces)");
    if (!(t.size_m > 0)) fail("tag.size_m", "a positive edge length");
    // The printed square (quiet ring included) must fit on the face.
    const int axis = t.face[1] - 'x';
    for (int k = 0; k < 3; ++k) {
      if (k != axis && o.dims_m.size() == 3 && t.printed_size_m() > o.dims_m[k] + 1e-9) {
        fail("tag.size_m", "a tag whose printed square (1.25 x size_m) fits on face " + t.face);
      }
    }
  }
}

std::array<double, 3> FiducialTag::normal() const {
  std::array<double, 3> n{};
  if (face.size() == 2 && face[1] >= 'x' && face[1] <= 'z') {
    n[face[1] - 'x'] = face[0] == '-' ? -1.0 : 1.0;
  }
  return n;
}

nlohmann::json ObjectToJson(const ObjectRecord& o) {
  nlohmann::json grasps = nlohmann::json::array();
  for (const GraspPose& g : o.grasps) {
    grasps.push_back({{"name", g.name},
                      {"pos_m", g.position_m},
                      {"quat_wxyz", g.orientation_wxyz},
                      {"width_m", g.width_m}});
  }
  nlohmann::json affordances = nlohmann::json::array();
  const bool flags[] = {o.affordances.liftable, o.affordances.pushable, o.affordances.openable,
                        o.affordances.fragile};
  for (int i = 0; i < 4; ++i) {
    if (flags[i]) affordances.push_back(kAffordanceNames[i]);
  }
  nlohmann::json j = {{"id", o.id},
                      {"name_en", o.name_en},
                      {"name_zh", o.name_zh},
                      {"category", o.category},
                      {"shape", ShapeTypeName(o.shape)},
                      {"dims_m", o.dims_m},
                      {"mass_kg", o.mass_kg},
                      {"inertia_kgm2", o.inertia_kgm2},
                      {"friction", o.friction},
                      {"rgba", o.rgba},
                      {"material", o.material},
                      {"graspable", o.graspable},
                      {"grasps", grasps},
                      {"affordances", affordances},
                      {"hazards", o.hazards},
                      {"source", o.source}};
  if (o.shape == ShapeType::kMesh) j["mesh_file"] = o.mesh_file;
  if (o.tag) {
    j["tag"] = {{"family", o.tag->family},
                {"id", o.tag->id},
                {"size_m", o.tag->size_m},
                {"face", o.tag->face}};
  }
  return j;
}

ObjectRecord ObjectFromJson(const nlohmann::json& j, const std::string& file, int index) {
  const std::string prefix = "objects[" + std::to_string(index) + "].";
  if (!j.is_object())
    throw InputError(file, 0, "objects[" + std::to_string(index) + "]", "a JSON object");
  static const std::set<std::string> kKnown = {
      "id",        "name_en", "name_zh",      "category", "shape",  "dims_m",
      "mesh_file", "mass_kg", "inertia_kgm2", "friction", "rgba",   "material",
      "graspable", "grasps",  "affordances",  "hazards",  "source", "tag"};
  for (const auto& [key, value] : j.items()) {
    if (kKnown.count(key) == 0) throw InputError(file, 0, prefix + key, "a known field");
  }
  ObjectRecord o;
  o.id = ReadString(j, "id", file, prefix, true);
  o.name_en = ReadString(j, "name_en", file, prefix, true);
  o.name_zh = ReadString(j, "name_zh", file, prefix, false);
  o.category = ReadString(j, "category", file, prefix, true);
  o.shape =
      ParseShapeType(ReadString(j, "shape", file, prefix, true), file + ": " + prefix + "shape");
  if (!j.contains("dims_m") || !j.at("dims_m").is_array()) {
    throw InputError(file, 0, prefix + "dims_m", "an array of dimensions in metres");
  }
  for (const auto& d : j.at("dims_m")) {
    if (!d.is_number()) throw InputError(file, 0, prefix + "dims_m", "numbers");
    o.dims_m.push_back(d.get<double>());
  }
  o.mesh_file = ReadString(j, "mesh_file", file, prefix, false);
  if (!j.contains("mass_kg") || !j.at("mass_kg").is_number()) {
    throw InputError(file, 0, prefix + "mass_kg", "a number (kg)");
  }
  o.mass_kg = j.at("mass_kg").get<double>();
  if (!(o.mass_kg > 0)) throw InputError(file, 0, prefix + "mass_kg", "a positive mass");
  if (j.contains("inertia_kgm2") && !j.at("inertia_kgm2").is_null()) {
    ReadArray(j, "inertia_kgm2", &o.inertia_kgm2, file, prefix);
  } else {
    o.inertia_kgm2 = UniformSolidInertia(o.shape, o.dims_m, o.mass_kg);
  }
  if (j.contains("friction")) ReadArray(j, "friction", &o.friction, file, prefix);
  if (j.contains("rgba")) ReadArray(j, "rgba", &o.rgba, file, prefix);
  o.material = ReadString(j, "material", file, prefix, false);
  if (j.contains("graspable")) {
    if (!j.at("graspable").is_boolean()) {
      throw InputError(file, 0, prefix + "graspable", "true or false");
    }
    o.graspable = j.at("graspable").get<bool>();
  }
  if (j.contains("grasps")) {
    if (!j.at("grasps").is_array()) throw InputError(file, 0, prefix + "grasps", "an array");
    for (std::size_t i = 0; i < j.at("grasps").size(); ++i) {
      const nlohmann::json& g = j.at("grasps")[i];
      const std::string gp = prefix + "grasps[" + std::to_string(i) + "].";
      if (!g.is_object()) throw InputError(file, 0, gp, "an object {name, pos_m, quat_wxyz}");
      GraspPose pose;
      pose.name = ReadString(g, "name", file, gp, true);
      if (!g.contains("pos_m")) throw InputError(file, 0, gp + "pos_m", "3 numbers");
      ReadArray(g, "pos_m", &pose.position_m, file, gp);
      if (g.contains("quat_wxyz")) ReadArray(g, "quat_wxyz", &pose.orientation_wxyz, file, gp);
      if (g.contains("width_m")) {
        if (!g.at("width_m").is_number()) throw InputError(file, 0, gp + "width_m", "a number");
        pose.width_m = g.at("width_m").get<double>();
      }
      o.grasps.push_back(pose);
    }
  }
  for (const std::string& a : ReadStringList(j, "affordances", file, prefix)) {
    if (!SetAffordance(a, &o.affordances)) {
      throw InputError(file, 0, prefix + "affordances",
                       "liftable, pushable, openable or fragile (got '" + a + "')");
    }
  }
  o.hazards = ReadStringList(j, "hazards", file, prefix);
  o.source = ReadString(j, "source", file, prefix, true);
  if (j.contains("tag")) {
    const nlohmann::json& t = j.at("tag");
    const std::string tp = prefix + "tag.";
    if (!t.is_object())
      throw InputError(file, 0, prefix + "tag", "an object {family, id, size_m, face}");
    for (const auto& [key, value] : t.items()) {
      if (key != "family" && key != "id" && key != "size_m" && key != "face") {
        throw InputError(file, 0, tp + key, "one of family, id, size_m, face");
      }
    }
    FiducialTag tag;
    if (t.contains("family")) tag.family = ReadString(t, "family", file, tp, true);
    if (!t.contains("id") || !t.at("id").is_number_integer()) {
      throw InputError(file, 0, tp + "id", "an integer");
    }
    tag.id = t.at("id").get<int>();
    if (!t.contains("size_m") || !t.at("size_m").is_number()) {
      throw InputError(file, 0, tp + "size_m", "a number (m)");
    }
    tag.size_m = t.at("size_m").get<double>();
    if (t.contains("face")) tag.face = ReadString(t, "face", file, tp, true);
    o.tag = tag;
  }
  ValidateObject(o, file, 0, prefix);
  return o;
}

void CheckUniqueIds(const std::vector<ObjectRecord>& objects, const std::string& file) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (!seen.insert(objects[i].id).second) {
      throw InputError(file, 0, "objects[" + std::to_string(i) + "].id",
                       "a unique id ('" + objects[i].id + "' appears twice)");
    }
  }
}

}  // namespace tianmu::knowledge
