#include "tianmu/perception/camera_pose.h"

namespace tianmu::perception {

CameraPose CameraPoseOf(const mjData* data, int camera_id) {
  CameraPose pose;
  for (int r = 0; r < 3; ++r) {
    pose.position_W_m[r] = data->cam_xpos[3 * camera_id + r];
    for (int c = 0; c < 3; ++c) pose.rotation_W_C(r, c) = data->cam_xmat[9 * camera_id + 3 * r + c];
  }
  // MuJoCo's camera looks along its -z with y up; OpenCV's looks along +z with y down.
  pose.rotation_W_C.col(1) *= -1;
  pose.rotation_W_C.col(2) *= -1;
  return pose;
}

}  // namespace tianmu::perception
