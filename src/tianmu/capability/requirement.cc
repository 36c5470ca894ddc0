#include "tianmu/capability/requirement.h"

#include <algorithm>

#include "tianmu/capability/capability_key.h"

namespace tianmu::capability {
namespace {

Requirement ReadOne(const std::string& key, const ConfigNode& node) {
  const CapabilityKey* k = FindCapabilityKey(key);
  if (k == nullptr) {
    node.Fail("a capability of profile.json (" + CapabilityKeyList() + "), not '" + key + "'");
  }
  Requirement r;
  r.key = key;
  r.at_most = k->at_most;
  r.file = node.file();
  r.line = node.line();
  const char* bound = k->at_most ? "max" : "min";
  const char* other = k->at_most ? "min" : "max";
  if (!node.IsMap()) {
    r.value = node.AsNonNegativeDouble();
    return r;
  }
  node.RejectUnknownKeys({bound, other, "unit", "must", "weight", "source"});
  if (node.Has(other)) {
    node.Required(other).Fail(std::string("'") + bound + "' in place of '" + other +
                              "' (a robot's " + key + " must be " +
                              (k->at_most ? "at most" : "at least") + " the bound)");
  }
  r.value = node.Required(bound).AsNonNegativeDouble();
  if (auto unit = node.Optional("unit")) {
    if (unit->AsString() != k->unit) {
      unit->Fail("'" + k->unit + "' (the unit of " + key + " in profile.json), got '" +
                 unit->AsString() + "'");
    }
  }
  if (auto must = node.Optional("must")) r.must = must->AsBool();
  if (auto weight = node.Optional("weight")) r.weight = weight->AsDoubleInRange(1e-3, 1e3);
  if (auto source = node.Optional("source")) r.source = source->AsString();
  return r;
}

}  // namespace

std::vector<Requirement> ReadRequirements(const ConfigNode& map) {
  std::vector<Requirement> out;
  for (const auto& [key, node] : map.MapEntries()) {
    const bool repeated = std::any_of(out.begin(), out.end(),
                                      [&key = key](const Requirement& r) { return r.key == key; });
    if (repeated) node.Fail("each capability once ('" + key + "' appears twice)");
    out.push_back(ReadOne(key, node));
  }
  return out;
}

}  // namespace tianmu::capability
