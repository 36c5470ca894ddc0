// English instruction grammar: "go to the table", "look at the red cup", "inspect the three
// gauges", "check gauge 1 and gauge 2", "turn to the visitor", "wave", "greet the visitor",
// clauses joined by "then" / "and then". Not a language model: a fixed set of verb phrases.
#pragma once

#include <string>

#include "tianmu/brain/command.h"

namespace tianmu::brain {

/// Parses `text` (any case, punctuation ignored).
CommandParse ParseEnglish(const std::string& text);

}  // namespace tianmu::brain
