// Controllers by name, for the command line and tools: "posture" (joint PD posture hold) and
// "wbc" (the cerebellum: estimator + whole-body QP balance and walking).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tianmu/control/controller.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::runtime {

/// Names MakeController accepts.
const std::vector<std::string>& ControllerNames();

/// A new controller for `spec`; raises InputError listing the names when `name` is unknown.
std::unique_ptr<control::Controller> MakeController(const std::string& name,
                                                    const model::RobotSpec& spec);

}  // namespace tianmu::runtime
