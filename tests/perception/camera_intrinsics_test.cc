// Pinhole intrinsics against MuJoCo's fovy convention, and the frustum that renders them.
#include "tianmu/perception/camera_intrinsics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace tianmu::perception {
namespace {

TEST(CameraIntrinsics, FovyOfSixtyDegreesGivesHalfHeightOverTanThirty) {
  const CameraIntrinsics k = IntrinsicsFromFovy(60, 320, 240);
  // fy = (H / 2) / tan(fovy / 2); square pixels; centre between the middle pixels.
  EXPECT_NEAR(k.fy_px, 120 / std::tan(std::numbers::pi / 6), 1e-9);
  EXPECT_DOUBLE_EQ(k.fx_px, k.fy_px);
  EXPECT_DOUBLE_EQ(k.cx_px, 159.5);
  EXPECT_DOUBLE_EQ(k.cy_px, 119.5);
  EXPECT_NEAR(k.FovyDeg(), 60, 1e-9);
}

TEST(CameraIntrinsics, PointsOnTheOpticalAxisLandOnThePrincipalPoint) {
  const CameraIntrinsics k = IntrinsicsFromFovy(45, 640, 480);
  const auto uv = k.Project({0, 0, 2});
  EXPECT_DOUBLE_EQ(uv[0], k.cx_px);
  EXPECT_DOUBLE_EQ(uv[1], k.cy_px);
  // x right, y down: a point up and to the right lands above and right of the centre.
  const auto up_right = k.Project({0.1, -0.1, 2});
  EXPECT_GT(up_right[0], k.cx_px);
  EXPECT_LT(up_right[1], k.cy_px);
}

TEST(CameraIntrinsics, CentredIntrinsicsGiveMujocosSymmetricFrustum) {
  // MuJoCo's own frustum for a fixed camera: top = near tan(fovy / 2), bottom = -top, centre 0.
  const double near_m = 0.05;
  const Frustum f = FrustumFor(IntrinsicsFromFovy(58, 320, 240), near_m);
  EXPECT_NEAR(f.top_m, near_m * std::tan(29 * std::numbers::pi / 180), 1e-12);
  EXPECT_NEAR(f.bottom_m, -f.top_m, 1e-12);
  EXPECT_NEAR(f.center_m, 0, 1e-12);
}

TEST(CameraIntrinsics, RobotYamlPinholeWinsOverFovy) {
  model::CameraSpec camera;
  camera.width_px = 320;
  camera.height_px = 240;
  camera.fx_px = camera.fy_px = 250;
  camera.cx_px = 150;
  camera.cy_px = 110;
  const CameraIntrinsics k = IntrinsicsOf(camera, 58);
  EXPECT_DOUBLE_EQ(k.fx_px, 250);
  EXPECT_DOUBLE_EQ(k.cx_px, 150);
  camera.fx_px = camera.fy_px = camera.cx_px = camera.cy_px = 0;
  camera.fovy_deg = 40;
  EXPECT_NEAR(IntrinsicsOf(camera, 58).FovyDeg(), 40, 1e-9);
  camera.fovy_deg = 0;
  EXPECT_NEAR(IntrinsicsOf(camera, 58).FovyDeg(), 58, 1e-9);
}

}  // namespace
}  // namespace tianmu::perception
