// Fleet messages as a robot agent or the fleet manager receives them over MQTT (VDA 5050-shaped
// order, state, instantActions, connection, factsheet). The first input byte picks the message,
// the rest is the payload. What decodes is encoded again and must decode to the same JSON: a
// message the manager forwards is read the same way by the robot.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_targets.h"
#include "tianmu/core/error.h"
#include "tianmu/fleet/connection.h"
#include "tianmu/fleet/factsheet.h"
#include "tianmu/fleet/instant_actions.h"
#include "tianmu/fleet/order.h"
#include "tianmu/fleet/payload_reader.h"
#include "tianmu/fleet/state.h"

namespace tianmu::fuzz {
namespace {

// Decodes `payload` as message `kind` and returns it encoded again.
nlohmann::json DecodeAndEncode(int kind, const nlohmann::json& payload) {
  switch (kind) {
    case 0:
      return fleet::EncodeOrder(fleet::DecodeOrder(payload));
    case 1:
      return fleet::EncodeState(fleet::DecodeState(payload));
    case 2:
      return fleet::EncodeInstantActions(fleet::DecodeInstantActions(payload));
    case 3:
      return fleet::EncodeConnection(fleet::DecodeConnection(payload));
    default:
      return fleet::EncodeFactsheet(fleet::DecodeFactsheet(payload));
  }
}

}  // namespace

void FuzzFleetMessage(std::string_view input) {
  if (input.empty()) return;
  const int kind = static_cast<unsigned char>(input[0]) % 5;
  nlohmann::json encoded;
  try {
    encoded = DecodeAndEncode(kind, fleet::ParsePayload(std::string(input.substr(1)), "fuzz"));
  } catch (const InputError&) {
    return;
  }
  // What was accepted once is accepted again, unchanged.
  if (DecodeAndEncode(kind, fleet::ParsePayload(encoded.dump(), "fuzz")) != encoded) std::abort();
}

}  // namespace tianmu::fuzz
