#include "tianmu/motion/human_clip.h"

#include <cmath>

namespace tianmu::motion {

const char* ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kXposition:
      return "Xposition";
    case Channel::kYposition:
      return "Yposition";
    case Channel::kZposition:
      return "Zposition";
    case Channel::kXrotation:
      return "Xrotation";
    case Channel::kYrotation:
      return "Yrotation";
    case Channel::kZrotation:
      return "Zrotation";
  }
  return "?";
}

int HumanClip::JointIndex(const std::string& name) const {
  for (std::size_t i = 0; i < joints.size(); ++i) {
    if (joints[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

HumanFrame HumanClip::RestFrame() const {
  HumanFrame frame;
  frame.rotation.assign(joints.size(), Eigen::Quaterniond::Identity());
  frame.translation.assign(joints.size(), Eigen::Vector3d::Zero());
  return frame;
}

HumanPose HumanForwardKinematics(const HumanClip& clip, const HumanFrame& frame) {
  const std::size_t n = clip.joints.size();
  HumanPose pose;
  pose.position.resize(n);
  pose.rotation.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    const HumanJoint& joint = clip.joints[j];
    const Eigen::Vector3d local = joint.offset + frame.translation[j];
    const Eigen::Matrix3d r_local = frame.rotation[j].toRotationMatrix();
    if (joint.parent < 0) {
      pose.position[j] = local;
      pose.rotation[j] = r_local;
    } else {
      const auto p = static_cast<std::size_t>(joint.parent);
      pose.position[j] = pose.position[p] + pose.rotation[p] * local;
      pose.rotation[j] = pose.rotation[p] * r_local;
    }
  }
  return pose;
}

Eigen::Quaterniond ComposeChannelRotation(const std::vector<Channel>& channels,
                                          const std::vector<double>& values_deg) {
  Eigen::Quaterniond r = Eigen::Quaterniond::Identity();
  for (std::size_t i = 0; i < channels.size() && i < values_deg.size(); ++i) {
    const double angle_rad = values_deg[i] * M_PI / 180.0;
    switch (channels[i]) {
      case Channel::kXrotation:
        r = r * Eigen::AngleAxisd(angle_rad, Eigen::Vector3d::UnitX());
        break;
      case Channel::kYrotation:
        r = r * Eigen::AngleAxisd(angle_rad, Eigen::Vector3d::UnitY());
        break;
      case Channel::kZrotation:
        r = r * Eigen::AngleAxisd(angle_rad, Eigen::Vector3d::UnitZ());
        break;
      default:
        break;
    }
  }
  return r.normalized();
}

}  // namespace tianmu::motion
