#include "tianmu/brain/english_grammar.h"

#include <cctype>
#include <sstream>
#include <vector>

#include "tianmu/brain/lexicon.h"

namespace tianmu::brain {
namespace {

using Tokens = std::vector<std::string>;

struct VerbPhrase {
  Tokens words;
  Verb verb;
  bool takes_object;  // false: the clause must end after the phrase ("wave", "wave hello")
};

const std::vector<VerbPhrase>& VerbPhrases() {
  // Longest phrases first, so "walk over to" wins over "walk".
  static const std::vector<VerbPhrase> kPhrases = {
      {{"take", "a", "look", "at"}, Verb::kInspect, true},
      {{"wave", "hello", "to"}, Verb::kGreet, true},
      {{"say", "hello", "to"}, Verb::kGreet, true},
      {{"say", "hi", "to"}, Verb::kGreet, true},
      {{"walk", "over", "to"}, Verb::kGo, true},
      {{"go", "over", "to"}, Verb::kGo, true},
      {{"go", "back", "to"}, Verb::kGo, true},
      {{"turn", "to", "face"}, Verb::kTurn, true},
      {{"go", "to"}, Verb::kGo, true},
      {{"walk", "to"}, Verb::kGo, true},
      {{"move", "to"}, Verb::kGo, true},
      {{"head", "to"}, Verb::kGo, true},
      {{"navigate", "to"}, Verb::kGo, true},
      {{"return", "to"}, Verb::kGo, true},
      {{"look", "at"}, Verb::kLook, true},
      {{"check", "on"}, Verb::kInspect, true},
      {{"turn", "to"}, Verb::kTurn, true},
      {{"turn", "towards"}, Verb::kTurn, true},
      {{"turn", "toward"}, Verb::kTurn, true},
      {{"wave", "to"}, Verb::kGreet, true},
      {{"wave", "at"}, Verb::kGreet, true},
      {{"wave", "hello"}, Verb::kWave, false},
      {{"inspect"}, Verb::kInspect, true},
      {{"check"}, Verb::kInspect, true},
      {{"read"}, Verb::kInspect, true},
      {{"examine"}, Verb::kInspect, true},
      {{"face"}, Verb::kTurn, true},
      {{"greet"}, Verb::kGreet, true},
      {{"welcome"}, Verb::kGreet, true},
      {{"wave"}, Verb::kWave, false},
  };
  return kPhrases;
}

Tokens Tokenize(const std::string& text) {
  std::string clean;
  for (const char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == ',') {
      clean += " and ";
    } else if (std::isalnum(u) || c == '_' || c == '-') {
      clean += static_cast<char>(std::tolower(u));
    } else {
      clean += ' ';
    }
  }
  std::stringstream stream(clean);
  Tokens tokens;
  std::string t;
  while (stream >> t) tokens.push_back(t);
  return tokens;
}

const LexiconEntry* Find(const std::vector<LexiconEntry>& words, const std::string& word) {
  for (const LexiconEntry& e : words) {
    if (e.word == word) return &e;
  }
  return nullptr;
}

std::string Join(const Tokens& tokens, std::size_t begin, std::size_t end, const char* sep) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) out += (i > begin ? sep : "") + tokens[i];
  return out;
}

// One noun phrase; the error is set for words the grammar does not know.
NounPhrase ParseNoun(const Tokens& t, std::string* error) {
  NounPhrase np;
  np.text = Join(t, 0, t.size(), " ");
  Tokens unknown;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i];
    if (w == "the" || w == "a" || w == "an" || w == "of" || w == "there" || w == "please" ||
        w == "now") {
      continue;
    }
    if (w == "all" || w == "every" || w == "each") {
      np.all = true;
    } else if (const LexiconEntry* colour = Find(ColourWords(), w)) {
      np.colour = colour->canonical;
    } else if (const LexiconEntry* category = Find(CategoryWords(), w)) {
      np.category = category->canonical;
      if (category->plural && !np.count) np.all = true;
    } else if (const std::optional<int> n = NumberWord(w)) {
      if (np.category.empty()) {
        np.count = *n;
        np.all = false;
      } else {
        np.number = *n;
      }
    } else {
      unknown.push_back(w);
    }
  }
  if (!unknown.empty()) {
    if (np.category.empty() && np.colour.empty() && !np.count) {
      np.name = Join(unknown, 0, unknown.size(), "_");
    } else {
      *error = "unknown word '" + unknown.front() + "' in '" + np.text + "'";
    }
  }
  if (np.count) np.all = true;
  return np;
}

}  // namespace

CommandParse ParseEnglish(const std::string& text) {
  CommandParse parse;
  Tokens tokens = Tokenize(text);
  // Politeness and address carry no meaning for the plan.
  while (!tokens.empty() &&
         (tokens.front() == "please" || tokens.front() == "robot" || tokens.front() == "now" ||
          tokens.front() == "can" || tokens.front() == "could" || tokens.front() == "you")) {
    tokens.erase(tokens.begin());
  }
  while (!tokens.empty() && (tokens.back() == "please" || tokens.back() == "now")) {
    tokens.pop_back();
  }
  std::vector<Tokens> clauses(1);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] == "then") {
      if (!clauses.back().empty() && clauses.back().back() == "and") clauses.back().pop_back();
      clauses.emplace_back();
    } else {
      clauses.back().push_back(tokens[i]);
    }
  }
  for (const Tokens& clause : clauses) {
    if (clause.empty()) {
      parse.error = "empty instruction";
      return parse;
    }
    const VerbPhrase* match = nullptr;
    for (const VerbPhrase& p : VerbPhrases()) {
      if (clause.size() >= p.words.size() &&
          std::equal(p.words.begin(), p.words.end(), clause.begin())) {
        match = &p;
        break;
      }
    }
    if (!match) {
      parse.error = "unknown verb '" + clause.front() +
                    "' (known: go/walk to, look at, inspect/check/read, turn to/face, wave, "
                    "greet/welcome)";
      return parse;
    }
    Command command{match->verb, {}};
    Tokens rest(clause.begin() + match->words.size(), clause.end());
    if (!match->takes_object) {
      if (!rest.empty()) {
        parse.error = "unexpected words after '" + Join(match->words, 0, match->words.size(), " ") +
                      "': '" + Join(rest, 0, rest.size(), " ") + "'";
        return parse;
      }
    } else {
      Tokens item;
      auto flush = [&]() {
        if (item.empty()) return;
        command.objects.push_back(ParseNoun(item, &parse.error));
        item.clear();
      };
      for (const std::string& w : rest) {
        if (w == "and") {
          flush();
        } else {
          item.push_back(w);
        }
      }
      flush();
      if (!parse.error.empty()) return parse;
      if (command.objects.empty() && command.verb != Verb::kGreet) {
        parse.error = "'" + Join(match->words, 0, match->words.size(), " ") + "' needs an object";
        return parse;
      }
    }
    parse.commands.push_back(command);
  }
  return parse;
}

}  // namespace tianmu::brain
