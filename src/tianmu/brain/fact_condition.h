// Conditions over the symbolic world state: FactHolds (port fact, e.g. "at(robot, table)")
// succeeds when the fact is in the state the caller keeps current (from perception or effects).
#pragma once

#include "tianmu/brain/node_factory.h"
#include "tianmu/brain/world_state.h"

namespace tianmu::brain {

/// Registers FactHolds reading `state`, which must outlive the trees built. A fact port may be a
/// literal or a "{key}" holding the fact's text.
void RegisterFactConditions(NodeFactory& factory, const WorldState* state);

}  // namespace tianmu::brain
