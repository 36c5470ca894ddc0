// The capability vocabulary: every figure a certification profile (profile.json) carries that a
// demand may bound, with its unit and which way is better, so matching is a comparison.
#pragma once

#include <string>
#include <vector>

namespace tianmu::capability {

/// One capability: where it sits in profile.json, its unit and where the figure comes from.
struct CapabilityKey {
  std::string key;       ///< dotted profile.json path, e.g. "speeds.max_walk_speed_mps"
  std::string unit;      ///< as results.json and the thresholds files spell it ("m/s", "N s")
  bool at_most = false;  ///< true: smaller is better (a demand gives a max), false: a min
  std::string item_id;   ///< the certification item that measures it; empty when none does
  std::string origin;    ///< "certification" (measured) or "robot.yaml" (declared)
  std::string meaning;   ///< one line for people
};

/// Every capability a demand or a scenario's `requires:` may name, in profile.json order.
const std::vector<CapabilityKey>& CapabilityKeys();

/// The capability named `key`, or nullptr when the vocabulary has no such key.
const CapabilityKey* FindCapabilityKey(const std::string& key);

/// "speeds.max_walk_speed_mps, speeds.turn_rate_radps, ...": the known keys, for error messages.
std::string CapabilityKeyList();

}  // namespace tianmu::capability
