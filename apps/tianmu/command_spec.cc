#include "command_spec.h"

#include <cstdio>
#include <functional>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::cli {
namespace {

std::string FormatNumber(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", v);
  return buffer;
}

std::string Join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

// "--duration T" or "--json".
std::string FlagSynopsis(const FlagSpec& f) {
  std::string s = "--" + f.name;
  if (f.takes_value) s += " " + (f.value_name.empty() ? std::string("VALUE") : f.value_name);
  return s;
}

std::string RangeText(const FlagSpec& f) {
  if (f.kind == ValueKind::kChoice) return "one of " + Join(f.choices, ", ");
  if (f.lo && f.hi) return "[" + FormatNumber(*f.lo) + ", " + FormatNumber(*f.hi) + "]";
  if (f.lo) return ">= " + FormatNumber(*f.lo);
  return "";
}

// "unit: s; default: 10; range: [0.001, 86400]; repeatable", empty when there is nothing.
std::string FlagFacts(const FlagSpec& f) {
  std::vector<std::string> facts;
  if (!f.unit.empty()) facts.push_back("unit: " + f.unit);
  if (!f.default_text.empty()) facts.push_back("default: " + f.default_text);
  if (const std::string range = RangeText(f); !range.empty()) facts.push_back("range: " + range);
  if (f.repeatable) facts.push_back("repeatable");
  return Join(facts, "; ");
}

std::string Usage(const CommandSpec& spec, const std::string& path) {
  std::string usage;
  if (spec.run != nullptr) {
    usage = path;
    if (!spec.operands.empty()) usage += " " + spec.operands;
    if (!spec.flags.empty()) usage += " [flags]";
  }
  if (!spec.subcommands.empty()) {
    if (!usage.empty()) usage += "\n       ";
    usage += path + " SUBCOMMAND ...";
  }
  return usage;
}

std::vector<std::string> Names(const std::vector<CommandSpec>& commands) {
  std::vector<std::string> names;
  for (const CommandSpec& c : commands) names.push_back(c.name);
  return names;
}

}  // namespace

void WalkCommands(const std::vector<CommandSpec>& commands, const std::string& path,
                  const std::function<void(const CommandSpec&, const std::string&)>& visit) {
  for (const CommandSpec& c : commands) {
    visit(c, path + " " + c.name);
    WalkCommands(c.subcommands, path + " " + c.name, visit);
  }
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::optional<std::string> nearest = NearestName(word, candidates);
  return nearest ? "; did you mean '" + *nearest + "'?" : "";
}

std::string RootHelpText(const std::vector<CommandSpec>& commands) {
  std::ostringstream s;
  s << "usage: tianmu <command> [flags]\n\ncommands:\n";
  for (const CommandSpec& c : commands) {
    char line[256];
    std::snprintf(line, sizeof(line), "  %-12s %s\n", c.name.c_str(), c.purpose.c_str());
    s << line;
  }
  s << "\n`tianmu help COMMAND [SUBCOMMAND]` or `tianmu COMMAND --help` explains a command;\n"
       "`tianmu --version` prints the version, git revision and MuJoCo version.\n";
  return s.str();
}

std::string HelpText(const CommandSpec& spec, const std::string& path) {
  std::ostringstream s;
  s << path << ": " << spec.purpose << "\n\nusage: " << Usage(spec, path) << "\n";
  if (!spec.subcommands.empty()) {
    s << "\nsubcommands:\n";
    for (const CommandSpec& sub : spec.subcommands) {
      char line[256];
      std::snprintf(line, sizeof(line), "  %-12s %s\n", sub.name.c_str(), sub.purpose.c_str());
      s << line;
    }
  }
  if (!spec.flags.empty()) {
    s << "\nflags:\n";
    for (const FlagSpec& f : spec.flags) {
      s << "  " << FlagSynopsis(f) << "\n";
      if (!f.help.empty()) {
        const std::string facts = FlagFacts(f);
        s << "      " << f.help << (facts.empty() ? "" : " (" + facts + ")") << "\n";
      }
    }
  }
  if (!spec.examples.empty()) {
    s << "\nexamples:\n";
    for (const std::string& e : spec.examples) s << "  " << e << "\n";
  }
  if (!spec.subcommands.empty()) {
    s << "\n`" << path << " SUBCOMMAND --help` lists a subcommand's flags.\n";
  }
  return s.str();
}

std::vector<std::string> CommandPaths(const std::vector<CommandSpec>& commands) {
  std::vector<std::string> paths;
  WalkCommands(commands, "", [&](const CommandSpec&, const std::string& path) {
    paths.push_back(path.substr(1));
  });
  return paths;
}

Selection Select(const std::vector<CommandSpec>& commands, const Args& words) {
  Selection selection;
  selection.path = "tianmu";
  if (words.empty()) return selection;
  const std::vector<CommandSpec>* level = &commands;
  std::size_t i = 0;
  for (; i < words.size(); ++i) {
    const CommandSpec* next = nullptr;
    for (const CommandSpec& c : *level) {
      if (c.name == words[i]) next = &c;
    }
    if (next == nullptr) break;
    selection.spec = next;
    selection.path += " " + next->name;
    level = &next->subcommands;
  }
  selection.rest.assign(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
  return selection;
}

int RunSelection(const Selection& selection) {
  const CommandSpec& spec = *selection.spec;
  for (const std::string& word : selection.rest) {
    if (word == "--help" || word == "-h") {
      std::fputs(HelpText(spec, selection.path).c_str(), stdout);
      return 0;
    }
  }
  if (spec.run != nullptr) return spec.run(selection.rest);
  const std::string expected = "expected one of: " + Join(Names(spec.subcommands), ", ");
  if (selection.rest.empty()) throw InputError("expected a subcommand (" + expected + ")");
  const std::string& word = selection.rest.front();
  throw InputError("unknown subcommand '" + word + "'" + DidYouMean(word, Names(spec.subcommands)) +
                   " (" + expected + ")");
}

}  // namespace tianmu::cli
