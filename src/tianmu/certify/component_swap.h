// Component-in-the-loop: swap the integrated joints of a joint group for another datasheet for
// one certification run, so two suppliers' actuators are compared on the same robot and battery.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/model/robot_spec.h"

namespace tianmu::certify {

/// One swap: every joint selected by `selector` gets the integrated joint in `datasheet`.
struct ComponentSwap {
  std::string selector;  ///< a group ("left_leg"), "legs", "arms", "hands", or a joint name
  std::filesystem::path datasheet;
  std::string component_id;         ///< filled by ApplyComponentSwaps
  std::vector<std::string> joints;  ///< filled by ApplyComponentSwaps
};

/// Parses "SELECTOR=DATASHEET.yaml"; InputError when malformed.
ComponentSwap ParseComponentSwap(const std::string& text);

/// Loads each datasheet (an integrated_joint file; its parts must be in assets/components or
/// in the same file set) and replaces the selected joints' component, datasheet, peak torque
/// and speed in `spec`. InputError for unknown selectors or datasheets of another kind.
void ApplyComponentSwaps(std::vector<ComponentSwap>* swaps, model::RobotSpec* spec);

}  // namespace tianmu::certify
