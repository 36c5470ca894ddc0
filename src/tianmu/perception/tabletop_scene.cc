#include "tianmu/perception/tabletop_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/perception/tag_texture.h"

namespace tianmu::perception {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

// Radius of the object's footprint circle (its extent about its z axis).
double FootprintRadius(const knowledge::ObjectRecord& o) {
  switch (o.shape) {
    case knowledge::ShapeType::kBox:
      return 0.5 * std::hypot(o.dims_m[0], o.dims_m[1]);
    case knowledge::ShapeType::kCylinder:
    case knowledge::ShapeType::kSphere:
      return o.dims_m[0];
    default:
      return 0;
  }
}

}  // namespace

std::vector<std::string> DefaultTabletopObjectIds() {
  return {"003_cracker_box", "carton_300x300x200_5kg", "002_master_chef_can",
          "paint_can_5l",    "036_wood_block",         "017_orange",
          "safety_helmet"};
}

TabletopScene MakeTabletopScene(const model::RobotSpec& spec,
                                const std::vector<knowledge::ObjectRecord>& objects,
                                const std::filesystem::path& texture_dir) {
  TabletopScene scene;
  scene.table.top_z_m = 0.85 * spec.standing_base_height_m;
  std::vector<knowledge::SpawnedObject> spawned;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const knowledge::ObjectRecord& o = objects[i];
    if (o.shape != knowledge::ShapeType::kBox && o.shape != knowledge::ShapeType::kCylinder &&
        o.shape != knowledge::ShapeType::kSphere) {
      throw InputError("tabletop: object '" + o.id + "' is a " + knowledge::ShapeTypeName(o.shape) +
                       "; the scene takes boxes, cylinders and spheres");
    }
    if (o.tag)
      WriteTagPng(o.tag->family, o.tag->id, 16,
                  texture_dir / knowledge::TagTextureFileName(*o.tag));
    knowledge::SpawnedObject s;
    s.object = o;
    s.body_name = "tabletop_" + o.id;
    // Parked below the floor until a trial places it (trials set the free joints).
    s.placement.position_m = {0, 0, -5.0 - static_cast<double>(i)};
    scene.objects.push_back(o);
    scene.body_names.push_back(s.body_name);
    spawned.push_back(s);
  }
  std::string xml = knowledge::ObjectsSceneMjcf(spawned, texture_dir.string());
  // The table: a static top and four legs, matte grey-green so no object shares its colour.
  const TableGeometry& t = scene.table;
  const double cx = (t.near_x_m + t.far_x_m) / 2;
  const double hx = (t.far_x_m - t.near_x_m) / 2;
  const double thick = 0.03;
  std::string table = "    <body name=\"tabletop_table\" pos=\"" + Num(cx) + " 0 " +
                      Num(t.top_z_m - thick / 2) + "\">\n";
  table += "      <geom name=\"tabletop_table_top\" type=\"box\" size=\"" + Num(hx) + " " +
           Num(t.half_width_m) + " " + Num(thick / 2) +
           "\" rgba=\"0.45 0.5 0.42 1\" contype=\"1\" conaffinity=\"1\" group=\"0\"/>\n";
  const double leg_half = (t.top_z_m - thick) / 2;
  for (int sx : {-1, 1}) {
    for (int sy : {-1, 1}) {
      table += "      <geom type=\"box\" size=\"0.025 0.025 " + Num(leg_half) + "\" pos=\"" +
               Num(sx * (hx - 0.05)) + " " + Num(sy * (t.half_width_m - 0.05)) + " " +
               Num(-thick / 2 - leg_half) +
               "\" rgba=\"0.3 0.3 0.3 1\" contype=\"1\" conaffinity=\"1\" group=\"0\"/>\n";
    }
  }
  table += "    </body>\n";
  const std::size_t at = xml.find("  <worldbody>\n");
  xml.insert(at + std::string("  <worldbody>\n").size(), table);
  scene.scene_xml = xml;
  return scene;
}

std::vector<PlacedObject> SampleTabletopPlacements(const TabletopScene& scene,
                                                   const CameraPose& camera,
                                                   const CameraIntrinsics& intrinsics, Rng* rng) {
  const TableGeometry& t = scene.table;
  const std::size_t n = scene.objects.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i) {  // Fisher-Yates with the trial's generator
    std::swap(order[i - 1], order[static_cast<std::size_t>(rng->Uniform() * i) % i]);
  }
  std::vector<PlacedObject> placed(n);
  std::vector<double> bearing, half_width;
  for (const std::size_t i : order) {
    const knowledge::ObjectRecord& o = scene.objects[i];
    const double r = FootprintRadius(o);
    for (int tries = 0; tries < 100; ++tries) {
      PlacedObject p;
      p.distance_m = rng->Uniform(0.5, 2.0);
      const double azimuth = rng->Uniform(-0.7, 0.7);
      p.position_W_m = {p.distance_m * std::cos(azimuth), p.distance_m * std::sin(azimuth),
                        t.top_z_m + o.height_m() / 2};
      if (p.position_W_m.x() - r < t.near_x_m || p.position_W_m.x() + r > t.far_x_m ||
          std::abs(p.position_W_m.y()) + r > t.half_width_m) {
        continue;
      }
      // Bearing from the camera; tagged faces (-x) look back at it within 35 degrees.
      const Eigen::Vector3d to_object = p.position_W_m - camera.position_W_m;
      const double b = std::atan2(to_object.y(), to_object.x());
      p.yaw_rad = o.tag ? b + rng->Uniform(-35.0, 35.0) * std::numbers::pi / 180
                        : rng->Uniform(-std::numbers::pi, std::numbers::pi);
      // The whole object (its bounding sphere) inside the image with a 5 % margin.
      const double bound = std::hypot(r, o.height_m() / 2);
      bool inside = true;
      for (int corner = 0; corner < 6 && inside; ++corner) {
        Eigen::Vector3d q = p.position_W_m;
        q[corner / 2] += (corner % 2 ? bound : -bound);
        const Eigen::Vector3d q_C = camera.rotation_W_C.transpose() * (q - camera.position_W_m);
        if (q_C.z() < 0.2) {
          inside = false;
          break;
        }
        const auto uv = intrinsics.Project({q_C.x(), q_C.y(), q_C.z()});
        inside = uv[0] > 0.05 * intrinsics.width_px && uv[0] < 0.95 * intrinsics.width_px &&
                 uv[1] > 0.05 * intrinsics.height_px && uv[1] < 0.95 * intrinsics.height_px;
      }
      if (!inside) continue;
      // Apart in bearing (30 % margin) from every object placed so far, so that none hides
      // another whatever their distances.
      const double hw = std::asin(std::min(1.0, bound / to_object.head<2>().norm()));
      bool apart = true;
      for (std::size_t j = 0; j < bearing.size() && apart; ++j) {
        apart = std::abs(b - bearing[j]) > 1.3 * (hw + half_width[j]);
      }
      if (!apart) continue;
      bearing.push_back(b);
      half_width.push_back(hw);
      p.placed = true;
      placed[i] = p;
      break;
    }
  }
  return placed;
}

}  // namespace tianmu::perception
