#include "tianmu/service/geometry.h"

namespace tianmu::service {
namespace {

const char* GeomTypeName(int type) {
  switch (type) {
    case mjGEOM_PLANE:
      return "plane";
    case mjGEOM_HFIELD:
      return "hfield";
    case mjGEOM_SPHERE:
      return "sphere";
    case mjGEOM_CAPSULE:
      return "capsule";
    case mjGEOM_ELLIPSOID:
      return "ellipsoid";
    case mjGEOM_CYLINDER:
      return "cylinder";
    case mjGEOM_BOX:
      return "box";
    case mjGEOM_MESH:
      return "mesh";
    default:
      return "unknown";
  }
}

std::string Name(const mjModel* m, mjtObj type, int id, const char* fallback) {
  const char* name = mj_id2name(m, type, id);
  return name != nullptr && *name != '\0' ? std::string(name)
                                          : std::string(fallback) + std::to_string(id);
}

}  // namespace

std::vector<std::string> BodyNames(const mjModel* m) {
  std::vector<std::string> names;
  for (int b = 0; b < m->nbody; ++b) names.push_back(Name(m, mjOBJ_BODY, b, "body"));
  return names;
}

nlohmann::json GeometryJson(const mjModel* m) {
  nlohmann::json bodies = nlohmann::json::array();
  for (int b = 0; b < m->nbody; ++b) {
    bodies.push_back({{"name", Name(m, mjOBJ_BODY, b, "body")}, {"parent", m->body_parentid[b]}});
  }
  nlohmann::json geoms = nlohmann::json::array();
  for (int g = 0; g < m->ngeom; ++g) {
    nlohmann::json geom;
    geom["name"] = Name(m, mjOBJ_GEOM, g, "geom");
    geom["type"] = GeomTypeName(m->geom_type[g]);
    geom["size"] = {m->geom_size[3 * g], m->geom_size[3 * g + 1], m->geom_size[3 * g + 2]};
    geom["body"] = m->geom_bodyid[g];
    geom["pos"] = {m->geom_pos[3 * g], m->geom_pos[3 * g + 1], m->geom_pos[3 * g + 2]};
    geom["quat"] = {m->geom_quat[4 * g], m->geom_quat[4 * g + 1], m->geom_quat[4 * g + 2],
                    m->geom_quat[4 * g + 3]};
    geom["rgba"] = {m->geom_rgba[4 * g], m->geom_rgba[4 * g + 1], m->geom_rgba[4 * g + 2],
                    m->geom_rgba[4 * g + 3]};
    // Meshes are drawn as their bounding sphere (the service does not ship mesh files).
    if (m->geom_type[g] == mjGEOM_MESH) {
      const double r = m->geom_rbound[g];
      geom["size"] = {r, r, r};
    }
    geom["group"] = m->geom_group[g];
    geoms.push_back(std::move(geom));
  }
  return {{"bodies", bodies}, {"geoms", geoms}};
}

}  // namespace tianmu::service
