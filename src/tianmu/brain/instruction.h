// Instructions in English or Chinese -> planning goals over grounded scene objects. The grammar
// reads verbs and noun phrases; grounding matches them against the scene's named objects by name,
// category, colour and number. An ambiguous reference gets a clarifying question listing the
// candidates (never a guess); unknown verbs and objects get a clear error.
#pragma once

#include <string>
#include <vector>

#include "tianmu/brain/command.h"
#include "tianmu/brain/scene_object.h"
#include "tianmu/brain/world_state.h"

namespace tianmu::brain {

/// The outcome of reading one instruction.
struct Instruction {
  /// kGoal: `goal` is ready to plan; kClarify: ask `question`; kError: `error` says why.
  enum class Kind { kGoal, kClarify, kError };
  Kind kind = Kind::kError;
  Language language = Language::kEnglish;
  std::vector<Fact> goal;               ///< ground facts, all to hold at the end
  std::vector<std::string> objects;     ///< grounded objects, in the order mentioned
  std::string question;                 ///< in the instruction's language
  std::vector<std::string> candidates;  ///< names the question offers
  std::string error;
};

/// "goal", "clarify" or "error".
const char* InstructionKindName(Instruction::Kind kind);

/// Reads `text` (Chinese when it contains CJK characters) against `objects`. Goals: go ->
/// at(robot, place) (an object's own place when it is not one), look -> looking_at(o) (inspected
/// for several objects), inspect -> inspected(o), turn -> facing(o), wave -> waved(robot), wave
/// to / greet -> greeted(person); greeting without an object means the only person in the scene.
Instruction ReadInstruction(const std::string& text, const std::vector<SceneObject>& objects);

}  // namespace tianmu::brain
