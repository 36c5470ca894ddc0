#include "tianmu/skills/skill.h"

namespace tianmu::skills {

const char* FailureReasonName(FailureReason reason) {
  switch (reason) {
    case FailureReason::kNone:
      return "none";
    case FailureReason::kMissedGrasp:
      return "missed_grasp";
    case FailureReason::kSlip:
      return "slip";
    case FailureReason::kDrop:
      return "drop";
    case FailureReason::kFall:
      return "fall";
    case FailureReason::kTimeout:
      return "timeout";
    case FailureReason::kUnreachable:
      return "unreachable";
  }
  return "?";
}

}  // namespace tianmu::skills
