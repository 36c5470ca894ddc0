// What the instruction grammars produce before grounding: a verb from the skills' repertoire and
// the noun phrases it applies to, as written.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tianmu::brain {

/// Which grammar read the instruction; questions are asked back in the same language.
enum class Language { kEnglish, kChinese };

/// The verbs the grammars know.
enum class Verb { kGo, kLook, kInspect, kTurn, kWave, kGreet };

/// "go", "look", "inspect", "turn", "wave", "greet".
const char* VerbName(Verb verb);

/// One noun phrase ("the red cup", "all gauges", "gauge 2", "两个仪表").
struct NounPhrase {
  std::string text;           ///< as written, for messages
  std::string name;           ///< an object's exact name when written as one ("gauge_1")
  std::string category;       ///< canonical English category ("gauge"), or empty
  std::string colour;         ///< canonical English colour, or empty
  std::optional<int> number;  ///< an identifying number ("gauge 2", "2号仪表")
  std::optional<int> count;   ///< a quantity ("three gauges", "三个仪表")
  bool all = false;           ///< "all", "every", "the gauges" (plural), 所有, 全部, 每个
};

/// One clause: a verb and its objects (none for "wave").
struct Command {
  Verb verb = Verb::kGo;            ///< what to do
  std::vector<NounPhrase> objects;  ///< what to do it to, in the order written
};

/// A grammar's reading of a whole instruction: clauses in order, or an error.
struct CommandParse {
  std::vector<Command> commands;  ///< the clauses, in order
  std::string error;              ///< non-empty when the text is not understood
};

}  // namespace tianmu::brain
