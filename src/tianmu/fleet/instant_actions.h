// The instantActions message (master control → robot): actions to run at once, outside any
// order, e.g. cancelOrder, startPause, stopPause, stateRequest, factsheetRequest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/fleet/action.h"
#include "tianmu/fleet/message_header.h"

namespace tianmu::fleet {

/// The instant action types a Tianmu robot carries out; others are refused with an error state.
inline constexpr const char* kInstantActionTypes[] = {"cancelOrder", "startPause", "stopPause",
                                                      "stateRequest", "factsheetRequest"};

/// An instantActions message.
struct InstantActions {
  MessageHeader header;
  std::vector<Action> actions;
};

/// Most actions in one instantActions message.
inline constexpr std::size_t kMaxInstantActions = 64;

/// True for the types in kInstantActionTypes.
bool IsKnownInstantAction(const std::string& action_type);

/// Encodes an instantActions message.
nlohmann::json EncodeInstantActions(const InstantActions& message);

/// Decodes and checks one (unique actionIds); InputError "instantActions: FIELD: ..." otherwise.
InstantActions DecodeInstantActions(const nlohmann::json& payload);

/// ParsePayload + DecodeInstantActions.
InstantActions DecodeInstantActionsText(const std::string& text);

}  // namespace tianmu::fleet
