#include "tianmu/perception/object_pose_trials.h"

#include <mujoco/mujoco.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numbers>

#include "tianmu/core/error.h"
#include "tianmu/core/rng.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/camera_pose.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/image_codec.h"
#include "tianmu/perception/offscreen_renderer.h"
#include "tianmu/perception/sensor_model.h"
#include "tianmu/perception/shape_object_locator.h"
#include "tianmu/perception/tabletop_scene.h"
#include "tianmu/perception/tag_object_locator.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

namespace tianmu::perception {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

nlohmann::json Number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

// Detected / seen counts and errors of one group of (object, trial) samples.
struct Tally {
  int seen = 0;
  int detected = 0;
  std::vector<double> error_cm;
  std::vector<double> orientation_deg;

  nlohmann::json Json() const {
    return {{"objects_in_view", seen},
            {"detected", detected},
            {"detection_rate", seen ? Number(static_cast<double>(detected) / seen) : nullptr},
            {"position_error_cm_p50", Number(Percentile(error_cm, 0.5))},
            {"position_error_cm_p95", Number(Percentile(error_cm, 0.95))},
            {"position_error_cm_max", Number(Percentile(error_cm, 1.0))},
            {"orientation_error_deg_p50", Number(Percentile(orientation_deg, 0.5))}};
  }
};

const char* Band(double distance_m) {
  if (distance_m < 1.0) return "0.5-1";
  if (distance_m < 1.5) return "1-1.5";
  return "1.5-2";
}

// The hinge among the camera body's ancestors that pitches it (axis closest to the camera's
// horizontal right axis); -1 when there is none.
int PitchJoint(const mjModel* m, const mjData* d, int camera_id, const CameraPose& camera) {
  int best = -1;
  double best_dot = 0.9;
  for (int body = m->cam_bodyid[camera_id]; body > 0; body = m->body_parentid[body]) {
    for (int k = 0; k < m->body_jntnum[body]; ++k) {
      const int j = m->body_jntadr[body] + k;
      if (m->jnt_type[j] != mjJNT_HINGE) continue;
      const Eigen::Vector3d axis(d->xaxis[3 * j], d->xaxis[3 * j + 1], d->xaxis[3 * j + 2]);
      const double dot = std::abs(axis.dot(camera.rotation_W_C.col(0)));
      if (dot > best_dot) best_dot = dot, best = j;
    }
    if (best >= 0) break;  // the nearest pitching joint: a neck before a waist
  }
  return best;
}

// Turns the pitch joint so the optical axis passes through `target_W` (secant iterations on the
// angle between them, clamped to the joint's range). Returns the joint's angle.
double AimCamera(const mjModel* m, mjData* d, int camera_id, const Eigen::Vector3d& target_W) {
  mj_kinematics(m, d);
  mj_camlight(m, d);
  const int joint = PitchJoint(m, d, camera_id, CameraPoseOf(d, camera_id));
  if (joint < 0) return 0;
  const int adr = m->jnt_qposadr[joint];
  const auto error = [&](double q) {
    d->qpos[adr] = q;
    mj_kinematics(m, d);
    mj_camlight(m, d);
    const CameraPose c = CameraPoseOf(d, camera_id);
    const Eigen::Vector3d to = (target_W - c.position_W_m).normalized();
    // Elevation of the target above the optical axis, in the camera's vertical plane.
    return std::asin(std::clamp(-to.dot(c.rotation_W_C.col(1)), -1.0, 1.0));
  };
  double q0 = d->qpos[adr], q1 = q0 + 0.1;
  double e0 = error(q0), e1 = error(q1);
  for (int it = 0; it < 20 && std::abs(e1) > 1e-5 && std::abs(e1 - e0) > 1e-12; ++it) {
    double q2 = q1 - e1 * (q1 - q0) / (e1 - e0);
    if (m->jnt_limited[joint])
      q2 = std::clamp(q2, m->jnt_range[2 * joint], m->jnt_range[2 * joint + 1]);
    q0 = q1, e0 = e1;
    q1 = q2, e1 = error(q1);
  }
  return q1;
}

}  // namespace

nlohmann::json RunObjectPoseTrials(const model::RobotSpec& spec,
                                   const std::vector<knowledge::ObjectRecord>& objects,
                                   const ObjectPoseTrialOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const model::CameraSpec* camera_spec = nullptr;
  for (const model::CameraSpec& c : spec.cameras) {
    if (c.name == spec.head_camera) camera_spec = &c;
  }
  if (spec.head_camera.empty() || !camera_spec || !camera_spec->depth) {
    throw InputError("--robot: " + spec.name +
                     " has no head_camera with depth in robot.yaml (perceive renders it)");
  }
  const TabletopScene scene = MakeTabletopScene(spec, objects, options.work_dir);
  sim::WorldOptions world_options;
  world_options.extra_scene_xml = {scene.scene_xml};
  sim::World world(spec, sim::ResolveScene("flat"), world_options);
  world.Reset();
  const mjModel* m = world.model();
  model::MjDataPtr data = model::MakeData(m);
  mjData* d = data.get();
  mj_copyData(d, m, world.data());
  const int camera_id = mj_name2id(m, mjOBJ_CAMERA, spec.head_camera.c_str());
  const CameraIntrinsics k = IntrinsicsOf(*camera_spec, m->cam_fovy[camera_id]);
  // Look down at the middle of the table's 0.5-2 m band.
  const double pitch_joint_rad = AimCamera(m, d, camera_id, {1.15, 0, scene.table.top_z_m});
  const CameraPose camera = CameraPoseOf(d, camera_id);

  std::vector<int> qpos_adr;
  for (const std::string& body : scene.body_names) {
    const int b = mj_name2id(m, mjOBJ_BODY, body.c_str());
    qpos_adr.push_back(m->jnt_qposadr[m->body_jntadr[b]]);
  }

  EglContext egl;
  OffscreenRenderer renderer(m, k.width_px, k.height_px, RenderQuality::kFast);
  TagObjectLocator tags(objects);
  ShapeObjectLocator shapes(objects);

  Tally tagged, untagged, tagged_near, untagged_near, tagged_by_shape;
  std::map<std::string, Tally> per_object;
  std::map<std::string, Tally> tagged_band, untagged_band;
  std::vector<double> box_yaw_error_deg;
  int false_positives = 0;
  int frames = 0;
  nlohmann::json trials = nlohmann::json::array();
  for (int t = 0; t < options.trials; ++t) {
    Rng rng(options.seed + static_cast<std::uint64_t>(t));
    const std::vector<PlacedObject> placed = SampleTabletopPlacements(scene, camera, k, &rng);
    for (std::size_t i = 0; i < placed.size(); ++i) {
      mjtNum* q = d->qpos + qpos_adr[i];
      const PlacedObject& p = placed[i];
      q[0] = p.placed ? p.position_W_m.x() : 0;
      q[1] = p.placed ? p.position_W_m.y() : 0;
      q[2] = p.placed ? p.position_W_m.z() : -5.0 - static_cast<double>(i);
      q[3] = std::cos(p.yaw_rad / 2);
      q[4] = q[5] = 0;
      q[6] = std::sin(p.yaw_rad / 2);
    }
    mj_kinematics(m, d);
    mj_camlight(m, d);
    RgbImage rgb;
    DepthImage depth;
    renderer.RenderCamera(d, camera_id, k, &rgb, &depth);
    if (options.sensor_noise) ApplySensorModel(*camera_spec, &rng, &rgb, &depth);
    ++frames;
    if (!options.frame_dir.empty()) {
      char name[32];
      std::snprintf(name, sizeof(name), "trial_%03d.png", t);
      const std::string png = EncodePng(rgb);
      std::ofstream(options.frame_dir / name, std::ios::binary)
          .write(png.data(), static_cast<std::streamsize>(png.size()));
    }
    std::vector<ObjectObservation> seen = tags.Locate(rgb, k, camera);
    const std::vector<ObjectObservation> fitted = shapes.Locate(depth, rgb, k, camera, &rng);
    seen.insert(seen.end(), fitted.begin(), fitted.end());

    std::vector<char> used(seen.size(), 0);
    nlohmann::json trial_objects = nlohmann::json::array();
    for (std::size_t i = 0; i < placed.size(); ++i) {
      if (!placed[i].placed) continue;
      const knowledge::ObjectRecord& o = scene.objects[i];
      const bool is_tagged = o.tag.has_value();
      const ObservationMethod method =
          is_tagged ? ObservationMethod::kTag : ObservationMethod::kShape;
      const Eigen::Matrix3d R_true =
          Eigen::AngleAxisd(placed[i].yaw_rad, Eigen::Vector3d::UnitZ()).toRotationMatrix();
      // The nearest observation of this object by its path; for tagged objects, also whether
      // the marker-free path found it (reported, not part of the tagged figures).
      int best = -1;
      double best_err = 1e9;
      for (std::size_t s = 0; s < seen.size(); ++s) {
        if (seen[s].object_id != o.id) continue;
        const double err = (seen[s].position_W_m - placed[i].position_W_m).norm();
        if (err > options.match_distance_m) continue;
        if (seen[s].method == method) {
          if (err < best_err) best_err = err, best = static_cast<int>(s);
        } else {
          used[s] = 1;  // a correct detection by the other path is no false positive
          if (is_tagged) {
            tagged_by_shape.detected++;
            tagged_by_shape.error_cm.push_back(100 * err);
          }
        }
      }
      if (is_tagged) tagged_by_shape.seen++;
      Tally& all = is_tagged ? tagged : untagged;
      Tally& band = (is_tagged ? tagged_band : untagged_band)[Band(placed[i].distance_m)];
      Tally& obj = per_object[o.id];
      const bool near = placed[i].distance_m <= (is_tagged ? 1.5 : 1.2);
      Tally* near_tally = near ? (is_tagged ? &tagged_near : &untagged_near) : nullptr;
      for (Tally* tally : {&all, &band, &obj, near_tally}) {
        if (tally) tally->seen++;
      }
      nlohmann::json record = {
          {"object", o.id},
          {"tagged", is_tagged},
          {"distance_m", placed[i].distance_m},
          {"position_m",
           {placed[i].position_W_m.x(), placed[i].position_W_m.y(), placed[i].position_W_m.z()}},
          {"yaw_deg", placed[i].yaw_rad * kRadToDeg},
          {"detected", best >= 0}};
      if (best >= 0) {
        used[best] = 1;
        const ObjectObservation& obs = seen[best];
        double angle_deg = std::nan("");
        if (obs.has_orientation) {
          if (is_tagged) {
            const Eigen::AngleAxisd diff(R_true.transpose() * obs.rotation_W_O);
            angle_deg = std::abs(diff.angle()) * kRadToDeg;
          } else {
            // A box looks the same turned half a turn (a quarter with a square footprint).
            const double period = std::abs(o.dims_m[0] - o.dims_m[1]) < 1e-6 ? std::numbers::pi / 2
                                                                             : std::numbers::pi;
            const double yaw = std::atan2(obs.rotation_W_O(1, 0), obs.rotation_W_O(0, 0));
            double e = std::fmod(std::abs(yaw - placed[i].yaw_rad), period);
            angle_deg = std::min(e, period - e) * kRadToDeg;
            box_yaw_error_deg.push_back(angle_deg);
          }
        }
        for (Tally* tally : {&all, &band, &obj, near_tally}) {
          if (!tally) continue;
          tally->detected++;
          tally->error_cm.push_back(100 * best_err);
          if (is_tagged && std::isfinite(angle_deg)) tally->orientation_deg.push_back(angle_deg);
        }
        record["position_error_cm"] = 100 * best_err;
        if (std::isfinite(angle_deg)) record["orientation_error_deg"] = angle_deg;
      }
      trial_objects.push_back(record);
    }
    int trial_fp = 0;
    nlohmann::json unmatched = nlohmann::json::array();
    for (std::size_t s = 0; s < seen.size(); ++s) {
      if (used[s]) continue;
      ++trial_fp;
      const Eigen::Vector3d& p = seen[s].position_W_m;
      unmatched.push_back({{"method", ObservationMethodName(seen[s].method)},
                           {"object", seen[s].object_id},
                           {"tag_id", seen[s].tag_id},
                           {"points", seen[s].points},
                           {"position_m", {p.x(), p.y(), p.z()}}});
    }
    false_positives += trial_fp;
    trials.push_back({{"trial", t},
                      {"seed", options.seed + static_cast<std::uint64_t>(t)},
                      {"objects", trial_objects},
                      {"false_positives", trial_fp},
                      {"false_positive_observations", unmatched},
                      {"support_z_m", Number(shapes.last_support_z_m())}});
  }
  nlohmann::json per_object_json = nlohmann::json::object();
  for (const auto& [id, tally] : per_object) {
    nlohmann::json j = tally.Json();
    for (const knowledge::ObjectRecord& o : scene.objects) {
      if (o.id != id) continue;
      j["shape"] = knowledge::ShapeTypeName(o.shape);
      j["tagged"] = o.tag.has_value();
      j["path"] = o.tag ? "tag" : "shape";
    }
    per_object_json[id] = j;
  }
  nlohmann::json bands = nlohmann::json::object();
  for (const char* b : {"0.5-1", "1-1.5", "1.5-2"}) {
    bands[b] = {{"tagged", tagged_band[b].Json()}, {"untagged", untagged_band[b].Json()}};
  }
  const auto rate = [](const Tally& t) {
    return t.seen ? Number(static_cast<double>(t.detected) / t.seen) : nlohmann::json();
  };
  const double tagged_near_rate =
      tagged_near.seen ? double(tagged_near.detected) / tagged_near.seen : 0;
  const double untagged_near_rate =
      untagged_near.seen ? double(untagged_near.detected) / untagged_near.seen : 0;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  nlohmann::json j = {
      {"robot", spec.name},
      {"scene", "tabletop"},
      {"camera", spec.head_camera},
      {"image", {{"width_px", k.width_px}, {"height_px", k.height_px}, {"fx_px", k.fx_px}}},
      {"camera_height_m", camera.position_W_m.z()},
      {"camera_pitch_joint_rad", pitch_joint_rad},
      {"table_top_z_m", scene.table.top_z_m},
      {"trials", options.trials},
      {"seed", options.seed},
      {"sensor_noise", options.sensor_noise},
      {"match_distance_m", options.match_distance_m},
      {"tagged_detection_rate", rate(tagged)},
      {"tagged_position_error_cm_p50", Number(Percentile(tagged.error_cm, 0.5))},
      {"tagged_position_error_cm_p95", Number(Percentile(tagged.error_cm, 0.95))},
      {"untagged_detection_rate", rate(untagged)},
      {"untagged_position_error_cm_p50", Number(Percentile(untagged.error_cm, 0.5))},
      {"untagged_position_error_cm_p95", Number(Percentile(untagged.error_cm, 0.95))},
      {"orientation_error_deg_p50", Number(Percentile(tagged.orientation_deg, 0.5))},
      {"untagged_box_yaw_error_deg_p50", Number(Percentile(box_yaw_error_deg, 0.5))},
      {"false_positives_per_frame", frames ? double(false_positives) / frames : 0.0},
      {"tagged_within_1_5m", tagged_near.Json()},
      {"untagged_within_1_2m", untagged_near.Json()},
      {"tagged_objects_found_by_shape", tagged_by_shape.Json()},
      {"acceptance",
       {{"tagged_within_1_5m_detection_ge_95pct", tagged_near_rate >= 0.95},
        {"tagged_within_1_5m_error_p95_le_2cm",
         !tagged_near.error_cm.empty() && Percentile(tagged_near.error_cm, 0.95) <= 2.0},
        {"untagged_within_1_2m_error_p95_le_3cm",
         !untagged_near.error_cm.empty() && Percentile(untagged_near.error_cm, 0.95) <= 3.0},
        {"untagged_within_1_2m_detection_rate", untagged_near_rate}}},
      {"per_object", per_object_json},
      {"per_distance_band", bands},
      {"wall_time_s", seconds},
      {"trial_results", trials}};
  return j;
}

}  // namespace tianmu::perception
