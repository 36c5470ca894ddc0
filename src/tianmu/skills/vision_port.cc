#include "tianmu/skills/vision_port.h"

#include <algorithm>
#include <cmath>

#include "tianmu/core/error.h"
#include "tianmu/perception/camera_pose.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/offscreen_renderer.h"
#include "tianmu/perception/sensor_model.h"
#include "tianmu/perception/shape_object_locator.h"
#include "tianmu/perception/tag_object_locator.h"

namespace tianmu::skills {
namespace {

Eigen::Matrix3d RowMajor3(const mjtNum* x) {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(x);
}

// Whether `body` lies in the subtree of `root`.
bool InSubtree(const mjModel* m, int body, int root) {
  for (; body > 0; body = m->body_parentid[body]) {
    if (body == root) return true;
  }
  return false;
}

}  // namespace

VisionPort::VisionPort(const model::RobotSpec& spec, const sim::World* world,
                       std::vector<VisibleObject> objects, const VisionPortOptions& options)
    : world_(world), objects_(std::move(objects)), options_(options), rng_(options.seed) {
  const model::CameraSpec* camera = nullptr;
  for (const model::CameraSpec& c : spec.cameras) {
    if (c.name == spec.head_camera) camera = &c;
  }
  if (!camera || !camera->depth) {
    throw InputError("vision perception: " + spec.name + " has no head_camera with depth");
  }
  camera_ = *camera;
  const mjModel* m = world->model();
  camera_id_ = mj_name2id(m, mjOBJ_CAMERA, camera_.name.c_str());
  robot_root_body_ = std::max(0, mj_name2id(m, mjOBJ_BODY, spec.base_body.c_str()));
  intrinsics_ = perception::IntrinsicsOf(camera_, m->cam_fovy[camera_id_]);
  data_ = model::MakeData(m);
  egl_ = std::make_unique<perception::EglContext>();
  renderer_ = std::make_unique<perception::OffscreenRenderer>(
      m, intrinsics_.width_px, intrinsics_.height_px, perception::RenderQuality::kFast);
  std::vector<knowledge::ObjectRecord> records;
  for (const VisibleObject& o : objects_) records.push_back(o.object);
  tags_ = std::make_unique<perception::TagObjectLocator>(records);
  shapes_ = std::make_unique<perception::ShapeObjectLocator>(records);
}

VisionPort::~VisionPort() = default;

bool VisionPort::Track(const std::string& name) {
  if (tracked_.count(name)) return true;
  for (const VisibleObject& o : objects_) {
    if (o.body_name == name) {
      tracked_[name] = o.object.id;
      return true;
    }
  }
  const mjModel* m = world_->model();
  int body = -1;
  if (int id = mj_name2id(m, mjOBJ_SITE, name.c_str()); id >= 0) {
    body = m->site_bodyid[id];
  } else if (id = mj_name2id(m, mjOBJ_CAMERA, name.c_str()); id >= 0) {
    body = m->cam_bodyid[id];
  } else {
    body = mj_name2id(m, mjOBJ_BODY, name.c_str());
  }
  if (body < 0 || !InSubtree(m, body, robot_root_body_)) return false;
  tracked_[name] = "";  // the robot's own frame
  return true;
}

void VisionPort::Sample() {
  const mjModel* m = world_->model();
  const mjData* truth = world_->data();
  if (truth->time + 1e-9 < next_frame_s_) return;
  next_frame_s_ = truth->time + 1.0 / (camera_.rate_hz > 0 ? camera_.rate_hz : 30.0);
  mjData* d = data_.get();
  d->time = truth->time;
  std::copy(truth->qpos, truth->qpos + m->nq, d->qpos);
  std::copy(truth->mocap_pos, truth->mocap_pos + 3 * m->nmocap, d->mocap_pos);
  std::copy(truth->mocap_quat, truth->mocap_quat + 4 * m->nmocap, d->mocap_quat);
  mj_kinematics(m, d);
  mj_camlight(m, d);
  perception::RgbImage rgb;
  perception::DepthImage depth;
  renderer_->RenderCamera(d, camera_id_, intrinsics_, &rgb, &depth);
  perception::ApplySensorModel(camera_, &rng_, &rgb, &depth);
  const perception::CameraPose camera = perception::CameraPoseOf(d, camera_id_);
  std::vector<perception::ObjectObservation> seen = tags_->Locate(rgb, intrinsics_, camera);
  const auto fitted = shapes_->Locate(depth, rgb, intrinsics_, camera, &rng_);
  seen.insert(seen.end(), fitted.begin(), fitted.end());
  ++frames_;
  last_rgb_ = rgb;
  for (const perception::ObjectObservation& o : seen) {
    if (o.object_id.empty()) continue;
    seen_[o.object_id].push_back({truth->time, o});
  }
  for (auto& [id, list] : seen_) {
    while (!list.empty() && list.front().stamp_s < truth->time - options_.window_s) {
      list.pop_front();
    }
  }
}

std::optional<PerceivedPose> VisionPort::Observe(const std::string& name) {
  const auto it = tracked_.find(name);
  if (it == tracked_.end()) return std::nullopt;
  const mjModel* m = world_->model();
  const mjData* d = world_->data();
  PerceivedPose pose;
  pose.stamp_s = d->time;
  if (it->second.empty()) {
    // The robot's own frames: its kinematics at the current state.
    if (int id = mj_name2id(m, mjOBJ_SITE, name.c_str()); id >= 0) {
      pose.position_m = Eigen::Map<const Eigen::Vector3d>(d->site_xpos + 3 * id);
      pose.rotation = RowMajor3(d->site_xmat + 9 * id);
    } else if (id = mj_name2id(m, mjOBJ_CAMERA, name.c_str()); id >= 0) {
      pose.position_m = Eigen::Map<const Eigen::Vector3d>(d->cam_xpos + 3 * id);
      pose.rotation = RowMajor3(d->cam_xmat + 9 * id);
    } else {
      id = mj_name2id(m, mjOBJ_BODY, name.c_str());
      pose.position_m = Eigen::Map<const Eigen::Vector3d>(d->xpos + 3 * id);
      pose.rotation = RowMajor3(d->xmat + 9 * id);
    }
    return pose;
  }
  const auto found = seen_.find(it->second);
  if (found == seen_.end() || found->second.empty()) return std::nullopt;
  const auto& list = found->second;
  for (int k = 0; k < 3; ++k) {
    std::vector<double> v;
    for (const Observation& o : list) v.push_back(o.seen.position_W_m[k]);
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    pose.position_m[k] = v[v.size() / 2];
  }
  pose.stamp_s = list.back().stamp_s;
  for (auto o = list.rbegin(); o != list.rend(); ++o) {
    if (o->seen.has_orientation) {
      pose.rotation = o->seen.rotation_W_O;
      break;
    }
  }
  return pose;
}

}  // namespace tianmu::skills
