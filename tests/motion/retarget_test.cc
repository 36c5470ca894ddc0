// Retargeting: a clip made from the robot's own forward kinematics comes back with (near) zero
// keypoint error inside the limits; demands beyond a joint's range are reported; foot-skate
// clean-up reduces foot slide; bad maps raise InputErrors naming the line.
#include "tianmu/motion/retarget.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "tianmu/core/error.h"
#include "tianmu/motion/bvh.h"
#include "tianmu/motion/motion_map.h"

namespace tianmu::motion {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
const std::string kData = TIANMU_TEST_DATA_DIR;

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

fs::path TempFile(const std::string& name, const std::string& content) {
  const fs::path dir = fs::temp_directory_path() / ("tianmu-motion-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name) << content;
  return dir / name;
}

// A BVH whose skeleton is the robot's kinematic tree (one joint per body, offsets from the MJCF,
// metres, z up, x forward) and whose frames are the robot's forward kinematics of q(t): the
// exact answer of retargeting it is q(t) itself.
HumanClip ClipFromRobotMotion(const model::RobotSpec& spec,
                              const std::function<std::vector<double>(double)>& q_of_t,
                              double duration_s, double fps) {
  const mjModel* m = spec.model.get();
  HumanClip clip;
  clip.frame_time_s = 1.0 / fps;
  for (int b = 1; b < m->nbody; ++b) {
    HumanJoint joint;
    joint.name = mj_id2name(m, mjOBJ_BODY, b);
    joint.parent = m->body_parentid[b] - 1;
    joint.offset =
        Eigen::Vector3d(m->body_pos[3 * b], m->body_pos[3 * b + 1], m->body_pos[3 * b + 2]);
    if (joint.parent < 0) {
      joint.offset.setZero();
      joint.channels = {Channel::kXposition, Channel::kYposition, Channel::kZposition};
    }
    for (Channel c : {Channel::kZrotation, Channel::kXrotation, Channel::kYrotation}) {
      joint.channels.push_back(c);
    }
    clip.joints.push_back(joint);
  }
  for (int f = 0; f * clip.frame_time_s <= duration_s + 1e-9; ++f) {
    const std::vector<double> q = q_of_t(f * clip.frame_time_s);
    HumanFrame frame = clip.RestFrame();
    for (int b = 1; b < m->nbody; ++b) {
      Eigen::Quaterniond r(m->body_quat[4 * b], m->body_quat[4 * b + 1], m->body_quat[4 * b + 2],
                           m->body_quat[4 * b + 3]);
      for (int k = 0; k < m->body_jntnum[b]; ++k) {
        const int jid = m->body_jntadr[b] + k;
        if (m->jnt_type[jid] != mjJNT_HINGE) continue;
        const int index = spec.JointIndex(mj_id2name(m, mjOBJ_JOINT, jid));
        const double angle = index >= 0 ? q[static_cast<std::size_t>(index)] : 0.0;
        const Eigen::Vector3d axis(m->jnt_axis[3 * jid], m->jnt_axis[3 * jid + 1],
                                   m->jnt_axis[3 * jid + 2]);
        r = r * Eigen::AngleAxisd(angle, axis);
      }
      frame.rotation[static_cast<std::size_t>(b - 1)] = r;
    }
    frame.translation[0] = Eigen::Vector3d(0, 0, spec.standing_base_height_m);
    clip.frames.push_back(frame);
  }
  // Through the text format, so the writer's Euler decomposition is part of the loop.
  return ParseBvh(WriteBvh(clip, 9), "robot-fk.bvh");
}

constexpr const char* kSelfMap = R"(robot: tm1
human_axes: {up: z, forward: x}
human_leg: [left_hip_pitch_link, left_knee_link, left_ankle_pitch_link]
robot_leg: [left_hip_pitch_link, left_knee_link, left_ankle_pitch_link]
keypoints:
  - {human: pelvis, robot: pelvis, position_weight: 2, orientation_weight: 1}
  - {human: torso, robot: torso, position_weight: 1, orientation_weight: 1}
  - {human: head, robot: head, position_weight: 1, orientation_weight: 1}
  - {human: left_elbow_link, robot: left_elbow_link, position_weight: 1}
  - {human: left_hand, robot: left_hand, position_weight: 2, orientation_weight: 1}
  - {human: right_elbow_link, robot: right_elbow_link, position_weight: 1}
  - {human: right_hand, robot: right_hand, position_weight: 2, orientation_weight: 1}
  - {human: left_knee_link, robot: left_knee_link, position_weight: 1}
  - {human: right_knee_link, robot: right_knee_link, position_weight: 1}
  - {human: left_foot, robot: left_foot, position_weight: 3, orientation_weight: 1, foot: left}
  - {human: right_foot, robot: right_foot, position_weight: 3, orientation_weight: 1, foot: right}
)";

// Nominal posture plus smooth, in-range motion of arms, waist and head (elbows kept bent so the
// upper-arm yaw is observable from the hand position).
std::vector<double> UpperBodyMotion(const model::RobotSpec& spec, double t) {
  std::vector<double> q = spec.NominalPosture();
  for (int j = 0; j < spec.num_joints(); ++j) {
    const model::JointSpec& js = spec.joints[static_cast<std::size_t>(j)];
    const double phase = 0.7 * j;
    const double wave = std::sin(2 * M_PI * t / 2.0 + phase);
    if (js.group == "left_arm" || js.group == "right_arm") {
      q[static_cast<std::size_t>(j)] += 0.3 * wave;
      if (js.name.find("elbow") != std::string::npos)
        q[static_cast<std::size_t>(j)] = -0.9 + 0.3 * wave;
    } else if (js.group == "waist" || js.group == "head") {
      q[static_cast<std::size_t>(j)] += 0.2 * wave;
    }
  }
  return q;
}

TEST(MotionRetarget, RecoversTheRobotsOwnMotionWithinMillimetresAndLimits) {
  const model::RobotSpec& spec = Tm1();
  const MotionMap map = LoadMotionMap(TempFile("self_map.yaml", kSelfMap), spec);
  const HumanClip human = ClipFromRobotMotion(
      spec, [&](double t) { return UpperBodyMotion(spec, t); }, 2.0, 30);
  const RetargetResult r = Retarget(spec, map, human, "robot-fk");
  EXPECT_NEAR(r.scale, 1.0, 1e-9);
  ASSERT_EQ(r.clip.num_frames(), human.num_frames());
  EXPECT_TRUE(r.violations.empty());
  // The targets are reachable exactly; what remains is the Gauss-Newton residual after 8
  // warm-started iterations and the small smoothness/posture priors (well under 5 mm).
  ASSERT_TRUE(r.quality.keypoint_error_mean_cm.has_value());
  EXPECT_LT(*r.quality.keypoint_error_mean_cm, 0.3);
  EXPECT_LT(*r.quality.keypoint_error_max_cm, 1.0);
  EXPECT_EQ(r.quality.joint_limit_violations, 0);
  EXPECT_EQ(r.quality.ground_penetration_frames, 0);
  double squared = 0;
  int count = 0;
  for (int f = 0; f < r.clip.num_frames(); ++f) {
    const std::vector<double> truth = UpperBodyMotion(spec, f / 30.0);
    for (int j = 0; j < spec.num_joints(); ++j) {
      const model::JointSpec& js = spec.joints[static_cast<std::size_t>(j)];
      if (js.group.find("hand") != std::string::npos) continue;
      const double e =
          r.clip.frames[static_cast<std::size_t>(f)].q_rad[static_cast<std::size_t>(j)] -
          truth[static_cast<std::size_t>(j)];
      squared += e * e;
      ++count;
    }
  }
  // 0.02 rad RMS: a joint error that moves a 0.5 m arm by 1 cm, the keypoint bound above.
  EXPECT_LT(std::sqrt(squared / count), 0.02);
}

TEST(MotionRetarget, DemandsBeyondJointLimitsAreReportedNotSilentlyClipped) {
  const model::RobotSpec& spec = Tm1();
  const MotionMap map = LoadMotionMap(TempFile("self_map.yaml", kSelfMap), spec);
  const int head = spec.JointIndex("head_pitch");
  // The head pitches to 1.4 rad in the middle second; its range ends at 0.9 and no other joint
  // can pitch the head's frame without moving the tracked torso and pelvis.
  const HumanClip human = ClipFromRobotMotion(
      spec,
      [&](double t) {
        std::vector<double> q = spec.NominalPosture();
        const double s = std::sin(M_PI * std::clamp(t - 0.5, 0.0, 1.0));
        q[static_cast<std::size_t>(head)] = 1.4 * s;
        return q;
      },
      2.0, 30);
  const RetargetResult r = Retarget(spec, map, human, "overextended");
  ASSERT_FALSE(r.violations.empty());
  for (const LimitViolation& v : r.violations) {
    EXPECT_EQ(v.joint, "head_pitch");
    EXPECT_FALSE(v.velocity);
  }
  EXPECT_GE(r.quality.joint_limit_violations, static_cast<int>(r.violations.size()));
  // The clip itself stays inside the range (what the robot can do), with the demand reported.
  for (const RobotFrame& f : r.clip.frames) {
    EXPECT_LE(f.q_rad[static_cast<std::size_t>(head)],
              spec.joints[static_cast<std::size_t>(head)].upper_rad + 1e-9);
  }
}

TEST(MotionRetarget, FootSkateCleanUpReducesSlideOfAWalkInPlace) {
  const model::RobotSpec& spec = Tm1();
  const MotionMap map = LoadMotionMap(DefaultMotionMapPath(spec), spec);
  const HumanClip human = LoadBvh(kData + "/walk_in_place.bvh");
  RetargetOptions raw;
  raw.clean_foot_skate = false;
  const RetargetResult skating = Retarget(spec, map, human, "walk", raw);
  const RetargetResult cleaned = Retarget(spec, map, human, "walk");
  // 60 fps clip: kept at 60 fps; both feet alternate between stance and swing.
  EXPECT_NEAR(cleaned.clip.fps, 60.0, 0.01);  // "Frame Time: 0.016667" in the file
  int left_contact = 0, right_contact = 0;
  for (const auto& c : cleaned.detected_contacts) {
    left_contact += c[0];
    right_contact += c[1];
  }
  EXPECT_GT(left_contact, 40);
  EXPECT_GT(right_contact, 40);
  EXPECT_LT(left_contact, cleaned.clip.num_frames());
  // The 3 cm hip sway drags the stance feet of the raw retarget; pinning removes most of it.
  EXPECT_GT(skating.quality.foot_slide_cm, 5.0);
  EXPECT_LT(cleaned.quality.foot_slide_cm, 0.3 * skating.quality.foot_slide_cm);
  EXPECT_EQ(cleaned.quality.ground_penetration_frames, 0);
  EXPECT_TRUE(cleaned.violations.empty());
}

TEST(MotionRetarget, AMapNamingAnUnknownLinkIsAnInputErrorWithItsLine) {
  std::string text = kSelfMap;
  const std::string from = "robot: left_elbow_link";
  text.replace(text.find(from), from.size(), "robot: left_elbow_lnk");
  try {
    LoadMotionMap(TempFile("bad_map.yaml", text), Tm1());
    FAIL() << "loaded";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 9);
    EXPECT_THAT(e.what(), HasSubstr("unknown link 'left_elbow_lnk'"));
  }
}

TEST(MotionRetarget, AClipLackingAMappedHumanJointIsAnInputErrorNamingTheMapLine) {
  const MotionMap map = LoadMotionMap(DefaultMotionMapPath(Tm1()), Tm1());
  const HumanClip arm = LoadBvh(kData + "/arm3.bvh");
  try {
    Retarget(Tm1(), map, arm, "arm3.bvh");
    FAIL() << "retargeted";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("motion_map.yaml:"));
    EXPECT_THAT(e.what(), HasSubstr("arm3.bvh"));
  }
}

}  // namespace
}  // namespace tianmu::motion
