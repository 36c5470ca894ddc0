// The random-walk expert: seeded, inside the robot's limits, described in words.
#include "tianmu/record/random_walk.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tianmu::record {
namespace {

using ::testing::HasSubstr;

control::locomotion::LocomotionConfig Limits() {
  control::locomotion::LocomotionConfig c;
  c.max_vx_mps = 0.7;
  c.max_backward_vx_mps = 0.4;
  c.max_vy_mps = 0.17;
  c.max_wz_radps = 0.4;
  return c;
}

TEST(RecordRandomWalk, SameSeedSameScheduleOtherSeedOtherSchedule) {
  RandomWalkOptions o;
  o.duration_s = 30;
  const auto a = RandomWalkSchedule(Limits(), 3, o);
  const auto b = RandomWalkSchedule(Limits(), 3, o);
  const auto c = RandomWalkSchedule(Limits(), 4, o);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].time_s, b[i].time_s);
    EXPECT_EQ(a[i].command.vx_mps, b[i].command.vx_mps);
  }
  EXPECT_NE(a[0].command.vx_mps, c[0].command.vx_mps);
}

TEST(RecordRandomWalk, CommandsStayWithinTheScaledLimitsAndSegmentsWithinTheirDurations) {
  RandomWalkOptions o;
  o.duration_s = 600;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const auto s = RandomWalkSchedule(Limits(), seed, o);
    ASSERT_GT(s.size(), 100u);
    EXPECT_DOUBLE_EQ(s[0].time_s, o.stand_s);
    EXPECT_FALSE(s[0].command.IsZero());  // the first segment walks
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto& c = s[i].command;
      EXPECT_LE(c.vx_mps, 0.6 * 0.7);
      EXPECT_GE(c.vx_mps, -0.6 * 0.4);
      EXPECT_LE(std::abs(c.vy_mps), 0.6 * 0.17);
      EXPECT_LE(std::abs(c.wz_radps), 0.6 * 0.4);
      if (i > 0) {
        EXPECT_GE(s[i].time_s - s[i - 1].time_s, o.min_segment_s - 1e-12);
        EXPECT_LE(s[i].time_s - s[i - 1].time_s, o.max_segment_s + 1e-12);
        EXPECT_FALSE(c.IsZero() && s[i - 1].command.IsZero());  // never two stops in a row
      }
    }
  }
}

TEST(RecordRandomWalk, CommandAtFollowsTheScheduleAndDescriptionNamesEachSegment) {
  const std::vector<control::TimedCommand> s = {
      {0.5, {0.3, 0, 0.1}}, {2.0, {}}, {3.0, {-0.2, 0.05, 0}}};
  EXPECT_EQ(CommandAt(s, 0.2), (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(CommandAt(s, 0.5), (std::array<double, 3>{0.3, 0, 0.1}));
  EXPECT_EQ(CommandAt(s, 2.5), (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(CommandAt(s, 9.0), (std::array<double, 3>{-0.2, 0.05, 0}));
  const std::string text = DescribeSchedule(s, 5.0);
  EXPECT_THAT(text, HasSubstr("Stand for 0.50 s"));
  EXPECT_THAT(text, HasSubstr("walk forward at 0.30 m/s"));
  EXPECT_THAT(text, HasSubstr("turning left at 0.10 rad/s, for 1.50 s"));
  EXPECT_THAT(text, HasSubstr("then stop for 1.00 s"));
  EXPECT_THAT(text, HasSubstr("walk backward at 0.20 m/s"));
}

}  // namespace
}  // namespace tianmu::record
