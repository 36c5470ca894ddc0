// Writes a loaded tree back as BehaviorTree.CPP v4 XML (what Groot2 opens): the main tree, one
// <BehaviorTree> per subtree used, and a <TreeNodesModel> declaring the non-built-in nodes' ports.
#pragma once

#include <string>

#include "tianmu/brain/node_factory.h"
#include "tianmu/brain/tree.h"

namespace tianmu::brain {

/// The tree as BT.CPP v4 XML text; ports are written as given (blackboard references included).
std::string WriteTreeXml(const Tree& tree, const NodeFactory& factory);

}  // namespace tianmu::brain
