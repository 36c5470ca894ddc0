// Words the instruction grammar knows for categories and colours, in English and Chinese, mapped
// to the English words that scene objects use ("meter" and "仪表" -> "gauge", "红色" -> "red").
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tianmu::brain {

/// One word and what it means.
struct LexiconEntry {
  std::string word;       ///< as written ("gauges", "仪表")
  std::string canonical;  ///< the scene's English word ("gauge")
  bool plural = false;    ///< an English plural form
};

/// Category words: English singular and plural, and Chinese.
const std::vector<LexiconEntry>& CategoryWords();
/// Colour words: English and Chinese (with and without 色).
const std::vector<LexiconEntry>& ColourWords();
/// The Chinese word for a category or colour ("gauge" -> "仪表"), or the English word itself.
std::string ChineseWord(const std::string& canonical);
/// Number words: "one".."ten", digits, 一..十, 两 -> 1..10; nullopt otherwise.
std::optional<int> NumberWord(const std::string& word);

}  // namespace tianmu::brain
