#include "tianmu/control/locomotion/support_polygon.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_robots.h"

namespace tianmu::control::locomotion {
namespace {

TEST(SupportPolygon, OneSoleIsItsShrunkRectangle) {
  const SupportPolygon sole = SupportPolygon::FromFoot(Foot(1, 2), 0.22, 0.10, 0.01);
  EXPECT_EQ(sole.size(), 4);
  EXPECT_TRUE(sole.Contains(Eigen::Vector2d(1.09, 2.03)));
  EXPECT_FALSE(sole.Contains(Eigen::Vector2d(1.105, 2.0)));
  EXPECT_NEAR(sole.SignedDistance(Eigen::Vector2d(1, 2)), -0.04, 1e-12);  // 0.05 − 0.01 margin
  EXPECT_NEAR(sole.SignedDistance(Eigen::Vector2d(1.2, 2)), 0.1, 1e-12);
  const Eigen::Vector2d clipped = sole.Clip(Eigen::Vector2d(1.3, 2.2));
  EXPECT_NEAR(clipped.x(), 1.1, 1e-12);
  EXPECT_NEAR(clipped.y(), 2.04, 1e-12);
  EXPECT_LT((sole.Clip(Eigen::Vector2d(1.01, 2.01)) - Eigen::Vector2d(1.01, 2.01)).norm(), 1e-15);
}

TEST(SupportPolygon, TwoSolesSpanTheirConvexHullIncludingTheGapBetweenThem) {
  const SupportPolygon both =
      SupportPolygon::FromFeet(Foot(0, 0.09), Foot(0.2, -0.09, 0.3), 0.22, 0.10, 0);
  EXPECT_GE(both.size(), 4);
  EXPECT_LE(both.size(), 8);
  EXPECT_TRUE(both.Contains(Eigen::Vector2d(0.1, 0)));  // between the feet
  EXPECT_FALSE(both.Contains(Eigen::Vector2d(-0.2, -0.1)));
  // Counter-clockwise and convex.
  for (int i = 0; i < both.size(); ++i) {
    const Eigen::Vector2d a = both.vertex(i), b = both.vertex((i + 1) % both.size()),
                          c = both.vertex((i + 2) % both.size());
    EXPECT_GT((b - a).x() * (c - b).y() - (b - a).y() * (c - b).x(), 0);
  }
  // Clipping lands on the boundary and never moves an inside point.
  const Eigen::Vector2d far(1.0, 1.0);
  EXPECT_NEAR(both.SignedDistance(both.Clip(far)), 0, 1e-12);
  EXPECT_NEAR((far - both.Clip(far)).norm(), both.SignedDistance(far), 1e-12);
}

}  // namespace
}  // namespace tianmu::control::locomotion
