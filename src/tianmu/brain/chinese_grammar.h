// Chinese instruction grammar: 去/走到/前往 X, 看/看看 X, 检查/巡检/查看 X, 转向/面向 X, 挥手,
// 向 X 挥手, 跟 X 打招呼, 迎宾, 欢迎/迎接 X; 所有/全部/每个/三个 for several objects, 和/、 between
// objects, 然后/接着 between clauses. A fixed grammar, matched on characters (no segmenter).
#pragma once

#include <string>

#include "tianmu/brain/command.h"

namespace tianmu::brain {

/// Parses `text` (UTF-8; full- and half-width punctuation ignored).
CommandParse ParseChinese(const std::string& text);

}  // namespace tianmu::brain
