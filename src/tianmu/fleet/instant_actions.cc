#include "tianmu/fleet/instant_actions.h"

#include <set>

namespace tianmu::fleet {

bool IsKnownInstantAction(const std::string& action_type) {
  for (const char* t : kInstantActionTypes) {
    if (action_type == t) return true;
  }
  return false;
}

nlohmann::json EncodeInstantActions(const InstantActions& message) {
  nlohmann::json out = nlohmann::json::object();
  EncodeHeader(message.header, &out);
  out["actions"] = nlohmann::json::array();
  for (const Action& a : message.actions) out["actions"].push_back(EncodeAction(a));
  return out;
}

InstantActions DecodeInstantActions(const nlohmann::json& payload) {
  const PayloadReader reader(payload, "instantActions", "");
  reader.RejectUnknown({TIANMU_FLEET_HEADER_FIELDS, "actions"});
  InstantActions message;
  message.header = DecodeHeader(reader);
  std::set<std::string> ids;
  const std::vector<PayloadReader> actions = reader.Objects("actions", kMaxInstantActions);
  for (std::size_t i = 0; i < actions.size(); ++i) {
    Action action = DecodeAction(actions[i]);
    if (!ids.insert(action.action_id).second) {
      actions[i].Fail("actionId",
                      "an id unique in the message (\"" + action.action_id + "\" repeats)");
    }
    message.actions.push_back(std::move(action));
  }
  return message;
}

InstantActions DecodeInstantActionsText(const std::string& text) {
  return DecodeInstantActions(ParsePayload(text, "instantActions"));
}

}  // namespace tianmu::fleet
