#include "tianmu/fleet/action.h"

#include <cmath>

namespace tianmu::fleet {

const char* BlockingTypeName(BlockingType type) {
  switch (type) {
    case BlockingType::kNone:
      return "NONE";
    case BlockingType::kSoft:
      return "SOFT";
    case BlockingType::kHard:
      return "HARD";
  }
  return "HARD";
}

double Action::NumberParameter(const std::string& key, double fallback) const {
  for (const ActionParameter& p : parameters) {
    if (p.key == key && p.value.is_number()) return p.value.get<double>();
  }
  return fallback;
}

nlohmann::json EncodeAction(const Action& action) {
  nlohmann::json parameters = nlohmann::json::array();
  for (const ActionParameter& p : action.parameters) {
    parameters.push_back({{"key", p.key}, {"value", p.value}});
  }
  return {{"actionType", action.action_type},
          {"actionId", action.action_id},
          {"blockingType", BlockingTypeName(action.blocking_type)},
          {"actionParameters", parameters}};
}

Action DecodeAction(const PayloadReader& reader) {
  reader.RejectUnknown(
      {"actionType", "actionId", "blockingType", "actionParameters", "actionDescription"});
  Action action;
  action.action_type = reader.String("actionType", 64);
  action.action_id = reader.String("actionId");
  const std::string blocking = reader.Enum("blockingType", {"NONE", "SOFT", "HARD"});
  action.blocking_type = blocking == "NONE"   ? BlockingType::kNone
                         : blocking == "SOFT" ? BlockingType::kSoft
                                              : BlockingType::kHard;
  reader.OptionalString("actionDescription");
  for (const PayloadReader& p : reader.OptionalObjects("actionParameters", kMaxActionParameters)) {
    p.RejectUnknown({"key", "value"});
    ActionParameter parameter;
    parameter.key = p.String("key", 64);
    const nlohmann::json* value = p.Raw("value");
    if (value == nullptr) p.Fail("value", "a string, number or boolean (missing)");
    if (value->is_string()) {
      if (value->get_ref<const std::string&>().size() > kMaxStringLength) {
        p.Fail("value", "a string of at most " + std::to_string(kMaxStringLength) + " characters");
      }
    } else if (value->is_number()) {
      if (!std::isfinite(value->get<double>())) p.Fail("value", "a finite number");
    } else if (!value->is_boolean()) {
      p.Fail("value", "a string, number or boolean");
    }
    parameter.value = *value;
    action.parameters.push_back(std::move(parameter));
  }
  return action;
}

}  // namespace tianmu::fleet
