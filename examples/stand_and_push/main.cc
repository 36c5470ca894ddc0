// Stand a robot, push it, and report what happened, using Tianmu as an installed library:
// the robot description, the simulated robot behind the HAL port, and a controller of your own.
//   stand_and_push [ROBOT] [IMPULSE_Ns]
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "tianmu/control/posture_controller.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/sim/scene.h"
#include "tianmu/sim/world.h"

// A controller of our own: the library's posture hold, softened on the arms.
class SoftArmsController : public tianmu::control::Controller {
 public:
  explicit SoftArmsController(const tianmu::model::RobotSpec& spec) : hold_(spec), spec_(spec) {}
  void Reset(const tianmu::hal::LowState& state) override { hold_.Reset(state); }
  void Compute(const tianmu::hal::LowState& state, tianmu::hal::LowCmd* cmd) override {
    hold_.Compute(state, cmd);
    for (const char* group : {"left_arm", "right_arm"}) {
      const tianmu::model::GroupSpec* g = spec_.Group(group);
      if (g == nullptr) continue;
      for (int j : g->joints) cmd->kp_Nm_per_rad[j] *= 0.5;
    }
  }
  const char* name() const override { return "soft-arms"; }

 private:
  tianmu::control::PostureController hold_;
  const tianmu::model::RobotSpec& spec_;
};

int main(int argc, char** argv) {
  try {
    const tianmu::model::RobotSpec spec =
        tianmu::model::LoadRobotByNameOrPath(argc > 1 ? argv[1] : "tm1");
    const double impulse_Ns = argc > 2 ? std::atof(argv[2]) : 5.0;
    tianmu::sim::World world(spec, tianmu::sim::ResolveScene("flat"), {});
    tianmu::sim::Perturbation push;
    push.start_s = 0.5;
    push.body = "base";
    push.force_N = {impulse_Ns / push.duration_s, 0, 0};
    world.AddPerturbation(push);
    tianmu::hal::SimPort port(&world, {});
    SoftArmsController controller(spec);
    tianmu::hal::LowState state;
    tianmu::hal::LowCmd cmd;
    for (int tick = 0; tick < 2000; ++tick) {
      port.ReadState(&state);
      controller.Compute(state, &cmd);
      port.WriteCommand(cmd);
      port.Advance();
    }
    const tianmu::sim::GroundTruth truth = world.Truth();
    std::printf("%s after a %.1f N*s push: base at %.3f m height, %s\n", spec.name.c_str(),
                impulse_Ns, truth.base_position_m[2], world.Fallen() ? "fallen" : "standing");
    return world.Fallen() ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stand_and_push: %s\n", e.what());
    return 2;
  }
}
