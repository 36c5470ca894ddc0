#include "tianmu/brain/node_status.h"

namespace tianmu::brain {

const char* NodeStatusName(NodeStatus status) {
  switch (status) {
    case NodeStatus::kIdle:
      return "IDLE";
    case NodeStatus::kRunning:
      return "RUNNING";
    case NodeStatus::kSuccess:
      return "SUCCESS";
    case NodeStatus::kFailure:
      return "FAILURE";
  }
  return "?";
}

}  // namespace tianmu::brain
