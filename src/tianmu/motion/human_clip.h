// Robot-independent human motion: a skeleton (joints with offsets and channel orders) and
// per-frame local rotations and translations, plus its forward kinematics (docs/motion.md).
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>
#include <string>
#include <vector>

namespace tianmu::motion {

/// One BVH channel: a translation or a rotation about one axis of the joint's parent frame.
enum class Channel { kXposition, kYposition, kZposition, kXrotation, kYrotation, kZrotation };

/// "Xposition", ..., "Zrotation" as BVH spells them.
const char* ChannelName(Channel channel);

/// One joint of a human skeleton (an "End Site" is a joint without channels).
struct HumanJoint {
  std::string name;                 ///< unique; end sites are called "<parent>_end"
  int parent = -1;                  ///< index into HumanClip::joints; -1 for the root
  Eigen::Vector3d offset{0, 0, 0};  ///< joint origin in the parent frame at rest, clip units
  std::vector<Channel> channels;    ///< in file order; rotations compose left to right
  bool end_site = false;            ///< true for an "End Site" (no channels, leaf)
};

/// One frame: every joint's local rotation and translation (channel values applied).
struct HumanFrame {
  std::vector<Eigen::Quaterniond> rotation;  ///< local rotation per joint (identity without)
  std::vector<Eigen::Vector3d> translation;  ///< position-channel values per joint, clip units
};

/// A human clip: skeleton (parents before children) and frames at a fixed rate.
struct HumanClip {
  std::vector<HumanJoint> joints;
  double frame_time_s = 1.0 / 30.0;  ///< seconds between frames
  std::vector<HumanFrame> frames;

  int num_frames() const { return static_cast<int>(frames.size()); }
  /// Index of the joint called `name`, or -1.
  int JointIndex(const std::string& name) const;
  /// A frame in which every joint is at rest (identity rotations, zero translations).
  HumanFrame RestFrame() const;
};

/// World pose of every joint of one frame, in the clip's own axes and units.
struct HumanPose {
  std::vector<Eigen::Vector3d> position;
  std::vector<Eigen::Matrix3d> rotation;  ///< world <- joint
};

/// Forward kinematics: p_j = p_parent + R_parent (offset_j + t_j), R_j = R_parent · r_j.
HumanPose HumanForwardKinematics(const HumanClip& clip, const HumanFrame& frame);

/// The local rotation of a channel sequence: R = R(c1, v1) · R(c2, v2) · ..., angles in degrees.
Eigen::Quaterniond ComposeChannelRotation(const std::vector<Channel>& channels,
                                          const std::vector<double>& values_deg);

}  // namespace tianmu::motion
