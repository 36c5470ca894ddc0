#include "tianmu/fleet/message_header.h"

namespace tianmu::fleet {

void EncodeHeader(const MessageHeader& header, nlohmann::json* out) {
  (*out)["headerId"] = header.header_id;
  (*out)["timestamp"] = header.timestamp;
  (*out)["version"] = header.version;
  (*out)["manufacturer"] = header.manufacturer;
  (*out)["serialNumber"] = header.serial_number;
}

MessageHeader DecodeHeader(const PayloadReader& reader) {
  MessageHeader header;
  header.header_id = static_cast<std::uint32_t>(reader.Unsigned("headerId", 0xffffffffu));
  header.timestamp = reader.String("timestamp", 40);
  if (!IsIsoTimestamp(header.timestamp)) {
    reader.Fail("timestamp", "ISO 8601 UTC time such as 2026-12-08T00:00:00.000Z");
  }
  header.version = reader.String("version", 32);
  if (header.version.rfind("2.", 0) != 0) {
    reader.Fail("version", "protocol version 2.x.y (got " + header.version + ")");
  }
  header.manufacturer = reader.String("manufacturer", 64);
  header.serial_number = reader.String("serialNumber", 64);
  for (const std::string* name : {&header.manufacturer, &header.serial_number}) {
    // They become topic levels: MQTT wildcards and separators would break routing.
    if (name->find_first_of("/+#") != std::string::npos) {
      reader.Fail(name == &header.manufacturer ? "manufacturer" : "serialNumber",
                  "no '/', '+' or '#' (used as an MQTT topic level)");
    }
  }
  return header;
}

}  // namespace tianmu::fleet
