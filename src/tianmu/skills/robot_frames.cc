#include "tianmu/skills/robot_frames.h"

#include <cmath>

namespace tianmu::skills {

int HandIndex(const model::RobotSpec& spec, const std::string& side) {
  for (std::size_t h = 0; h < spec.hands.size(); ++h) {
    if (spec.hands[h].side == side) return static_cast<int>(h);
  }
  return -1;
}

ArmReach ArmReachOf(const model::RobotSpec& spec, const control::RobotDynamics& dynamics,
                    int hand) {
  ArmReach reach;
  const model::GroupSpec* arm = spec.Group(spec.hands[hand].side + "_arm");
  if (arm == nullptr || arm->joints.empty()) return reach;
  const mjData* d = dynamics.data();
  auto anchor = [&](int j) {
    const int id = dynamics.binding().joint_id[j];
    return Eigen::Vector3d(d->xanchor[3 * id], d->xanchor[3 * id + 1], d->xanchor[3 * id + 2]);
  };
  reach.shoulder_joint = spec.joints[arm->joints.front()].name;
  reach.shoulder_m = anchor(arm->joints.front());
  Eigen::Vector3d previous = reach.shoulder_m;
  for (std::size_t k = 1; k < arm->joints.size(); ++k) {
    const Eigen::Vector3d next = anchor(arm->joints[k]);
    reach.reach_m += (next - previous).norm();
    previous = next;
  }
  const int site = dynamics.binding().hand_palm_site[hand];
  reach.reach_m += (dynamics.SitePosition(site) - previous).norm();
  return reach;
}

double HeadingRad(const Eigen::Matrix3d& rotation) {
  return std::atan2(rotation(1, 0), rotation(0, 0));
}

double WrapAngleRad(double angle_rad) { return std::remainder(angle_rad, 2 * M_PI); }

}  // namespace tianmu::skills
