// Capabilities a robot declares rather than a certification measures (the number of hands),
// read from its robot.yaml.
#pragma once

#include <optional>
#include <string>

namespace tianmu::match {

/// The number of hands robot.yaml declares under `hands:` for the shipped robot `robot`
/// (assets/robots/NAME/robot.yaml); nullopt, with `reason` set, when there is no such file.
std::optional<double> DeclaredHandCount(const std::string& robot, std::string* reason);

}  // namespace tianmu::match
