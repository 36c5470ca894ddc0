#include "tianmu/brain/world_state.h"

#include <cctype>

#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

bool IsName(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '?' && c != '-' &&
        c != '.' && !(c & 0x80)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string Fact::ToString() const {
  std::string out = predicate + "(";
  for (std::size_t i = 0; i < args.size(); ++i) out += (i ? "," : "") + args[i];
  return out + ")";
}

Fact Fact::Parse(const std::string& raw, const std::string& field) {
  const std::string text = Trim(raw);
  const auto open = text.find('(');
  const std::string expected = "a fact like at(robot, table), got '" + text + "'";
  if (open == std::string::npos || text.back() != ')') throw InputError("", 0, field, expected);
  Fact fact;
  fact.predicate = Trim(text.substr(0, open));
  if (!IsName(fact.predicate)) throw InputError("", 0, field, expected);
  const std::string inside = text.substr(open + 1, text.size() - open - 2);
  if (Trim(inside).empty()) return fact;
  std::size_t start = 0;
  while (true) {
    const auto comma = inside.find(',', start);
    const std::string arg = Trim(inside.substr(start, comma - start));
    if (!IsName(arg)) throw InputError("", 0, field, expected);
    fact.args.push_back(arg);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fact;
}

WorldState WorldState::Parse(const std::vector<std::string>& facts) {
  WorldState state;
  for (const std::string& f : facts) state.Add(Fact::Parse(f));
  return state;
}

std::set<std::string> WorldState::Objects() const {
  std::set<std::string> objects;
  for (const Fact& f : facts_) objects.insert(f.args.begin(), f.args.end());
  return objects;
}

std::string WorldState::ToString() const {
  std::string out;
  for (const Fact& f : facts_) out += (out.empty() ? "" : "; ") + f.ToString();
  return out;
}

}  // namespace tianmu::brain
