#include "tianmu/knowledge/object_mjcf.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>

#include "tianmu/core/error.h"
#include "tianmu/core/xml_escape.h"

namespace tianmu::knowledge {
namespace {

// Shortest text that reads back as exactly `v`: the model gets the knowledge base's figures.
std::string Num(double v) {
  char buf[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string Numbers(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : " ") + Num(v);
  return out;
}

}  // namespace

ObjectPlacement ParseObjectPlacement(const std::string& text, const std::string& flag) {
  const std::string expected = "NAME@x,y,z[,yaw_deg] (metres, degrees), e.g. 025_mug@0.6,0,0.05";
  const auto at = text.find('@');
  if (at == std::string::npos || at == 0) throw InputError(flag + ": expected " + expected);
  ObjectPlacement p;
  p.name = text.substr(0, at);
  std::vector<double> values;
  std::string rest = text.substr(at + 1) + ",";
  std::size_t start = 0;
  for (std::size_t comma = rest.find(','); comma != std::string::npos;
       start = comma + 1, comma = rest.find(',', start)) {
    const std::string word = rest.substr(start, comma - start);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(word.c_str(), &end);
    if (word.empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) {
      throw InputError(flag + ": '" + word + "' is not a number; expected " + expected);
    }
    values.push_back(v);
  }
  if (values.size() != 3 && values.size() != 4) throw InputError(flag + ": expected " + expected);
  for (int k = 0; k < 3; ++k) {
    if (std::abs(values[k]) > 1000) throw InputError(flag + ": position within 1 km expected");
    p.position_m[k] = values[k];
  }
  if (values.size() == 4) p.yaw_rad = values[3] * std::numbers::pi / 180.0;
  return p;
}

std::string ObjectBodyName(const std::string& id, int instance) {
  return "object_" + id + (instance > 0 ? "_" + std::to_string(instance + 1) : "");
}

std::string ObjectsSceneMjcf(const std::vector<SpawnedObject>& objects) {
  std::string assets, bodies;
  for (const SpawnedObject& s : objects) {
    const ObjectRecord& o = s.object;
    const std::string name = XmlEscape(s.body_name);
    assets += "    <material name=\"" + name + "_mat\" rgba=\"" +
              Numbers({o.rgba[0], o.rgba[1], o.rgba[2], o.rgba[3]}) + "\"/>\n";
    std::string geom_type = ShapeTypeName(o.shape);
    std::string size;
    const std::vector<double>& d = o.dims_m;
    switch (o.shape) {
      case ShapeType::kBox:
        size = Numbers({d[0] / 2, d[1] / 2, d[2] / 2});
        break;
      case ShapeType::kCylinder:
      case ShapeType::kCapsule:
        size = Numbers({d[0], d[1] / 2});
        break;
      case ShapeType::kSphere:
        size = Num(d[0]);
        break;
      case ShapeType::kMesh:
        assets +=
            "    <mesh name=\"" + name + "_mesh\" file=\"" + XmlEscape(o.mesh_file) + "\"/>\n";
        break;
    }
    const double half_yaw = s.placement.yaw_rad / 2;
    const auto& p = s.placement.position_m;
    bodies += "    <body name=\"" + name + "\" pos=\"" + Numbers({p[0], p[1], p[2]}) +
              "\" quat=\"" + Numbers({std::cos(half_yaw), 0, 0, std::sin(half_yaw)}) + "\">\n";
    bodies += "      <freejoint name=\"" + name + "_free\"/>\n";
    bodies += "      <inertial pos=\"0 0 0\" mass=\"" + Num(o.mass_kg) + "\" diaginertia=\"" +
              Numbers({o.inertia_kgm2[0], o.inertia_kgm2[1], o.inertia_kgm2[2]}) + "\"/>\n";
    bodies += "      <geom name=\"" + name + "_geom\" type=\"" + geom_type + "\" ";
    if (o.shape == ShapeType::kMesh) {
      bodies += "mesh=\"" + name + "_mesh\" ";
    } else {
      bodies += "size=\"" + size + "\" ";
    }
    // Every attribute that matters is explicit: merged geoms inherit the robot's default class.
    // Objects are rigid: their contacts take the object's stiff impedance (priority over the
    // robot's and the floor's geoms), which cuts the creep of MuJoCo's soft friction under a
    // steady load (a box squeezed between two palms slid 2 cm/s with the default impedance,
    // 3 mm/s with this one; docs/skills.md "Friction grasps").
    bodies +=
        "contype=\"1\" conaffinity=\"1\" condim=\"4\" group=\"0\" priority=\"1\" "
        "solimp=\"0.99 0.999 0.001\" friction=\"" +
        Numbers({o.friction[0], o.friction[1], o.friction[2]}) + "\" material=\"" + name +
        "_mat\" rgba=\"" + Numbers({o.rgba[0], o.rgba[1], o.rgba[2], o.rgba[3]}) + "\"/>\n";
    bodies += "    </body>\n";
  }
  return "<mujoco model=\"tianmu_objects\">\n  <asset>\n" + assets + "  </asset>\n" +
         "  <worldbody>\n" + bodies + "  </worldbody>\n</mujoco>\n";
}

}  // namespace tianmu::knowledge
