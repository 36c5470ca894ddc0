#include "tianmu/brain/instruction.h"

#include <algorithm>
#include <cctype>

#include "tianmu/brain/chinese_grammar.h"
#include "tianmu/brain/english_grammar.h"
#include "tianmu/brain/lexicon.h"

namespace tianmu::brain {
namespace {

// How an object is described in a question ("the red cup (cup_1)", "红色杯子（cup_1）").
std::string Describe(const SceneObject& o, Language language) {
  if (language == Language::kChinese) {
    return (o.colour.empty() ? "" : ChineseWord(o.colour)) + ChineseWord(o.category) + "（" +
           o.name + "）";
  }
  return "the " + (o.colour.empty() ? "" : o.colour + " ") + o.category + " (" + o.name + ")";
}

std::string ListCandidates(const std::vector<const SceneObject*>& found, Language language) {
  std::string out;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) out += language == Language::kChinese ? "、" : ", ";
    if (i + 1 == found.size() && i > 0 && language == Language::kEnglish) out += "or ";
    out += Describe(*found[i], language);
  }
  return out;
}

bool NumberMatches(const SceneObject& o, int number) {
  const std::string n = std::to_string(number);
  return o.name.size() > n.size() && o.name.compare(o.name.size() - n.size(), n.size(), n) == 0 &&
         !std::isdigit(static_cast<unsigned char>(o.name[o.name.size() - n.size() - 1]));
}

// Grounds one noun phrase: the objects meant, or a question or error in `result`.
std::vector<const SceneObject*> Ground(const NounPhrase& np,
                                       const std::vector<SceneObject>& objects,
                                       Instruction& result) {
  const bool zh = result.language == Language::kChinese;
  std::vector<const SceneObject*> found;
  for (const SceneObject& o : objects) {
    if (!np.name.empty()) {
      if (o.name == np.name) found.push_back(&o);
      continue;
    }
    if (!np.category.empty() && o.category != np.category) continue;
    if (!np.colour.empty() && o.colour != np.colour) continue;
    if (np.number && !NumberMatches(o, *np.number)) continue;
    found.push_back(&o);
  }
  if (found.empty()) {
    std::string known;
    for (const SceneObject& o : objects) known += (known.empty() ? "" : ", ") + o.name;
    result.kind = Instruction::Kind::kError;
    result.error = "nothing in the scene matches '" + np.text + "' (objects: " + known + ")";
    return {};
  }
  if (np.count && static_cast<int>(found.size()) != *np.count) {
    result.kind = Instruction::Kind::kClarify;
    for (const SceneObject* o : found) result.candidates.push_back(o->name);
    const std::string n = std::to_string(*np.count);
    result.question =
        zh ? "场景中有" + std::to_string(found.size()) + "个匹配“" + np.text +
                 "”的对象，您指的是哪" + n + "个：" + ListCandidates(found, result.language) + "？"
           : "I see " + std::to_string(found.size()) + " that match '" + np.text + "', not " + n +
                 ": which do you mean: " + ListCandidates(found, result.language) + "?";
    return {};
  }
  if (found.size() > 1 && !np.all) {
    result.kind = Instruction::Kind::kClarify;
    for (const SceneObject* o : found) result.candidates.push_back(o->name);
    result.question = zh ? "您指的是哪一个：" + ListCandidates(found, result.language) + "？"
                         : "Which one do you mean: " + ListCandidates(found, result.language) + "?";
    return {};
  }
  return found;
}

bool HasCjk(const std::string& text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0xE0) return true;  // a three-byte UTF-8 sequence
  }
  return false;
}

}  // namespace

const char* InstructionKindName(Instruction::Kind kind) {
  switch (kind) {
    case Instruction::Kind::kGoal:
      return "goal";
    case Instruction::Kind::kClarify:
      return "clarify";
    case Instruction::Kind::kError:
      return "error";
  }
  return "?";
}

Instruction ReadInstruction(const std::string& text, const std::vector<SceneObject>& objects) {
  Instruction result;
  result.language = HasCjk(text) ? Language::kChinese : Language::kEnglish;
  const CommandParse parse =
      result.language == Language::kChinese ? ParseChinese(text) : ParseEnglish(text);
  if (!parse.error.empty()) {
    result.error = parse.error;
    return result;
  }
  result.kind = Instruction::Kind::kGoal;
  auto add_goal = [&](const std::string& predicate, std::vector<std::string> args) {
    const Fact fact{predicate, std::move(args)};
    if (std::find(result.goal.begin(), result.goal.end(), fact) == result.goal.end()) {
      result.goal.push_back(fact);
    }
  };
  for (const Command& command : parse.commands) {
    std::vector<const SceneObject*> targets;
    NounPhrase implicit;
    if (command.objects.empty() && command.verb == Verb::kGreet) {
      implicit.text = result.language == Language::kChinese ? "访客" : "the visitor";
      implicit.category = "person";
      std::vector<const SceneObject*> people = Ground(implicit, objects, result);
      if (result.kind != Instruction::Kind::kGoal) return result;
      targets = people;
    }
    for (const NounPhrase& np : command.objects) {
      std::vector<const SceneObject*> found = Ground(np, objects, result);
      if (result.kind != Instruction::Kind::kGoal) return result;
      targets.insert(targets.end(), found.begin(), found.end());
    }
    for (const SceneObject* o : targets) result.objects.push_back(o->name);
    switch (command.verb) {
      case Verb::kGo:
        for (const SceneObject* o : targets) {
          if (!o->is_place && o->place.empty()) {
            result.kind = Instruction::Kind::kError;
            result.error = "cannot go to " + o->name +
                           ": it is not a place and no place is "
                           "known to see it from";
            return result;
          }
          add_goal("at", {"robot", o->is_place ? o->name : o->place});
        }
        if (targets.size() > 1) {
          result.kind = Instruction::Kind::kError;
          result.error =
              "cannot be at " + std::to_string(targets.size()) + " places at once; name one place";
          return result;
        }
        break;
      case Verb::kLook:
        for (const SceneObject* o : targets) {
          add_goal(targets.size() > 1 ? "inspected" : "looking_at", {o->name});
        }
        break;
      case Verb::kInspect:
        for (const SceneObject* o : targets) add_goal("inspected", {o->name});
        break;
      case Verb::kTurn:
        if (targets.size() > 1) {
          result.kind = Instruction::Kind::kError;
          result.error = "cannot face " + std::to_string(targets.size()) + " things at once";
          return result;
        }
        add_goal("facing", {targets.front()->name});
        break;
      case Verb::kWave:
        add_goal("waved", {"robot"});
        break;
      case Verb::kGreet:
        for (const SceneObject* o : targets) add_goal("greeted", {o->name});
        break;
    }
  }
  return result;
}

}  // namespace tianmu::brain
