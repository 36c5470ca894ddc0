#include "tianmu/brain/chinese_grammar.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "tianmu/brain/lexicon.h"

namespace tianmu::brain {
namespace {

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

std::vector<std::string> Split(const std::string& s, const std::vector<std::string>& separators) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t best = std::string::npos, length = 0;
    for (const std::string& sep : separators) {
      const std::size_t at = s.find(sep, start);
      if (at < best) {
        best = at;
        length = sep.size();
      }
    }
    parts.push_back(s.substr(start, best - start));
    if (best == std::string::npos) break;
    start = best + length;
  }
  return parts;
}

// The longest entry of `words` that `s` starts with.
const LexiconEntry* LongestPrefix(const std::vector<LexiconEntry>& words, const std::string& s) {
  const LexiconEntry* best = nullptr;
  for (const LexiconEntry& e : words) {
    if (StartsWith(s, e.word) && (!best || e.word.size() > best->word.size())) best = &e;
  }
  return best;
}

// A number written with digits or one Chinese numeral at the start of `s`; `used` its length.
std::optional<int> LeadingNumber(const std::string& s, std::size_t* used) {
  std::size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits > 0) {
    *used = digits;
    return NumberWord(s.substr(0, digits));
  }
  if (s.size() >= 3) {
    if (const std::optional<int> n = NumberWord(s.substr(0, 3))) {  // one CJK character
      *used = 3;
      return n;
    }
  }
  return std::nullopt;
}

NounPhrase ParseNoun(std::string s, std::string* error) {
  NounPhrase np;
  np.text = s;
  for (const char* prefix : {"所有的", "所有", "全部的", "全部", "每一个", "每个", "各个"}) {
    if (StartsWith(s, prefix)) {
      np.all = true;
      s = s.substr(std::string(prefix).size());
      break;
    }
  }
  for (const char* prefix : {"这个", "那个", "这", "那"}) {
    if (StartsWith(s, prefix)) {
      s = s.substr(std::string(prefix).size());
      break;
    }
  }
  std::size_t used = 0;
  if (const std::optional<int> n = LeadingNumber(s, &used)) {
    const std::string after = s.substr(used);
    if (StartsWith(after, "个")) {
      np.count = *n;
      np.all = true;
      s = after.substr(3);
    } else if (StartsWith(after, "号")) {
      np.number = *n;
      s = after.substr(3);
    }
  }
  if (const LexiconEntry* colour = LongestPrefix(ColourWords(), s)) {
    np.colour = colour->canonical;
    s = s.substr(colour->word.size());
    if (StartsWith(s, "的")) s = s.substr(3);
  }
  if (const LexiconEntry* category = LongestPrefix(CategoryWords(), s)) {
    np.category = category->canonical;
    s = s.substr(category->word.size());
    if (const std::optional<int> n = LeadingNumber(s, &used)) {
      np.number = *n;
      s = s.substr(used);
      if (StartsWith(s, "号")) s = s.substr(3);
    }
  }
  if (!s.empty()) {
    if (np.category.empty() && np.colour.empty() && !np.count && !np.number) {
      np.name = s;
    } else {
      *error = "unknown words '" + s + "' in '" + np.text + "'";
    }
  }
  return np;
}

struct VerbWord {
  std::string word;
  Verb verb;
  bool takes_object;
};

const std::vector<VerbWord>& VerbWords() {
  static const std::vector<VerbWord> kVerbs = {
      {"转身面向", Verb::kTurn, true}, {"走到", Verb::kGo, true},
      {"走去", Verb::kGo, true},       {"走向", Verb::kGo, true},
      {"前往", Verb::kGo, true},       {"去到", Verb::kGo, true},
      {"回到", Verb::kGo, true},       {"去", Verb::kGo, true},
      {"到", Verb::kGo, true},         {"巡检", Verb::kInspect, true},
      {"检查", Verb::kInspect, true},  {"查看", Verb::kInspect, true},
      {"读取", Verb::kInspect, true},  {"看看", Verb::kLook, true},
      {"看向", Verb::kLook, true},     {"看着", Verb::kLook, true},
      {"注视", Verb::kLook, true},     {"看", Verb::kLook, true},
      {"转向", Verb::kTurn, true},     {"转到", Verb::kTurn, true},
      {"面向", Verb::kTurn, true},     {"朝向", Verb::kTurn, true},
      {"挥挥手", Verb::kWave, false},  {"挥手", Verb::kWave, false},
      {"迎宾", Verb::kGreet, false},   {"打招呼", Verb::kGreet, false},
      {"迎接", Verb::kGreet, true},    {"欢迎", Verb::kGreet, true},
      {"问候", Verb::kGreet, true},    {"接待", Verb::kGreet, true},
  };
  return kVerbs;
}

}  // namespace

CommandParse ParseChinese(const std::string& text) {
  CommandParse parse;
  std::string s = text;
  for (const char* p : {" ", "\t", "。", "！", "？", ".", "!", "?", "；", ";"})
    ReplaceAll(s, p, "");
  for (const char* p : {"，", ","}) ReplaceAll(s, p, "然后");
  ReplaceAll(s, "、", "和");
  for (const char* p : {"请你", "请", "麻烦你", "麻烦", "帮我", "机器人", "一下", "吧", "你"}) {
    ReplaceAll(s, p, "");
  }
  for (std::string clause : Split(s, {"然后再", "然后", "接着", "之后"})) {
    if (clause.empty()) {
      if (parse.commands.empty() && s.empty()) {
        parse.error = "empty instruction";
        return parse;
      }
      continue;
    }
    if (StartsWith(clause, "再")) clause = clause.substr(3);
    Command command;
    // 向/对/跟/和/给 X 挥手/打招呼/问好: the object comes before the verb.
    bool matched = false;
    for (const char* lead : {"向", "对着", "对", "跟", "和", "给"}) {
      if (!StartsWith(clause, lead)) continue;
      for (const char* verb : {"挥手", "挥挥手", "打招呼", "问好"}) {
        if (!EndsWith(clause, verb)) continue;
        const std::size_t begin = std::string(lead).size();
        const std::string object =
            clause.substr(begin, clause.size() - begin - std::string(verb).size());
        if (object.empty()) continue;
        command.verb = Verb::kGreet;
        command.objects.push_back(ParseNoun(object, &parse.error));
        matched = true;
        break;
      }
      if (matched) break;
    }
    if (!matched) {
      const VerbWord* verb = nullptr;
      for (const VerbWord& v : VerbWords()) {
        if (StartsWith(clause, v.word) && (!verb || v.word.size() > verb->word.size())) verb = &v;
      }
      if (!verb) {
        parse.error =
            "unknown verb in '" + clause +
            "' (known: 去/走到/前往, 看, 检查/巡检/查看, 转向/面向, 挥手, 打招呼/迎宾/欢迎)";
        return parse;
      }
      command.verb = verb->verb;
      std::string rest = clause.substr(verb->word.size());
      if (!verb->takes_object) {
        if (!rest.empty()) {
          parse.error = "unexpected words after '" + verb->word + "': '" + rest + "'";
          return parse;
        }
      } else {
        for (const char* suffix : {"那里去", "那边去", "那儿去", "那里", "那边", "那儿", "旁边",
                                   "前面", "这里", "去", "处"}) {
          if (EndsWith(rest, suffix) && rest.size() > std::string(suffix).size()) {
            rest = rest.substr(0, rest.size() - std::string(suffix).size());
            break;
          }
        }
        for (const std::string& item : Split(rest, {"和", "及", "与"})) {
          if (!item.empty()) command.objects.push_back(ParseNoun(item, &parse.error));
        }
        if (command.objects.empty()) {
          parse.error = "'" + verb->word + "' needs an object";
          return parse;
        }
      }
    }
    if (!parse.error.empty()) return parse;
    parse.commands.push_back(command);
  }
  if (parse.commands.empty() && parse.error.empty()) parse.error = "empty instruction";
  return parse;
}

}  // namespace tianmu::brain
