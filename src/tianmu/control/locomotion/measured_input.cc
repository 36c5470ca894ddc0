#include "tianmu/control/locomotion/measured_input.h"

namespace tianmu::control::locomotion {

void MeasureLocomotionInput(const RobotDynamics& dynamics, LocomotionInput* input) {
  input->com_position_m = dynamics.CoM();
  input->com_velocity_mps = dynamics.CoMVelocity();
  for (int i = 0; i < 2; ++i) {
    const int site = dynamics.binding().feet[i].sole_site;
    input->feet[i].position_m = dynamics.SitePosition(site);
    input->feet[i].yaw_rad = YawOf(dynamics.SiteRotation(site));
  }
}

}  // namespace tianmu::control::locomotion
