// An action a robot performs at a node, on an edge or at once (instant action): a type, an id,
// how it blocks driving, and key/value parameters.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/fleet/payload_reader.h"

namespace tianmu::fleet {

/// Whether driving may go on while the action runs (VDA 5050 blockingType).
enum class BlockingType { kNone, kSoft, kHard };

/// "NONE", "SOFT", "HARD".
const char* BlockingTypeName(BlockingType type);

/// One action parameter: a key and a JSON scalar (string, number or boolean).
struct ActionParameter {
  std::string key;
  nlohmann::json value;
};

/// An action.
struct Action {
  std::string action_type;  ///< "pick", "drop", "wait", "cancelOrder", ...
  std::string action_id;    ///< unique within the order or instant-action message
  BlockingType blocking_type = BlockingType::kHard;
  std::vector<ActionParameter> parameters;  ///< actionParameters

  /// The numeric parameter `key`, or `fallback` when absent or not a number.
  double NumberParameter(const std::string& key, double fallback) const;
};

/// Most parameters per action.
inline constexpr std::size_t kMaxActionParameters = 32;

/// Encodes an action.
nlohmann::json EncodeAction(const Action& action);

/// Decodes and checks an action (unknown fields, types, lengths).
Action DecodeAction(const PayloadReader& reader);

}  // namespace tianmu::fleet
