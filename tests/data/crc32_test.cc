#include "tianmu/data/crc32.h"

#include <gtest/gtest.h>

#include <string>

#include "tianmu/core/rng.h"

namespace tianmu::data {
namespace {

// Bit-at-a-time CRC-32 straight from the definition, to check the table-driven one against.
std::uint32_t ReferenceCrc32(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int i = 0; i < 8; ++i) c = (c & 1u) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
  }
  return ~c;
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32(std::string_view("123456789")), 0xCBF43926u);
  EXPECT_EQ(Crc32(std::string_view("")), 0u);
  EXPECT_EQ(Crc32(std::string_view("The quick brown fox jumps over the lazy dog")), 0x414FA339u);
}

TEST(Crc32, AgreesWithTheBitwiseDefinitionAtEveryLengthAndSplit) {
  Rng rng(42);
  std::string bytes(300, '\0');
  for (char& c : bytes) c = static_cast<char>(rng.NextU64() & 0xFF);
  for (std::size_t n = 0; n <= bytes.size(); n += 7) {
    const std::string prefix = bytes.substr(0, n);
    const std::uint32_t whole = Crc32(std::string_view(prefix));
    ASSERT_EQ(whole, ReferenceCrc32(prefix)) << "length " << n;
    const std::size_t split = n / 3;
    EXPECT_EQ(Crc32(std::string_view(prefix).substr(split),
                    Crc32(std::string_view(prefix).substr(0, split))),
              whole)
        << "length " << n << " split at " << split;
  }
}

}  // namespace
}  // namespace tianmu::data
