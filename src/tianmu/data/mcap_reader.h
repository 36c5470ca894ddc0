// Reading MCAP log files (https://mcap.dev/spec): the summary (schemas, channels, statistics,
// chunks) for `tianmu log info`, and every message in file order with all CRCs verified.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tianmu::data {

/// A Schema record: how messages on the channels that name it are laid out.
struct McapSchema {
  std::uint16_t id = 0;
  std::string name;      ///< e.g. "tianmu.LowState"
  std::string encoding;  ///< e.g. "jsonschema"
  std::string data;      ///< the schema text or bytes
};

/// A Channel record: one stream of messages on a topic.
struct McapChannel {
  std::uint16_t id = 0;
  std::uint16_t schema_id = 0;  ///< 0: no schema
  std::string topic;
  std::string message_encoding;  ///< e.g. "json"
  std::map<std::string, std::string> metadata;
};

/// Where one chunk is and what it holds (from a ChunkIndex record, or from the Chunk itself when
/// the file has no summary; then the message index fields are empty).
struct McapChunkInfo {
  std::uint64_t message_start_time_ns = 0;  ///< earliest log time in the chunk
  std::uint64_t message_end_time_ns = 0;    ///< latest log time in the chunk
  std::uint64_t chunk_start_offset = 0;     ///< byte offset of the Chunk record in the file
  std::uint64_t chunk_length = 0;           ///< bytes of the Chunk record, opcode included
  std::map<std::uint16_t, std::uint64_t> message_index_offsets;  ///< channel -> MessageIndex
  std::uint64_t message_index_length = 0;  ///< bytes of the MessageIndex records after it
  std::string compression;                 ///< "", "zstd" or "lz4"
  std::uint64_t compressed_size = 0;       ///< bytes of the records as stored
  std::uint64_t uncompressed_size = 0;     ///< bytes of the records decompressed
};

/// A Statistics record: counts over the whole file.
struct McapStatistics {
  std::uint64_t message_count = 0;
  std::uint16_t schema_count = 0;
  std::uint32_t channel_count = 0;
  std::uint32_t attachment_count = 0;
  std::uint32_t metadata_count = 0;
  std::uint32_t chunk_count = 0;
  std::uint64_t message_start_time_ns = 0;  ///< earliest log time (0 when there are no messages)
  std::uint64_t message_end_time_ns = 0;    ///< latest log time (0 when there are no messages)
  std::map<std::uint16_t, std::uint64_t> channel_message_counts;  ///< channel id -> messages
};

/// What a file holds, as its summary section says (or as a scan of the data section finds when
/// the file has no summary or no Statistics record).
struct McapSummary {
  std::string profile;  ///< Header profile
  std::string library;  ///< Header library: who wrote the file
  std::map<std::uint16_t, McapSchema> schemas;
  std::map<std::uint16_t, McapChannel> channels;
  McapStatistics statistics;
  std::vector<McapChunkInfo> chunks;  ///< in file order
  bool from_summary_section = false;  ///< false: everything above came from a scan
  std::uint64_t file_size_bytes = 0;
};

/// One message as stored. In ForEachMessage `data` points into the reader's chunk buffer and is
/// valid only during the callback.
struct McapMessageView {
  std::uint16_t channel_id = 0;
  std::uint32_t sequence = 0;
  std::uint64_t log_time_ns = 0;
  std::uint64_t publish_time_ns = 0;
  std::string_view data;
};

/// One message with its own copy of the payload.
struct McapMessage {
  std::uint16_t channel_id = 0;
  std::uint32_t sequence = 0;
  std::uint64_t log_time_ns = 0;
  std::uint64_t publish_time_ns = 0;
  std::string data;
};

/// Reads one MCAP file. Every malformed input (missing file, not MCAP, cut short, a CRC that
/// does not match, a record that overruns its container) raises InputError naming the file and,
/// where there is one, the byte offset.
class McapReader {
 public:
  /// Opens `path` and reads its header, footer and summary section (the data section is
  /// scanned instead when the file has no summary or no Statistics record).
  explicit McapReader(std::filesystem::path path);

  const std::filesystem::path& path() const { return path_; }
  const McapSummary& summary() const { return summary_; }

  /// Calls `visit` for every message in file order, decompressing chunks and checking chunk
  /// CRCs, the data-section CRC and that each message's channel was defined before it.
  void ForEachMessage(const std::function<void(const McapMessageView&)>& visit) const;
  /// Every message in file order, copied.
  std::vector<McapMessage> ReadAllMessages() const;
  /// Reads every message and checks the summary against the data: message counts per channel,
  /// time range and chunks. Raises InputError on the first disagreement.
  void Verify() const;

 private:
  struct ScanCallbacks {
    std::function<void(const McapSchema&)> schema;
    std::function<void(const McapChannel&)> channel;
    std::function<void(const McapChunkInfo&)> chunk;
    std::function<void(const McapMessageView&)> message;
  };
  /// Walks the data section from the Header to DataEnd, verifying as ForEachMessage says.
  void Scan(const ScanCallbacks& callbacks) const;
  void ReadSummarySection(std::uint64_t summary_start, std::uint64_t summary_offset_start,
                          std::uint32_t summary_crc, bool& has_statistics);
  void SummariseByScan(bool keep_scanned_chunks);

  std::filesystem::path path_;
  McapSummary summary_;
  std::uint64_t data_start_ = 0;     ///< offset just past the Header record
  std::uint64_t data_end_ = 0;       ///< offset just past DataEnd (where the Footer says)
  std::uint64_t footer_offset_ = 0;  ///< offset of the Footer record
};

}  // namespace tianmu::data
