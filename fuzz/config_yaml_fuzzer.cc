// Any YAML document through ConfigNode, the loader behind robot.yaml, datasheets, courses and
// controller configs: parse, then read every node with every accessor.
#include <string>

#include "fuzz_targets.h"
#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::fuzz {
namespace {

// Deeper documents are walked no further (the walk is recursive; the parser is not).
constexpr int kMaxWalkDepth = 64;

void Walk(const ConfigNode& node, int depth) {
  if (depth > kMaxWalkDepth) return;
  try {
    if (node.IsMap()) {
      for (const auto& [key, child] : node.MapEntries()) {
        (void)node.Has(key);
        (void)node.Optional(key);
        Walk(child, depth + 1);
      }
      node.RejectUnknownKeys({"name", "model"});
    } else if (node.IsSequence()) {
      for (const ConfigNode& child : node.SequenceItems()) Walk(child, depth + 1);
      (void)node.AsDoubleList();
    }
  } catch (const InputError&) {
  }
  const auto attempt = [](const auto& read) {
    try {
      read();
    } catch (const InputError&) {
    }
  };
  attempt([&] { (void)node.AsString(); });
  attempt([&] { (void)node.AsDouble(); });
  attempt([&] { (void)node.AsPositiveDouble(); });
  attempt([&] { (void)node.AsDoubleInRange(-1, 1); });
  attempt([&] { (void)node.AsInt(); });
  attempt([&] { (void)node.AsBool(); });
  attempt([&] { (void)node.AsStringList(); });
  attempt([&] { (void)node.AsDoubleList(3); });
  (void)node.line();
}

}  // namespace

void FuzzConfigYaml(std::string_view input) {
  try {
    Walk(ConfigNode::LoadString(std::string(input), "fuzz.yaml"), 0);
  } catch (const InputError&) {
  }
}

}  // namespace tianmu::fuzz
