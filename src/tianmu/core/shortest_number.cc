#include "tianmu/core/shortest_number.h"

#include <charconv>
#include <system_error>

namespace tianmu {

std::string ShortestNumber(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace tianmu
