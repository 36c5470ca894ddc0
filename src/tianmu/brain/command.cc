#include "tianmu/brain/command.h"

namespace tianmu::brain {

const char* VerbName(Verb verb) {
  switch (verb) {
    case Verb::kGo:
      return "go";
    case Verb::kLook:
      return "look";
    case Verb::kInspect:
      return "inspect";
    case Verb::kTurn:
      return "turn";
    case Verb::kWave:
      return "wave";
    case Verb::kGreet:
      return "greet";
  }
  return "?";
}

}  // namespace tianmu::brain
