#include "tianmu/skills/oracle_port.h"

#include <Eigen/Geometry>
#include <cmath>

namespace tianmu::skills {
namespace {

Eigen::Matrix3d RowMajor3(const mjtNum* x) {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(x);
}

}  // namespace

OracleOptions RealisticOracleOptions() {
  OracleOptions o;
  o.position_noise_std_m = 0.005;
  o.orientation_noise_std_rad = 0.5 * M_PI / 180;
  o.latency_s = 0.03;
  o.dropout_probability = 0.05;
  return o;
}

OraclePort::OraclePort(const sim::World* world, const OracleOptions& options)
    : world_(world), options_(options), rng_(options.seed) {}

bool OraclePort::Track(const std::string& name) {
  if (frames_.count(name) > 0) return true;
  const mjModel* m = world_->model();
  Frame frame;
  if (int id = mj_name2id(m, mjOBJ_SITE, name.c_str()); id >= 0) {
    frame.kind = Kind::kSite;
    frame.id = id;
  } else if (id = mj_name2id(m, mjOBJ_CAMERA, name.c_str()); id >= 0) {
    frame.kind = Kind::kCamera;
    frame.id = id;
  } else if (id = mj_name2id(m, mjOBJ_BODY, name.c_str()); id >= 0) {
    frame.kind = Kind::kBody;
    frame.id = id;
  } else {
    return false;
  }
  frame.history.push_back(TruePose(frame));
  frames_.emplace(name, std::move(frame));
  return true;
}

PerceivedPose OraclePort::TruePose(const Frame& frame) const {
  const mjData* d = world_->data();
  PerceivedPose pose;
  pose.stamp_s = d->time;
  switch (frame.kind) {
    case Kind::kSite:
      pose.position_m = Eigen::Map<const Eigen::Vector3d>(d->site_xpos + 3 * frame.id);
      pose.rotation = RowMajor3(d->site_xmat + 9 * frame.id);
      break;
    case Kind::kCamera:
      // Camera frames are computed by mj_camlight, which the simulator's step runs.
      pose.position_m = Eigen::Map<const Eigen::Vector3d>(d->cam_xpos + 3 * frame.id);
      pose.rotation = RowMajor3(d->cam_xmat + 9 * frame.id);
      break;
    case Kind::kBody:
      pose.position_m = Eigen::Map<const Eigen::Vector3d>(d->xpos + 3 * frame.id);
      pose.rotation = RowMajor3(d->xmat + 9 * frame.id);
      break;
  }
  return pose;
}

void OraclePort::Sample() {
  const double now = world_->time_s();
  for (auto& [name, frame] : frames_) {
    frame.history.push_back(TruePose(frame));
    // Keep the newest reading at least `latency` old, and everything newer.
    while (frame.history.size() > 1 &&
           frame.history[1].stamp_s <= now - options_.latency_s + 1e-9) {
      frame.history.pop_front();
    }
  }
}

std::optional<PerceivedPose> OraclePort::Observe(const std::string& name) {
  const auto it = frames_.find(name);
  if (it == frames_.end()) return std::nullopt;
  if (options_.dropout_probability > 0 && rng_.Uniform() < options_.dropout_probability) {
    return std::nullopt;
  }
  const double now = world_->time_s();
  const std::deque<PerceivedPose>& history = it->second.history;
  // The newest reading that is at least `latency` old (the oldest one held otherwise).
  PerceivedPose pose = history.front();
  for (const PerceivedPose& p : history) {
    if (p.stamp_s <= now - options_.latency_s + 1e-9) pose = p;
  }
  if (options_.position_noise_std_m > 0) {
    for (int k = 0; k < 3; ++k) pose.position_m[k] += rng_.Gaussian(options_.position_noise_std_m);
  }
  if (options_.orientation_noise_std_rad > 0) {
    const Eigen::Vector3d w(rng_.Gaussian(options_.orientation_noise_std_rad),
                            rng_.Gaussian(options_.orientation_noise_std_rad),
                            rng_.Gaussian(options_.orientation_noise_std_rad));
    if (w.norm() > 0) pose.rotation = Eigen::AngleAxisd(w.norm(), w.normalized()) * pose.rotation;
  }
  return pose;
}

}  // namespace tianmu::skills
