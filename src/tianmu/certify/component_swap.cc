// Component-in-the-loop swaps (see component_swap.h).
#include "tianmu/certify/component_swap.h"

#include "tianmu/actuators/datasheet.h"
#include "tianmu/core/assets.h"
#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

std::vector<int> SelectJoints(const model::RobotSpec& spec, const std::string& selector) {
  std::vector<std::string> groups;
  if (selector == "legs") {
    groups = {"left_leg", "right_leg"};
  } else if (selector == "arms") {
    groups = {"left_arm", "right_arm"};
  } else if (selector == "hands") {
    groups = {"left_hand", "right_hand"};
  } else {
    groups = {selector};
  }
  std::vector<int> out;
  for (const std::string& g : groups) {
    if (const model::GroupSpec* group = spec.Group(g)) {
      out.insert(out.end(), group->joints.begin(), group->joints.end());
    }
  }
  if (out.empty()) {
    const int j = spec.JointIndex(selector);
    if (j >= 0) out.push_back(j);
  }
  if (out.empty()) {
    std::string known = "legs, arms, hands";
    for (const model::GroupSpec& g : spec.groups) known += ", " + g.name;
    throw InputError("--component: '" + selector + "' is neither a joint group nor a joint of " +
                     spec.name + " (groups: " + known + ")");
  }
  return out;
}

}  // namespace

ComponentSwap ParseComponentSwap(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw InputError("--component: expected JOINT_GROUP=DATASHEET.yaml, got '" + text + "'");
  }
  ComponentSwap swap;
  swap.selector = text.substr(0, eq);
  swap.datasheet = text.substr(eq + 1);
  return swap;
}

void ApplyComponentSwaps(std::vector<ComponentSwap>* swaps, model::RobotSpec* spec) {
  if (swaps->empty()) return;
  actuators::ComponentLibrary library = actuators::LoadComponentLibrary(AssetsDir() / "components");
  for (ComponentSwap& swap : *swaps) {
    if (!std::filesystem::exists(swap.datasheet)) {
      throw InputError("--component: no datasheet file '" + swap.datasheet.string() + "'");
    }
    const ConfigNode root = ConfigNode::LoadFile(swap.datasheet);
    const ConfigNode kind = root.Required("kind");
    if (kind.AsString() != "integrated_joint") kind.Fail("integrated_joint");
    swap.component_id = root.Required("id").AsString();
    // A datasheet already in the library (same file) is used as it is; another file is added
    // (an integrated joint of the same id replaces the library's).
    const auto known = library.files.find(swap.component_id);
    const bool same_file =
        known != library.files.end() && std::filesystem::weakly_canonical(known->second) ==
                                            std::filesystem::weakly_canonical(swap.datasheet);
    if (!same_file) actuators::LoadComponentFile(swap.datasheet, &library);
    const actuators::IntegratedJointSheet& sheet = library.Joint(swap.component_id);
    for (int j : SelectJoints(*spec, swap.selector)) {
      model::JointSpec& joint = spec->joints[j];
      joint.component = sheet.id;
      joint.sheet = sheet;
      joint.peak_torque_Nm = sheet.PeakTorqueNm();
      joint.max_velocity_radps = sheet.NoLoadSpeedRadps();
      swap.joints.push_back(joint.name);
    }
  }
}

}  // namespace tianmu::certify
