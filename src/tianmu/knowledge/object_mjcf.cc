#include "tianmu/knowledge/object_mjcf.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

std::string TagTextureFileName(const FiducialTag& tag) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s_%05d.png", tag.family.c_str(), tag.id);
  return buf;
}

TagPlacement TagPlacementOf(const ObjectRecord& object) {
  const FiducialTag& tag = *object.tag;
  const std::array<double, 3> n = tag.normal();
  const int axis = tag.face[1] - 'x';
  TagPlacement out;
  for (int k = 0; k < 3; ++k) {
    out.surface_center_O_m[k] = n[k] * (object.dims_m[axis] / 2 + kTagPlateThickness_m);
  }
  // Plate axes: z the normal; side faces stand the tag upright (y along the object's z), top and
  // bottom faces align its x with the object's x.
  std::array<double, 3> x{}, y{};
  const auto cross = [](const std::array<double, 3>& a, const std::array<double, 3>& b) {
    return std::array<double, 3>{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
                                 a[0] * b[1] - a[1] * b[0]};
  };
  if (axis == 2) {
    x = {1, 0, 0};
    y = cross(n, x);
  } else {
    y = {0, 0, 1};
    x = cross(y, n);
  }
  for (int r = 0; r < 3; ++r) {
    out.rotation_O_P[3 * r + 0] = x[r];
    out.rotation_O_P[3 * r + 1] = y[r];
    out.rotation_O_P[3 * r + 2] = n[r];
  }
  return out;
}

std::string ObjectsSceneMjcf(const std::vector<SpawnedObject>& objects,
                             const std::string& tag_texture_dir) {
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
    if (o.tag && o.shape == ShapeType::kBox && !tag_texture_dir.empty()) {
      const std::string file =
          (std::filesystem::path(tag_texture_dir) / TagTextureFileName(*o.tag)).string();
      assets += "    <texture name=\"" + name + "_tag_tex\" type=\"2d\" file=\"" + XmlEscape(file) +
                "\"/>\n";
      assets += "    <material name=\"" + name + "_tag_mat\" texture=\"" + name +
                "_tag_tex\" specular=\"0\" shininess=\"0\"/>\n";
      const TagPlacement p = TagPlacementOf(o);
      const auto& c = p.surface_center_O_m;
      const auto& R = p.rotation_O_P;
      const double half = kTagPlateThickness_m / 2;
      const std::array<double, 3> n = o.tag->normal();
      bodies += "      <geom name=\"" + name + "_tag\" type=\"box\" pos=\"" +
                Numbers({c[0] - n[0] * half, c[1] - n[1] * half, c[2] - n[2] * half}) +
                "\" xyaxes=\"" + Numbers({R[0], R[3], R[6], R[1], R[4], R[7]}) + "\" size=\"" +
                Numbers({o.tag->printed_size_m() / 2, o.tag->printed_size_m() / 2, half}) +
                "\" contype=\"0\" conaffinity=\"0\" group=\"0\" mass=\"0\" material=\"" + name +
                "_tag_mat\" rgba=\"1 1 1 1\"/>\n";
    }
    bodies += "    </body>\n";
  }
  return "<mujoco model=\"tianmu_objects\">\n  <asset>\n" + assets + "  </asset>\n" +
         "  <worldbody>\n" + bodies + "  </worldbody>\n</mujoco>\n";
}

}  // namespace tianmu::knowledge
