// The MCAP wire format shared by the writer and the reader (https://mcap.dev/spec, major version
// 0): magic, record opcodes and the little-endian encoding of the spec's field types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tianmu::data {

/// How the records inside a chunk are compressed.
enum class McapCompression { kNone, kZstd, kLz4 };

/// The chunk `compression` string MCAP uses: "" (none), "zstd" or "lz4" (LZ4 frame format).
constexpr std::string_view McapCompressionName(McapCompression compression) {
  switch (compression) {
    case McapCompression::kZstd:
      return "zstd";
    case McapCompression::kLz4:
      return "lz4";
    case McapCompression::kNone:
      break;
  }
  return "";
}

namespace mcap {

/// Leading and trailing bytes of every MCAP file: 0x89 "MCAP" '0' "\r\n".
inline constexpr std::string_view kMagic{"\x89MCAP0\r\n", 8};

/// Record type byte. 0x01-0x7F belong to the spec; readers skip opcodes they do not know.
enum Opcode : std::uint8_t {
  kHeader = 0x01,
  kFooter = 0x02,
  kSchema = 0x03,
  kChannel = 0x04,
  kMessage = 0x05,
  kChunk = 0x06,
  kMessageIndex = 0x07,
  kChunkIndex = 0x08,
  kAttachment = 0x09,
  kAttachmentIndex = 0x0A,
  kStatistics = 0x0B,
  kMetadata = 0x0C,
  kMetadataIndex = 0x0D,
  kSummaryOffset = 0x0E,
  kDataEnd = 0x0F,
};

/// Opcode byte plus the uint64 content length that prefix every record.
inline constexpr std::size_t kRecordPrefixBytes = 9;
/// Message record content before the payload: channel_id, sequence, log_time, publish_time.
inline constexpr std::size_t kMessageFixedBytes = 2 + 4 + 8 + 8;
/// Footer record content: summary_start, summary_offset_start, summary_crc.
inline constexpr std::size_t kFooterContentBytes = 8 + 8 + 4;
/// Whole footer record plus the trailing magic.
inline constexpr std::size_t kFooterAndMagicBytes =
    kRecordPrefixBytes + kFooterContentBytes + kMagic.size();
/// DataEnd record content: data_section_crc.
inline constexpr std::size_t kDataEndContentBytes = 4;

// ---- encoding: append little-endian fields to a byte string ----

/// Appends `value` as `bytes` little-endian bytes.
inline void PutLe(std::string& out, std::uint64_t value, std::size_t bytes) {
  char buffer[8];
  for (std::size_t i = 0; i < bytes; ++i) buffer[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  out.append(buffer, bytes);
}
inline void PutU8(std::string& out, std::uint8_t v) { out.push_back(static_cast<char>(v)); }
inline void PutU16(std::string& out, std::uint16_t v) { PutLe(out, v, 2); }
inline void PutU32(std::string& out, std::uint32_t v) { PutLe(out, v, 4); }
inline void PutU64(std::string& out, std::uint64_t v) { PutLe(out, v, 8); }
/// String and uint32-prefixed Bytes: uint32 byte length, then the bytes.
inline void PutString(std::string& out, std::string_view s) {
  PutU32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}
/// Overwrites 8 bytes at `pos` with `value` (to patch a length written before the content).
inline void PatchU64(std::string& out, std::size_t pos, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) out[pos + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

/// Starts a record: writes the opcode and a placeholder length; returns where the length is.
inline std::size_t BeginRecord(std::string& out, Opcode opcode) {
  PutU8(out, opcode);
  const std::size_t length_pos = out.size();
  PutU64(out, 0);
  return length_pos;
}
/// Ends the record begun at `length_pos`: fills in its content length.
inline void EndRecord(std::string& out, std::size_t length_pos) {
  PatchU64(out, length_pos, out.size() - length_pos - 8);
}

// ---- decoding: read fields from a bounded byte range ----

/// Malformed bytes; the reader turns it into an InputError naming the file and the offset.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads little-endian fields from `data`, raising FormatError instead of reading past its end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return data_.size() - offset_; }
  bool done() const { return offset_ == data_.size(); }

  std::uint8_t U8(const char* what) { return static_cast<std::uint8_t>(Le(1, what)); }
  std::uint16_t U16(const char* what) { return static_cast<std::uint16_t>(Le(2, what)); }
  std::uint32_t U32(const char* what) { return static_cast<std::uint32_t>(Le(4, what)); }
  std::uint64_t U64(const char* what) { return Le(8, what); }
  /// `size` raw bytes.
  std::string_view Bytes(std::uint64_t size, const char* what) {
    Need(size, what);
    std::string_view out = data_.substr(offset_, static_cast<std::size_t>(size));
    offset_ += static_cast<std::size_t>(size);
    return out;
  }
  /// A String or uint32-prefixed Bytes field.
  std::string_view String(const char* what) { return Bytes(U32(what), what); }
  /// The rest of the range.
  std::string_view Rest() { return Bytes(remaining(), "data"); }

 private:
  void Need(std::uint64_t size, const char* what) const {
    if (size > remaining()) {
      throw FormatError(std::string(what) + " needs " + std::to_string(size) + " bytes but only " +
                        std::to_string(remaining()) + " remain in the record");
    }
  }
  std::uint64_t Le(std::size_t bytes, const char* what) {
    Need(bytes, what);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[offset_ + i])) << (8 * i);
    }
    offset_ += bytes;
    return v;
  }

  std::string_view data_;
  std::size_t offset_ = 0;
};

}  // namespace mcap
}  // namespace tianmu::data
