// Behaviour-tree node statuses (the four of BehaviorTree.CPP): what a node returned from its last
// tick, as written in logs and status snapshots.
#pragma once

namespace tianmu::brain {

/// A node's status: kIdle before its first tick and after a halt.
enum class NodeStatus { kIdle, kRunning, kSuccess, kFailure };

/// "IDLE", "RUNNING", "SUCCESS", "FAILURE" (BehaviorTree.CPP's spelling, for Groot2 and logs).
const char* NodeStatusName(NodeStatus status);

}  // namespace tianmu::brain
