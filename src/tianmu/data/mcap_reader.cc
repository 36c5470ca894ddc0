#include "tianmu/data/mcap_reader.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <system_error>

#include "tianmu/core/error.h"
#include "tianmu/data/chunk_codec.h"
#include "tianmu/data/crc32.h"
#include "tianmu/data/mcap_format.h"

namespace tianmu::data {
namespace {

using namespace mcap;  // NOLINT(google-build-using-namespace): the wire-format vocabulary

const char* OpcodeName(std::uint8_t opcode) {
  switch (opcode) {
    case kHeader:
      return "Header";
    case kFooter:
      return "Footer";
    case kSchema:
      return "Schema";
    case kChannel:
      return "Channel";
    case kMessage:
      return "Message";
    case kChunk:
      return "Chunk";
    case kMessageIndex:
      return "MessageIndex";
    case kChunkIndex:
      return "ChunkIndex";
    case kAttachment:
      return "Attachment";
    case kAttachmentIndex:
      return "AttachmentIndex";
    case kStatistics:
      return "Statistics";
    case kMetadata:
      return "Metadata";
    case kMetadataIndex:
      return "MetadataIndex";
    case kSummaryOffset:
      return "SummaryOffset";
    case kDataEnd:
      return "DataEnd";
    default:
      return "unknown";
  }
}

std::string Hex32(std::uint32_t v) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "0x%08x", v);
  return buffer;
}

/// Random access to the file's bytes; reading past the end is a FormatError.
class FileBytes {
 public:
  FileBytes(const std::filesystem::path& path, std::uint64_t size)
      : in_(path, std::ios::binary), size_(size) {
    if (!in_) throw InputError(path.string(), 0, "", "cannot be opened for reading");
  }

  /// Replaces `out` with bytes [offset, offset + size).
  void Read(std::uint64_t offset, std::uint64_t size, std::string& out) {
    if (offset > size_ || size > size_ - offset) {
      throw FormatError("truncated: needs bytes up to " + std::to_string(offset + size) +
                        " but the file ends at byte " + std::to_string(size_));
    }
    out.resize(static_cast<std::size_t>(size));
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(out.data(), static_cast<std::streamsize>(size));
    if (!in_) throw FormatError("read error at byte " + std::to_string(offset));
  }

 private:
  std::ifstream in_;
  std::uint64_t size_;
};

// ---- record parsers: each reads one record's content (extra trailing fields are ignored) ----

std::map<std::string, std::string> ParseStringMap(ByteReader& r, const char* what) {
  ByteReader entries(r.String(what));
  std::map<std::string, std::string> out;
  while (!entries.done()) {
    std::string key(entries.String(what));
    out[key] = std::string(entries.String(what));
  }
  return out;
}

McapSchema ParseSchema(std::string_view content) {
  ByteReader r(content);
  McapSchema s;
  s.id = r.U16("schema id");
  s.name = r.String("schema name");
  s.encoding = r.String("schema encoding");
  s.data = r.String("schema data");
  return s;
}

McapChannel ParseChannel(std::string_view content) {
  ByteReader r(content);
  McapChannel c;
  c.id = r.U16("channel id");
  c.schema_id = r.U16("channel schema_id");
  c.topic = r.String("channel topic");
  c.message_encoding = r.String("channel message_encoding");
  c.metadata = ParseStringMap(r, "channel metadata");
  return c;
}

McapMessageView ParseMessage(std::string_view content) {
  ByteReader r(content);
  McapMessageView m;
  m.channel_id = r.U16("message channel_id");
  m.sequence = r.U32("message sequence");
  m.log_time_ns = r.U64("message log_time");
  m.publish_time_ns = r.U64("message publish_time");
  m.data = r.Rest();
  return m;
}

McapStatistics ParseStatistics(std::string_view content) {
  ByteReader r(content);
  McapStatistics s;
  s.message_count = r.U64("message_count");
  s.schema_count = r.U16("schema_count");
  s.channel_count = r.U32("channel_count");
  s.attachment_count = r.U32("attachment_count");
  s.metadata_count = r.U32("metadata_count");
  s.chunk_count = r.U32("chunk_count");
  s.message_start_time_ns = r.U64("message_start_time");
  s.message_end_time_ns = r.U64("message_end_time");
  ByteReader counts(r.String("channel_message_counts"));
  while (!counts.done()) {
    const std::uint16_t id = counts.U16("channel_message_counts key");
    s.channel_message_counts[id] = counts.U64("channel_message_counts value");
  }
  return s;
}

McapChunkInfo ParseChunkIndex(std::string_view content) {
  ByteReader r(content);
  McapChunkInfo c;
  c.message_start_time_ns = r.U64("message_start_time");
  c.message_end_time_ns = r.U64("message_end_time");
  c.chunk_start_offset = r.U64("chunk_start_offset");
  c.chunk_length = r.U64("chunk_length");
  ByteReader offsets(r.String("message_index_offsets"));
  while (!offsets.done()) {
    const std::uint16_t id = offsets.U16("message_index_offsets key");
    c.message_index_offsets[id] = offsets.U64("message_index_offsets value");
  }
  c.message_index_length = r.U64("message_index_length");
  c.compression = r.String("compression");
  c.compressed_size = r.U64("compressed_size");
  c.uncompressed_size = r.U64("uncompressed_size");
  return c;
}

/// A Chunk record's fields; `records` still compressed.
struct ChunkRecord {
  McapChunkInfo info;
  std::uint32_t uncompressed_crc = 0;
  std::string_view records;
};

ChunkRecord ParseChunk(std::string_view content) {
  ByteReader r(content);
  ChunkRecord c;
  c.info.message_start_time_ns = r.U64("message_start_time");
  c.info.message_end_time_ns = r.U64("message_end_time");
  c.info.uncompressed_size = r.U64("uncompressed_size");
  c.uncompressed_crc = r.U32("uncompressed_crc");
  c.info.compression = r.String("compression");
  c.records = r.Bytes(r.U64("records length"), "records");
  c.info.compressed_size = c.records.size();
  return c;
}

/// Splits a run of records (a chunk's content or the summary) into (opcode, content) pairs.
class RecordWalker {
 public:
  RecordWalker(std::string_view bytes, std::uint64_t base) : bytes_(bytes), base_(base) {}
  bool Next() {
    if (pos_ == bytes_.size()) return false;
    offset_ = base_ + pos_;
    if (bytes_.size() - pos_ < kRecordPrefixBytes) {
      throw FormatError("record at byte " + std::to_string(offset_) + " is cut short");
    }
    ByteReader r(bytes_.substr(pos_));
    opcode_ = r.U8("opcode");
    const std::uint64_t length = r.U64("length");
    if (length > r.remaining()) {
      throw FormatError(std::string(OpcodeName(opcode_)) + " record at byte " +
                        std::to_string(offset_) + " claims " + std::to_string(length) +
                        " bytes but only " + std::to_string(r.remaining()) + " remain");
    }
    content_ = r.Bytes(length, "record");
    pos_ += kRecordPrefixBytes + static_cast<std::size_t>(length);
    return true;
  }
  std::uint8_t opcode() const { return opcode_; }
  std::string_view content() const { return content_; }
  /// Offset of the current record (in the file, or in the uncompressed chunk plus `base`).
  std::uint64_t offset() const { return offset_; }

 private:
  std::string_view bytes_;
  std::uint64_t base_;
  std::size_t pos_ = 0;
  std::uint8_t opcode_ = 0;
  std::string_view content_;
  std::uint64_t offset_ = 0;
};

}  // namespace

McapReader::McapReader(std::filesystem::path path) : path_(std::move(path)) {
  const std::string file = path_.string();
  auto fail = [&](const std::string& what) { throw InputError(file, 0, "", what); };

  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);
  if (!std::filesystem::exists(status)) fail("cannot open: no such file (expected an MCAP file)");
  if (std::filesystem::is_directory(status)) fail("is a directory (expected an MCAP file)");
  const std::uint64_t size = std::filesystem::file_size(path_, ec);
  if (ec) fail("cannot read: " + ec.message());
  summary_.file_size_bytes = size;

  try {
    FileBytes in(path_, size);
    std::string bytes;
    const std::uint64_t head = std::min<std::uint64_t>(size, kMagic.size());
    in.Read(0, head, bytes);
    if (size == 0) fail("empty file (expected an MCAP file)");
    if (bytes.size() < kMagic.size() && kMagic.substr(0, bytes.size()) == bytes) {
      fail("truncated MCAP: the file ends after " + std::to_string(size) + " bytes");
    }
    if (bytes != kMagic) fail("not an MCAP file (it does not start with the MCAP magic bytes)");
    // Header: the first record.
    in.Read(kMagic.size(), std::min<std::uint64_t>(kRecordPrefixBytes, size - kMagic.size()),
            bytes);
    if (bytes.size() < kRecordPrefixBytes || static_cast<std::uint8_t>(bytes[0]) != kHeader) {
      fail("truncated or corrupt MCAP: no Header record after the magic bytes");
    }
    ByteReader prefix(bytes);
    prefix.U8("opcode");
    const std::uint64_t header_length = prefix.U64("Header length");
    data_start_ = kMagic.size() + kRecordPrefixBytes + header_length;
    if (header_length > size || data_start_ > size) {
      fail("truncated or corrupt MCAP: the Header record runs past the end of the file");
    }
    in.Read(kMagic.size() + kRecordPrefixBytes, header_length, bytes);
    ByteReader header(bytes);
    summary_.profile = header.String("Header profile");
    summary_.library = header.String("Header library");

    // Footer and trailing magic: the last 37 bytes.
    if (size < data_start_ + kFooterAndMagicBytes) {
      fail("truncated MCAP: the file ends before its Footer (it was cut short or never closed)");
    }
    footer_offset_ = size - kFooterAndMagicBytes;
    in.Read(footer_offset_, kFooterAndMagicBytes, bytes);
    if (std::string_view(bytes).substr(kFooterAndMagicBytes - kMagic.size()) != kMagic ||
        static_cast<std::uint8_t>(bytes[0]) != kFooter) {
      fail(
          "truncated MCAP: no Footer and closing magic bytes at the end of the file (it was "
          "cut short or never closed)");
    }
    ByteReader footer(bytes);
    footer.U8("opcode");
    if (footer.U64("Footer length") != kFooterContentBytes) {
      fail("corrupt MCAP: the Footer record has the wrong length");
    }
    const std::uint64_t summary_start = footer.U64("summary_start");
    const std::uint64_t summary_offset_start = footer.U64("summary_offset_start");
    const std::uint32_t summary_crc = footer.U32("summary_crc");
    data_end_ = summary_start != 0          ? summary_start
                : summary_offset_start != 0 ? summary_offset_start
                                            : footer_offset_;

    bool has_statistics = false;
    if (summary_start != 0) {
      ReadSummarySection(summary_start, summary_offset_start, summary_crc, has_statistics);
    }
    if (!has_statistics) SummariseByScan(summary_start == 0);
  } catch (const FormatError& e) {
    fail(std::string("corrupt MCAP: ") + e.what());
  }
}

void McapReader::ReadSummarySection(std::uint64_t summary_start, std::uint64_t summary_offset_start,
                                    std::uint32_t summary_crc, bool& has_statistics) {
  const std::uint64_t summary_end =
      summary_offset_start != 0 ? summary_offset_start : footer_offset_;
  if (summary_start < data_start_ || summary_start > footer_offset_ ||
      summary_end < summary_start || summary_end > footer_offset_) {
    throw FormatError("the Footer's summary offsets (" + std::to_string(summary_start) + ", " +
                      std::to_string(summary_offset_start) + ") lie outside the file");
  }
  FileBytes in(path_, summary_.file_size_bytes);
  std::string bytes;
  // The summary CRC covers the summary and summary offset sections and the Footer up to (not
  // including) summary_crc itself.
  in.Read(summary_start, footer_offset_ + kRecordPrefixBytes + 16 - summary_start, bytes);
  if (summary_crc != 0) {
    const std::uint32_t crc = Crc32(bytes);
    if (crc != summary_crc) {
      throw FormatError("summary CRC mismatch (stored " + Hex32(summary_crc) + ", computed " +
                        Hex32(crc) + ")");
    }
  }
  RecordWalker walker(std::string_view(bytes).substr(0, summary_end - summary_start),
                      summary_start);
  while (walker.Next()) {
    try {
      switch (walker.opcode()) {
        case kSchema: {
          McapSchema s = ParseSchema(walker.content());
          if (s.id != 0) summary_.schemas[s.id] = std::move(s);
          break;
        }
        case kChannel: {
          McapChannel c = ParseChannel(walker.content());
          summary_.channels[c.id] = std::move(c);
          break;
        }
        case kStatistics:
          summary_.statistics = ParseStatistics(walker.content());
          has_statistics = true;
          break;
        case kChunkIndex:
          summary_.chunks.push_back(ParseChunkIndex(walker.content()));
          break;
        default:  // attachment and metadata indexes, unknown records: not needed here
          break;
      }
    } catch (const FormatError& e) {
      throw FormatError(std::string(OpcodeName(walker.opcode())) + " record at byte " +
                        std::to_string(walker.offset()) + ": " + e.what());
    }
  }
  std::sort(summary_.chunks.begin(), summary_.chunks.end(),
            [](const McapChunkInfo& a, const McapChunkInfo& b) {
              return a.chunk_start_offset < b.chunk_start_offset;
            });
  summary_.from_summary_section = true;
}

void McapReader::SummariseByScan(bool keep_scanned_chunks) {
  McapStatistics stats;
  std::set<std::uint16_t> schema_ids;
  std::vector<McapChunkInfo> chunks;
  ScanCallbacks callbacks;
  callbacks.schema = [&](const McapSchema& s) {
    schema_ids.insert(s.id);
    summary_.schemas.try_emplace(s.id, s);
  };
  callbacks.channel = [&](const McapChannel& c) {
    stats.channel_message_counts.try_emplace(c.id, 0);
    summary_.channels.try_emplace(c.id, c);
  };
  callbacks.chunk = [&](const McapChunkInfo& c) { chunks.push_back(c); };
  callbacks.message = [&](const McapMessageView& m) {
    if (stats.message_count == 0) {
      stats.message_start_time_ns = stats.message_end_time_ns = m.log_time_ns;
    } else {
      stats.message_start_time_ns = std::min(stats.message_start_time_ns, m.log_time_ns);
      stats.message_end_time_ns = std::max(stats.message_end_time_ns, m.log_time_ns);
    }
    ++stats.message_count;
    ++stats.channel_message_counts[m.channel_id];
  };
  Scan(callbacks);
  stats.schema_count = static_cast<std::uint16_t>(schema_ids.size());
  stats.channel_count = static_cast<std::uint32_t>(stats.channel_message_counts.size());
  stats.chunk_count = static_cast<std::uint32_t>(chunks.size());
  summary_.statistics = std::move(stats);
  if (keep_scanned_chunks || summary_.chunks.empty()) summary_.chunks = std::move(chunks);
}

void McapReader::Scan(const ScanCallbacks& callbacks) const {
  std::map<std::uint16_t, McapChannel> channels;
  FileBytes in(path_, summary_.file_size_bytes);
  // The data-section CRC covers every byte before the DataEnd record, magic and Header included.
  std::string bytes;
  in.Read(0, data_start_, bytes);
  std::uint32_t crc = Crc32(bytes);
  std::string chunk_records;

  auto on_channel = [&](const McapChannel& c) {
    auto [it, inserted] = channels.try_emplace(c.id, c);
    if (!inserted && (it->second.topic != c.topic || it->second.schema_id != c.schema_id ||
                      it->second.message_encoding != c.message_encoding)) {
      throw FormatError("channel " + std::to_string(c.id) +
                        " is defined twice with different topics or encodings");
    }
    if (inserted && callbacks.channel) callbacks.channel(it->second);
  };
  auto on_message = [&](std::string_view content) {
    const McapMessageView m = ParseMessage(content);
    if (channels.count(m.channel_id) == 0) {
      throw FormatError("message on channel " + std::to_string(m.channel_id) +
                        " before that channel's Channel record");
    }
    if (callbacks.message) callbacks.message(m);
  };
  auto on_schema = [&](std::string_view content) {
    const McapSchema s = ParseSchema(content);
    if (s.id != 0 && callbacks.schema) callbacks.schema(s);
  };

  std::uint64_t offset = data_start_;
  std::string record;
  for (;;) {
    if (offset + kRecordPrefixBytes > footer_offset_) {
      throw FormatError("the data section ends at byte " + std::to_string(offset) +
                        " without a DataEnd record");
    }
    in.Read(offset, kRecordPrefixBytes, bytes);
    ByteReader prefix(bytes);
    const std::uint8_t opcode = prefix.U8("opcode");
    const std::uint64_t length = prefix.U64("length");
    const std::string where =
        std::string(OpcodeName(opcode)) + " record at byte " + std::to_string(offset);
    // Some early writers end the data section without DataEnd; a Footer anywhere else is damage.
    if (opcode == kFooter && offset == footer_offset_) break;
    if (length > footer_offset_ - offset - kRecordPrefixBytes) {
      throw FormatError(where + " claims " + std::to_string(length) +
                        " bytes, past the end of the data section (the file is truncated or "
                        "corrupt)");
    }
    in.Read(offset + kRecordPrefixBytes, length, record);
    try {
      if (opcode == kDataEnd) {
        ByteReader r(record);
        const std::uint32_t stored = r.U32("data_section_crc");
        if (stored != 0 && stored != crc) {
          throw FormatError("data section CRC mismatch (stored " + Hex32(stored) + ", computed " +
                            Hex32(crc) + ")");
        }
        if (offset + kRecordPrefixBytes + length != data_end_) {
          throw FormatError("the data section ends at byte " +
                            std::to_string(offset + kRecordPrefixBytes + length) +
                            " but the Footer puts the next section at byte " +
                            std::to_string(data_end_));
        }
        break;
      }
      crc = Crc32(record, Crc32(bytes, crc));
      switch (opcode) {
        case kSchema:
          on_schema(record);
          break;
        case kChannel:
          on_channel(ParseChannel(record));
          break;
        case kMessage:
          on_message(record);
          break;
        case kChunk: {
          ChunkRecord chunk = ParseChunk(record);
          chunk.info.chunk_start_offset = offset;
          chunk.info.chunk_length = kRecordPrefixBytes + length;
          DecompressChunk(chunk.info.compression, chunk.records, chunk.info.uncompressed_size,
                          chunk_records);
          const std::uint32_t computed = Crc32(chunk_records);
          if (chunk.uncompressed_crc != 0 && computed != chunk.uncompressed_crc) {
            throw FormatError("CRC mismatch (stored " + Hex32(chunk.uncompressed_crc) +
                              ", computed " + Hex32(computed) + ")");
          }
          if (callbacks.chunk) callbacks.chunk(chunk.info);
          RecordWalker walker(chunk_records, 0);
          while (walker.Next()) {
            switch (walker.opcode()) {
              case kSchema:
                on_schema(walker.content());
                break;
              case kChannel:
                on_channel(ParseChannel(walker.content()));
                break;
              case kMessage:
                on_message(walker.content());
                break;
              default:
                if (walker.opcode() < 0x80) {
                  throw FormatError(std::string(OpcodeName(walker.opcode())) +
                                    " record not allowed inside a chunk");
                }
            }
          }
          break;
        }
        default:  // MessageIndex, Attachment, Metadata, unknown: nothing to read here
          break;
      }
    } catch (const FormatError& e) {
      throw FormatError(where + ": " + e.what());
    }
    offset += kRecordPrefixBytes + length;
  }
}

void McapReader::ForEachMessage(const std::function<void(const McapMessageView&)>& visit) const {
  ScanCallbacks callbacks;
  callbacks.message = visit;
  try {
    Scan(callbacks);
  } catch (const FormatError& e) {
    throw InputError(path_.string(), 0, "", std::string("corrupt MCAP: ") + e.what());
  }
}

std::vector<McapMessage> McapReader::ReadAllMessages() const {
  std::vector<McapMessage> out;
  ForEachMessage([&](const McapMessageView& m) {
    out.push_back(
        {m.channel_id, m.sequence, m.log_time_ns, m.publish_time_ns, std::string(m.data)});
  });
  return out;
}

void McapReader::Verify() const {
  std::uint64_t count = 0;
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;
  std::map<std::uint16_t, std::uint64_t> per_channel;
  std::vector<std::uint64_t> chunk_offsets;
  ScanCallbacks callbacks;
  callbacks.chunk = [&](const McapChunkInfo& c) { chunk_offsets.push_back(c.chunk_start_offset); };
  callbacks.message = [&](const McapMessageView& m) {
    start_ns = count == 0 ? m.log_time_ns : std::min(start_ns, m.log_time_ns);
    end_ns = count == 0 ? m.log_time_ns : std::max(end_ns, m.log_time_ns);
    ++count;
    ++per_channel[m.channel_id];
  };
  auto fail = [&](const std::string& what) {
    throw InputError(path_.string(), 0, "", "corrupt MCAP: " + what);
  };
  try {
    Scan(callbacks);
  } catch (const FormatError& e) {
    fail(e.what());
  }
  const McapStatistics& s = summary_.statistics;
  if (s.message_count != count) {
    fail("the Statistics record counts " + std::to_string(s.message_count) +
         " messages but the data section holds " + std::to_string(count));
  }
  if (count > 0 && (s.message_start_time_ns != start_ns || s.message_end_time_ns != end_ns)) {
    fail("the Statistics record's time range differs from the messages' log times");
  }
  for (const auto& [id, n] : s.channel_message_counts) {
    const auto it = per_channel.find(id);
    if ((it == per_channel.end() ? 0 : it->second) != n) {
      fail("the Statistics record counts " + std::to_string(n) + " messages on channel " +
           std::to_string(id) + " but the data section holds " +
           std::to_string(it == per_channel.end() ? 0 : it->second));
    }
  }
  if (s.chunk_count != chunk_offsets.size()) {
    fail("the Statistics record counts " + std::to_string(s.chunk_count) +
         " chunks but the data section holds " + std::to_string(chunk_offsets.size()));
  }
  if (summary_.from_summary_section) {
    std::vector<std::uint64_t> indexed;
    for (const McapChunkInfo& c : summary_.chunks) indexed.push_back(c.chunk_start_offset);
    if (indexed != chunk_offsets) {
      fail("the summary indexes " + std::to_string(indexed.size()) +
           " chunks but the data section holds " + std::to_string(chunk_offsets.size()) +
           " (or they are at other offsets)");
    }
  }
}

}  // namespace tianmu::data
