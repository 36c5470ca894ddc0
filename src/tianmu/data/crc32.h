// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum MCAP uses for chunks, the
// data section and the summary. Table-driven, slicing by 8 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tianmu::data {

/// Extends `crc` (the CRC of the bytes before, 0 for none) over `size` more bytes, so that
/// Crc32(Crc32(0, a), b) == Crc32(0, a + b). Crc32(0, "123456789") == 0xCBF43926.
std::uint32_t Crc32(std::uint32_t crc, const void* data, std::size_t size);

/// The CRC-32 of `bytes`, or its extension from `crc`.
inline std::uint32_t Crc32(std::string_view bytes, std::uint32_t crc = 0) {
  return Crc32(crc, bytes.data(), bytes.size());
}

}  // namespace tianmu::data
