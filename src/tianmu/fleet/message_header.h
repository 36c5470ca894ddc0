// The header every VDA 5050-shaped message carries: a per-topic counter, a timestamp, the protocol
// version and which robot (manufacturer + serial number) it is from or for.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tianmu/fleet/payload_reader.h"

namespace tianmu::fleet {

/// The protocol version written into every message (VDA 5050 major version 2).
inline constexpr const char* kProtocolVersion = "2.0.0";

/// Fields shared by every message.
struct MessageHeader {
  std::uint32_t header_id = 0;             ///< headerId: counts up per topic and sender
  std::string timestamp;                   ///< ISO 8601 UTC ("2026-12-08T00:00:00.000Z")
  std::string version = kProtocolVersion;  ///< protocol version, major.minor.patch
  std::string manufacturer;                ///< robot manufacturer ("tianmu")
  std::string serial_number;               ///< unique per manufacturer ("tm1-01")
};

/// Writes the header's fields into `out` (an object).
void EncodeHeader(const MessageHeader& header, nlohmann::json* out);

/// Reads and checks the header's fields (version must be 2.x.y).
MessageHeader DecodeHeader(const PayloadReader& reader);

/// The header's field names, for RejectUnknown lists.
#define TIANMU_FLEET_HEADER_FIELDS \
  "headerId", "timestamp", "version", "manufacturer", "serialNumber"

}  // namespace tianmu::fleet
