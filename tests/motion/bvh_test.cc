// BVH parsing: hierarchy, offsets, channel orders and frame time against hand-computed forward
// kinematics; malformed files raise InputError naming the line.
#include "tianmu/motion/bvh.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tianmu/core/error.h"

namespace tianmu::motion {
namespace {

using ::testing::HasSubstr;
const std::string kData = TIANMU_TEST_DATA_DIR;

void ExpectNear(const Eigen::Vector3d& actual, const Eigen::Vector3d& expected) {
  EXPECT_NEAR((actual - expected).norm(), 0.0, 1e-9)
      << actual.transpose() << " vs " << expected.transpose();
}

TEST(MotionBvh, ReadsHierarchyOffsetsChannelsAndFrameTime) {
  const HumanClip clip = LoadBvh(kData + "/arm3.bvh");
  ASSERT_EQ(clip.joints.size(), 4u);  // Shoulder, Elbow, Wrist, Wrist_end
  EXPECT_EQ(clip.joints[0].name, "Shoulder");
  EXPECT_EQ(clip.joints[3].name, "Wrist_end");
  EXPECT_TRUE(clip.joints[3].end_site);
  EXPECT_EQ(clip.joints[2].parent, 1);
  ExpectNear(clip.joints[1].offset, {0, -10, 0});
  ASSERT_EQ(clip.joints[1].channels.size(), 3u);
  EXPECT_EQ(clip.joints[1].channels[0], Channel::kZrotation);
  EXPECT_EQ(clip.joints[2].channels[0], Channel::kXrotation);
  EXPECT_EQ(clip.joints[0].channels.size(), 6u);
  EXPECT_DOUBLE_EQ(clip.frame_time_s, 0.04);
  EXPECT_EQ(clip.num_frames(), 3);
}

// Positions worked out by hand in the comments of each frame (see also arm3.bvh).
TEST(MotionBvh, ForwardKinematicsMatchesHandComputedPositionsForZxyAndXyzOrders) {
  const HumanClip clip = LoadBvh(kData + "/arm3.bvh");
  // Frame 0: translation (1, 2, 3), no rotation: the chain hangs straight down.
  HumanPose p = HumanForwardKinematics(clip, clip.frames[0]);
  ExpectNear(p.position[1], {1, -8, 3});
  ExpectNear(p.position[3], {1, -18, 3});
  // Frame 1: root Z 90 turns -y into +x; the wrist adds Z 90 more, so its end site points +y.
  p = HumanForwardKinematics(clip, clip.frames[1]);
  ExpectNear(p.position[1], {10, 0, 0});
  ExpectNear(p.position[2], {18, 0, 0});
  ExpectNear(p.position[3], {18, 2, 0});
  // Frame 2: root ZXY (Z 90, X 90): R = Rz Rx sends -y to -z. Wrist XYZ (X 90, Z 90):
  // global Rz Rx Rx Rz sends the end offset (0,-2,0) to (0,2,0). In the other order (Rz Rx as
  // ZXY) the end site would land at (0,0,-20) instead.
  p = HumanForwardKinematics(clip, clip.frames[2]);
  ExpectNear(p.position[1], {0, 0, -10});
  ExpectNear(p.position[2], {0, 0, -18});
  ExpectNear(p.position[3], {0, 2, -18});
}

TEST(MotionBvh, WrittenClipsReadBackToTheSamePoses) {
  const HumanClip clip = LoadBvh(kData + "/walk_in_place.bvh");
  const HumanClip again = ParseBvh(WriteBvh(clip, 8), "round-trip");
  ASSERT_EQ(again.joints.size(), clip.joints.size());
  ASSERT_EQ(again.num_frames(), clip.num_frames());
  for (int f = 0; f < clip.num_frames(); f += 17) {
    const HumanPose a = HumanForwardKinematics(clip, clip.frames[static_cast<std::size_t>(f)]);
    const HumanPose b = HumanForwardKinematics(again, again.frames[static_cast<std::size_t>(f)]);
    for (std::size_t j = 0; j < a.position.size(); ++j) {
      EXPECT_LT((a.position[j] - b.position[j]).norm(), 1e-5) << clip.joints[j].name;
    }
  }
}

// The InputError of parsing `text`, or a failure when it parses.
InputError ParseError(const std::string& text) {
  try {
    ParseBvh(text, "bad.bvh");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed:\n" << text;
  return InputError("none");
}

TEST(MotionBvh, MalformedFilesRaiseInputErrorsNamingTheLine) {
  try {
    LoadBvh(kData + "/bad_channel.bvh");
    FAIL() << "parsed";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 5);
    EXPECT_THAT(e.what(), HasSubstr("bad_channel.bvh:5"));
    EXPECT_THAT(e.what(), HasSubstr("Wrotation"));
  }
  try {
    LoadBvh(kData + "/short_frame.bvh");
    FAIL() << "parsed";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 20);
    EXPECT_THAT(e.what(), HasSubstr("9 channel values"));
  }
  const std::string head =
      "HIERARCHY\nROOT Hips\n{\n  OFFSET 0 0 0\n  CHANNELS 3 Xposition Yposition Zposition\n";
  EXPECT_EQ(ParseError("HIERARCHY\nROOT Hips\n{\n  OFFSET 0 x 0\n").line(), 4);
  EXPECT_EQ(ParseError(head + "}\nMOTION\nFrames: 2\nFrame Time: 0.1\n0 0 0\n").line(), 10);
  EXPECT_EQ(ParseError(head + "}\nMOTION\nFrames: 1\nFrame Time: -1\n0 0 0\n").line(), 9);
  EXPECT_EQ(ParseError(head + "  JOINT\n").line(), 6);
  EXPECT_EQ(ParseError(head + "}\nFrames: 1\n").line(), 7);
  EXPECT_EQ(ParseError("MOTION\n").line(), 1);
}

}  // namespace
}  // namespace tianmu::motion
