// The offscreen renderer against ground truth: a plate at a known pose must appear where the
// pinhole model with the camera's intrinsics projects it, with the simulator's distance as its
// depth; the TM-1 head camera's depth must match MuJoCo's ray casts through the same pixels.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "box_scene.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/egl_context.h"
#include "tianmu/perception/offscreen_renderer.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

namespace tianmu::perception {
namespace {

using testing::BoxSceneXml;
using testing::CompileXml;
using testing::FindRed;
using testing::RedBlob;

// The centre of camera `cam`'s pixel (u, v) as a ray in the world: z-depth along the optical
// axis equals the ray parameter, since the direction's optical-axis component is 1.
std::array<mjtNum, 3> PixelRayWorld(const mjData* d, int cam, const CameraIntrinsics& k, double u,
                                    double v) {
  // OpenCV camera frame (x right, y down, z forward) to MuJoCo's (x right, y up, z back).
  const mjtNum ray_mj[3] = {(u - k.cx_px) / k.fx_px, -(v - k.cy_px) / k.fy_px, -1};
  std::array<mjtNum, 3> ray_W{};
  mju_mulMatVec(ray_W.data(), d->cam_xmat + 9 * cam, ray_mj, 3, 3);
  return ray_W;
}

// MuJoCo's own ray cast from the camera through pixel (u, v) against the rendered geom groups
// (0-2), leaving out the body carrying the camera (the ray starts on its surface, where the
// renderer's near plane clips it): the z-depth there, or -1 when the ray hits nothing.
double RayDepthM(const mjModel* m, const mjData* d, int cam, const CameraIntrinsics& k, double u,
                 double v) {
  const std::array<mjtNum, 3> ray = PixelRayWorld(d, cam, k, u, v);
  const mjtByte groups[mjNGROUP] = {1, 1, 1, 0, 0, 0};
  int geom = -1;
  return mj_ray(m, d, d->cam_xpos + 3 * cam, ray.data(), groups, 1, m->cam_bodyid[cam], &geom);
}

// The plate's front-face centre in the camera frame (OpenCV convention).
std::array<double, 3> PlateFaceInCamera(const mjModel* m, const mjData* d, int cam) {
  const int geom = mj_name2id(m, mjOBJ_GEOM, "plate");
  const mjtNum* c = d->geom_xpos + 3 * geom;
  const mjtNum face_W[3] = {c[0] - m->geom_size[3 * geom], c[1], c[2]};
  mjtNum offset_W[3];
  mju_sub3(offset_W, face_W, d->cam_xpos + 3 * cam);
  mjtNum p_mj[3];
  mju_mulMatTVec(p_mj, d->cam_xmat + 9 * cam, offset_W, 3, 3);
  return {p_mj[0], -p_mj[1], -p_mj[2]};
}

struct PlateCase {
  double x_m, y_m, z_m;
};

// Names the plate's position in test output.
void PrintTo(const PlateCase& plate, std::ostream* out) {
  *out << "plate at (" << plate.x_m << ", " << plate.y_m << ", " << plate.z_m << ") m";
}

class PlateInFrontOfTheCamera : public ::testing::TestWithParam<PlateCase> {};

void ExpectPlateWhereProjected(const PlateCase& plate, const CameraIntrinsics& k) {
  EglContext egl;  // must start: scripts/setup.sh installs surfaceless Mesa
  model::MjModelPtr m = CompileXml(BoxSceneXml(plate.x_m, plate.y_m, plate.z_m));
  OffscreenRenderer renderer(m.get(), k.width_px, k.height_px, RenderQuality::kFast);
  model::MjDataPtr d = model::MakeData(m.get());
  mj_forward(m.get(), d.get());
  const int cam = mj_name2id(m.get(), mjOBJ_CAMERA, "eye");
  RgbImage rgb;
  DepthImage depth;
  renderer.RenderCamera(d.get(), cam, k, &rgb, &depth);
  ASSERT_EQ(rgb.width_px, k.width_px);
  ASSERT_EQ(depth.height_px, k.height_px);

  const std::array<double, 3> face_C = PlateFaceInCamera(m.get(), d.get(), cam);
  const std::array<double, 2> uv = k.Project(face_C);
  const RedBlob blob = FindRed(rgb);
  // The plate spans 0.2 x 0.16 m at z: about that many pixels (edges rasterise to +-1 px).
  const double expected_pixels = (0.2 * k.fx_px / face_C[2]) * (0.16 * k.fy_px / face_C[2]);
  EXPECT_NEAR(blob.pixels, expected_pixels, 0.1 * expected_pixels);
  // A face parallel to the image plane projects affinely, so its centroid is the projection of
  // its centre; rasterisation moves each edge by at most half a pixel.
  EXPECT_NEAR(blob.col, uv[0], 1.0) << "projected column " << uv[0];
  EXPECT_NEAR(blob.row, uv[1], 1.0) << "projected row " << uv[1];

  const int col = static_cast<int>(std::lround(uv[0]));
  const int row = static_cast<int>(std::lround(uv[1]));
  const double truth_m = RayDepthM(m.get(), d.get(), cam, k, col, row);
  ASSERT_GT(truth_m, 0) << "MuJoCo's ray through the plate's centre pixel hits nothing";
  // The face is parallel to the image plane: its depth is the face centre's z everywhere.
  EXPECT_NEAR(truth_m, face_C[2], 1e-9);
  // 24-bit depth at near = 0.01 m resolves better than 0.1 mm at 3 m; 1 cm is the sensor bar.
  EXPECT_NEAR(depth.At(col, row), truth_m, 0.01);
  // Nothing behind the plate: the background has no depth.
  EXPECT_EQ(depth.At(0, 0), 0.0f);
}

TEST_P(PlateInFrontOfTheCamera, AppearsWhereMujocoFovyIntrinsicsProjectIt) {
  ExpectPlateWhereProjected(GetParam(), IntrinsicsFromFovy(60, 320, 240));
}

TEST_P(PlateInFrontOfTheCamera, AppearsWhereOffCentrePinholeIntrinsicsProjectIt) {
  // robot.yaml fx/fy/cx/cy with the principal point away from the image centre.
  CameraIntrinsics k;
  k.width_px = 320;
  k.height_px = 240;
  k.fx_px = k.fy_px = 240;
  k.cx_px = 140.25;
  k.cy_px = 131.5;
  ExpectPlateWhereProjected(GetParam(), k);
}

INSTANTIATE_TEST_SUITE_P(Poses, PlateInFrontOfTheCamera,
                         ::testing::Values(PlateCase{2.0, 0.0, 1.0}, PlateCase{2.0, 0.3, 1.2},
                                           PlateCase{1.2, -0.25, 0.8}, PlateCase{3.5, 0.6, 1.4}));

TEST(OffscreenRenderer, Tm1HeadCameraDepthMatchesRayCastsInTheStandingScene) {
  EglContext egl;
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  sim::World world(spec, sim::ResolveScene("flat"), sim::WorldOptions{});
  ASSERT_FALSE(spec.cameras.empty());
  const model::CameraSpec& camera = spec.cameras[0];
  const mjModel* m = world.model();
  const int cam = mj_name2id(m, mjOBJ_CAMERA, camera.name.c_str());
  ASSERT_GE(cam, 0);
  const CameraIntrinsics k = IntrinsicsOf(camera, m->cam_fovy[cam]);
  OffscreenRenderer renderer(m, k.width_px, k.height_px, RenderQuality::kFast);
  model::MjDataPtr d = model::MakeData(m);
  mju_copy(d->qpos, world.data()->qpos, m->nq);
  mj_kinematics(m, d.get());
  mj_camlight(m, d.get());
  RgbImage rgb;
  DepthImage depth;
  renderer.RenderCamera(d.get(), cam, k, &rgb, &depth);

  // The head looks ahead over a floor: rows well below the horizon see it within 10 m.
  int compared = 0;
  int agreeing = 0;
  for (int row = 4; row < k.height_px; row += 8) {
    for (int col = 4; col < k.width_px; col += 8) {
      const double truth_m = RayDepthM(m, d.get(), cam, k, col, row);
      if (truth_m < 0 || truth_m > 10) continue;
      ++compared;
      if (std::abs(depth.At(col, row) - truth_m) < 0.01) ++agreeing;
    }
  }
  EXPECT_GT(compared, 300);  // of 1200 grid pixels, the floor's lower part at least
  // Pixels on a geom's silhouette may see either side of it; everything else must agree.
  EXPECT_GE(agreeing, 0.97 * compared) << agreeing << " of " << compared;
}

}  // namespace
}  // namespace tianmu::perception
