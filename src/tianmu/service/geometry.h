// The robot and scene geometry the dashboard draws: every geom of a compiled MuJoCo model with
// its type, size, body, pose in the body frame and colour, plus the body names.
#pragma once

#include <mujoco/mujoco.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tianmu::service {

/// Names of the model's bodies in index order ("body<i>" for unnamed ones).
std::vector<std::string> BodyNames(const mjModel* m);

/// {"bodies":[{name, parent}], "geoms":[{name, type, size, body, pos, quat, rgba}]}: sizes in
/// metres as MuJoCo defines them per type, pose (x y z, w x y z) in the body frame.
nlohmann::json GeometryJson(const mjModel* m);

}  // namespace tianmu::service
