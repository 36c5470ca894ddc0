#include "tianmu/brain/lexicon.h"

#include <map>

namespace tianmu::brain {
namespace {

struct Concept {
  std::string canonical;
  std::vector<std::string> english;  // singular forms; plurals are derived
  std::vector<std::string> chinese;  // the first is the one used in questions
};

const std::vector<Concept>& Categories() {
  static const std::vector<Concept> kCategories = {
      {"gauge", {"gauge", "meter", "dial"}, {"仪表", "压力表", "表盘", "仪表盘"}},
      {"cup", {"cup", "mug"}, {"杯子", "水杯", "杯"}},
      {"table", {"table", "desk"}, {"桌子", "桌"}},
      {"person", {"person", "visitor", "guest"}, {"访客", "客人", "来宾", "游客", "人"}},
      {"shelf", {"shelf"}, {"货架", "架子"}},
      {"door", {"door"}, {"门"}},
      {"valve", {"valve"}, {"阀门"}},
      {"box", {"box"}, {"箱子", "盒子"}},
      {"dock", {"dock", "charger"}, {"充电桩", "停靠点"}},
      {"entrance", {"entrance"}, {"入口", "门口"}},
      {"waypoint", {"waypoint", "checkpoint"}, {"巡检点", "航点"}},
  };
  return kCategories;
}

const std::vector<Concept>& Colours() {
  static const std::vector<Concept> kColours = {
      {"red", {"red"}, {"红色", "红"}},       {"blue", {"blue"}, {"蓝色", "蓝"}},
      {"green", {"green"}, {"绿色", "绿"}},   {"yellow", {"yellow"}, {"黄色", "黄"}},
      {"white", {"white"}, {"白色", "白"}},   {"black", {"black"}, {"黑色", "黑"}},
      {"orange", {"orange"}, {"橙色", "橙"}},
  };
  return kColours;
}

std::string Plural(const std::string& word) {
  if (word == "person") return "people";
  if (word == "shelf") return "shelves";
  if (word.back() == 's' || word.back() == 'x' || word.back() == 'h') return word + "es";
  return word + "s";
}

std::vector<LexiconEntry> Build(const std::vector<Concept>& concepts, bool plurals) {
  std::vector<LexiconEntry> entries;
  for (const Concept& c : concepts) {
    for (const std::string& w : c.english) {
      entries.push_back({w, c.canonical, false});
      if (plurals) entries.push_back({Plural(w), c.canonical, true});
    }
    for (const std::string& w : c.chinese) entries.push_back({w, c.canonical, false});
  }
  return entries;
}

}  // namespace

const std::vector<LexiconEntry>& CategoryWords() {
  static const std::vector<LexiconEntry> kWords = Build(Categories(), true);
  return kWords;
}

const std::vector<LexiconEntry>& ColourWords() {
  static const std::vector<LexiconEntry> kWords = Build(Colours(), false);
  return kWords;
}

std::string ChineseWord(const std::string& canonical) {
  for (const auto* list : {&Categories(), &Colours()}) {
    for (const Concept& c : *list) {
      if (c.canonical == canonical) return c.chinese.front();
    }
  }
  return canonical;
}

std::optional<int> NumberWord(const std::string& word) {
  static const std::map<std::string, int> kNumbers = {
      {"one", 1},   {"two", 2},   {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6},
      {"seven", 7}, {"eight", 8}, {"nine", 9},  {"ten", 10}, {"both", 2}, {"一", 1},
      {"二", 2},    {"两", 2},    {"三", 3},    {"四", 4},   {"五", 5},   {"六", 6},
      {"七", 7},    {"八", 8},    {"九", 9},    {"十", 10}};
  const auto found = kNumbers.find(word);
  if (found != kNumbers.end()) return found->second;
  if (!word.empty() && word.size() <= 3 &&
      word.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoi(word);
  }
  return std::nullopt;
}

}  // namespace tianmu::brain
