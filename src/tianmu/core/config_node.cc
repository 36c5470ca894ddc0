#include "tianmu/core/config_node.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu {
namespace {

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// A short rendering of a scalar for error messages.
std::string ScalarText(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsMap()) return "a map";
  return "a list";
}

// A map key as text. YAML allows maps and lists as keys; a config file never uses them, and
// yaml-cpp throws its own exception when asked for their text, so they are an input error here.
std::string KeyText(const YAML::Node& key, const std::string& file, const std::string& path) {
  if (key.IsScalar()) return key.Scalar();
  if (key.IsNull()) return "null";  // what yaml-cpp's as<std::string>() gives
  throw InputError(file, key.Mark().line + 1, path,
                   "a plain field name as key (got " + ScalarText(key) + ")");
}

}  // namespace

ConfigNode ConfigNode::LoadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    throw InputError(path.string(), 0, "", "cannot open file (expected a readable YAML file)");
  std::stringstream text;
  text << in.rdbuf();
  return LoadString(text.str(), path.string());
}

ConfigNode ConfigNode::LoadString(const std::string& text, const std::string& source_name) {
  auto file = std::make_shared<const std::string>(source_name);
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) {
      throw InputError(source_name, 0, "", "file is empty (expected a YAML map)");
    }
    ConfigNode node(root, file, "");
    if (!root.IsMap()) node.Fail("a YAML map at the top level");
    return node;
  } catch (const YAML::Exception& e) {
    throw InputError(source_name, e.mark.line + 1, "", "YAML syntax error: " + e.msg);
  }
}

ConfigNode::ConfigNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

int ConfigNode::line() const {
  if (node_.IsDefined() && !node_.Mark().is_null()) return node_.Mark().line + 1;
  return parent_line_;
}

std::string ConfigNode::Describe() const { return path_.empty() ? "(top level)" : path_; }

void ConfigNode::Fail(const std::string& expected) const {
  throw InputError(*file_, line(), Describe(),
                   "expected " + expected + ", got " + ScalarText(node_));
}

bool ConfigNode::Has(const std::string& key) const {
  if (!node_.IsMap()) return false;
  YAML::Node child = node_[key];
  return child.IsDefined() && !child.IsNull();
}

ConfigNode ConfigNode::Required(const std::string& key) const {
  if (!node_.IsMap()) Fail("a map with field '" + key + "'");
  YAML::Node child = node_[key];
  if (!child.IsDefined() || child.IsNull()) {
    throw InputError(*file_, line(), Join(path_, key), "missing required field");
  }
  ConfigNode out(child, file_, Join(path_, key));
  out.parent_line_ = line();
  return out;
}

std::optional<ConfigNode> ConfigNode::Optional(const std::string& key) const {
  if (!Has(key)) return std::nullopt;
  return Required(key);
}

std::string ConfigNode::AsString() const {
  if (!node_.IsScalar() || node_.Scalar().empty()) Fail("a non-empty string");
  return node_.Scalar();
}

double ConfigNode::AsDouble() const {
  if (!node_.IsScalar()) Fail("a number");
  const std::string& s = node_.Scalar();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) Fail("a finite number");
  return v;
}

double ConfigNode::AsPositiveDouble() const {
  double v = AsDouble();
  if (!(v > 0)) Fail("a number > 0");
  return v;
}

double ConfigNode::AsNonNegativeDouble() const {
  double v = AsDouble();
  if (v < 0) Fail("a number >= 0");
  return v;
}

double ConfigNode::AsDoubleInRange(double lo, double hi) const {
  double v = AsDouble();
  if (v < lo || v > hi) {
    std::ostringstream s;
    s << "a number in [" << lo << ", " << hi << "]";
    Fail(s.str());
  }
  return v;
}

int ConfigNode::AsInt() const {
  if (!node_.IsScalar()) Fail("an integer");
  const std::string& s = node_.Scalar();
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size() || v < -2147483647L || v > 2147483647L) {
    Fail("an integer");
  }
  return static_cast<int>(v);
}

bool ConfigNode::AsBool() const {
  if (node_.IsScalar()) {
    const std::string& s = node_.Scalar();
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  Fail("true or false");
}

std::vector<std::string> ConfigNode::AsStringList() const {
  std::vector<std::string> out;
  for (const ConfigNode& item : SequenceItems()) out.push_back(item.AsString());
  return out;
}

std::vector<double> ConfigNode::AsDoubleList(int size) const {
  std::vector<double> out;
  for (const ConfigNode& item : SequenceItems()) out.push_back(item.AsDouble());
  if (size >= 0 && static_cast<int>(out.size()) != size) {
    Fail("a list of " + std::to_string(size) + " numbers");
  }
  return out;
}

std::vector<std::pair<std::string, ConfigNode>> ConfigNode::MapEntries() const {
  if (!node_.IsMap()) Fail("a map");
  std::vector<std::pair<std::string, ConfigNode>> out;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = KeyText(it->first, *file_, path_);
    ConfigNode child(it->second, file_, Join(path_, key));
    child.parent_line_ = it->first.Mark().line + 1;
    out.emplace_back(key, child);
  }
  return out;
}

std::vector<ConfigNode> ConfigNode::SequenceItems() const {
  if (!node_.IsSequence()) Fail("a list");
  std::vector<ConfigNode> out;
  for (std::size_t i = 0; i < node_.size(); ++i) {
    ConfigNode child(node_[i], file_, path_ + "[" + std::to_string(i) + "]");
    child.parent_line_ = line();
    out.push_back(child);
  }
  return out;
}

void ConfigNode::RejectUnknownKeys(const std::vector<std::string>& allowed) const {
  if (!node_.IsMap()) Fail("a map");
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = KeyText(it->first, *file_, path_);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw InputError(*file_, it->first.Mark().line + 1, Join(path_, key),
                       "unknown field (expected one of: " + list + ")");
    }
  }
}

}  // namespace tianmu
