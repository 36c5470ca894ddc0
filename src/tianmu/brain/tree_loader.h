// Loads trees written in the BehaviorTree.CPP v4 XML format (Groot2's): <root BTCPP_format="4"
// main_tree_to_execute="...">, <BehaviorTree ID="...">, nodes as elements named by their ID (or
// <Action|Condition|Control|Decorator ID="...">), ports as attributes, "{key}" for blackboard
// entries, <SubTree ID="..." port="{key}" _autoremap="true"/>. <TreeNodesModel> is skipped.
// Every error names the file and line.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tianmu/brain/node_factory.h"
#include "tianmu/brain/tree.h"

namespace tianmu::brain {

/// Builds the tree `tree_id` (default: main_tree_to_execute, or the only <BehaviorTree>) from XML
/// text; `file` names the source in errors. Raises InputError (file, line, what was expected) on
/// malformed XML, a wrong format version, unknown node types, unknown or missing ports, a wrong
/// number of children, unknown or recursive subtrees.
Tree LoadTreeFromText(const std::string& xml, const std::string& file, const NodeFactory& factory,
                      const std::string& tree_id = "");

/// Reads `path` and loads it as LoadTreeFromText does.
Tree LoadTreeFromFile(const std::filesystem::path& path, const NodeFactory& factory,
                      const std::string& tree_id = "");

}  // namespace tianmu::brain
