#include "tianmu/runtime/controller_factory.h"

#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/control/posture_controller.h"
#include "tianmu/core/error.h"

namespace tianmu::runtime {

const std::vector<std::string>& ControllerNames() {
  static const std::vector<std::string> names = {"wbc", "posture"};
  return names;
}

std::unique_ptr<control::Controller> MakeController(const std::string& name,
                                                    const model::RobotSpec& spec) {
  if (name == "posture") return std::make_unique<control::PostureController>(spec);
  if (name == "wbc") return std::make_unique<control::HumanoidController>(spec);
  std::string known;
  for (const std::string& n : ControllerNames()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("--controller: unknown controller '" + name + "' (expected one of: " + known +
                   ")");
}

}  // namespace tianmu::runtime
