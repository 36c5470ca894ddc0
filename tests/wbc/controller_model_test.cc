// The controller's model is the robot as its drives feel it: each joint's reflected rotor
// inertia from its datasheet is in the mass matrix, as it is in the simulator.
#include <gtest/gtest.h>

#include "tianmu/control/robot_dynamics.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::control {
namespace {

TEST(ControllerModel, MassMatrixCarriesEachJointsReflectedRotorInertia) {
  for (const char* name : {"tm1", "tm1s"}) {
    const model::RobotSpec spec = model::LoadRobotByNameOrPath(name);
    RobotDynamics dynamics(spec);
    RobotState state;
    state.base_position_m.z() = spec.standing_base_height_m;
    state.q_rad.resize(spec.num_joints());
    state.dq_radps.setZero(spec.num_joints());
    for (int j = 0; j < spec.num_joints(); ++j) state.q_rad[j] = spec.joints[j].nominal_rad;
    dynamics.Update(state);
    // The same state on the MJCF alone.
    const mjModel* raw = spec.model.get();
    model::MjDataPtr d = model::MakeData(raw);
    for (int i = 0; i < raw->nq; ++i) d->qpos[i] = dynamics.data()->qpos[i];
    mj_forward(raw, d.get());
    RowMatrixXd raw_mass(raw->nv, raw->nv);
    mj_fullM(raw, raw_mass.data(), d->qM);
    int with_rotor = 0;
    for (int j = 0; j < spec.num_joints(); ++j) {
      const int dof = dynamics.JointDof(j);
      const double reflected = spec.joints[j].sheet.ReflectedInertiaKgm2();
      EXPECT_NEAR(dynamics.MassMatrix()(dof, dof) - raw_mass(dof, dof), reflected,
                  1e-9 + 1e-9 * reflected)
          << name << " " << spec.joints[j].name;
      with_rotor += reflected > 1e-4 ? 1 : 0;
    }
    // Every leg joint of the reference robots has a geared motor behind it.
    EXPECT_GE(with_rotor, 12) << name;
  }
}

}  // namespace
}  // namespace tianmu::control
