// Writing MCAP log files (https://mcap.dev/spec), the format Foxglove and the MCAP tools open:
// chunked and compressed messages, message indexes and a summary section for fast random access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tianmu/core/atomic_file.h"
#include "tianmu/data/chunk_codec.h"
#include "tianmu/data/mcap_format.h"

namespace tianmu::data {

/// How a McapWriter lays out its file.
struct McapWriterOptions {
  McapCompression compression = McapCompression::kZstd;  ///< codec of every chunk
  std::size_t chunk_size_bytes = 1 << 20;  ///< a chunk is compressed once its records reach this
  std::string profile;                     ///< Header profile ("" or e.g. "x-tianmu")
  std::string library = "tianmu";          ///< Header library: who wrote the file
};

/// Writes one MCAP file. The file appears under its name, complete, only when Close() returns;
/// a writer destroyed without Close() leaves nothing behind. Not thread-safe.
///
/// Layout: Header; Schema and Channel records as they are added; Chunks, each followed by one
/// MessageIndex per channel it holds; DataEnd; a summary with every Schema and Channel,
/// Statistics and one ChunkIndex per chunk; SummaryOffsets; Footer.
class McapWriter {
 public:
  /// Creates the file (under a temporary name). Raises InputError if `path` cannot be written.
  McapWriter(const std::filesystem::path& path, McapWriterOptions options = {});
  ~McapWriter();
  McapWriter(const McapWriter&) = delete;
  McapWriter& operator=(const McapWriter&) = delete;

  /// Registers a schema; returns its id (from 1). Adding an identical schema again returns the
  /// same id. `encoding` is e.g. "jsonschema", "protobuf", "ros2msg"; `data` its definition.
  std::uint16_t AddSchema(std::string_view name, std::string_view encoding, std::string_view data);
  /// Registers a channel for messages on `topic`; returns its id (from 1). `schema_id` 0 means
  /// no schema. `message_encoding` is e.g. "json", "protobuf", "cdr".
  std::uint16_t AddChannel(std::uint16_t schema_id, std::string_view topic,
                           std::string_view message_encoding,
                           const std::map<std::string, std::string>& metadata = {});
  /// A channel of JSON messages described by a JSON Schema named `schema_name` (schema encoding
  /// "jsonschema", message encoding "json"), the form Foxglove plots without extra setup.
  std::uint16_t AddJsonChannel(std::string_view topic, std::string_view schema_name,
                               std::string_view json_schema_text);

  /// Appends one message. Times are nanoseconds since the log's epoch (simulation time in sim
  /// logs); the sequence number counts messages per channel from 0. Cheap: the message is
  /// copied into the open chunk, and only the call that fills the chunk compresses and writes
  /// it. Raises std::out_of_range for a channel id AddChannel did not return (a programming
  /// error) and std::logic_error after Close().
  void Write(std::uint16_t channel_id, std::uint64_t log_time_ns, std::uint64_t publish_time_ns,
             std::string_view data);

  /// Writes the last chunk, the data end, the summary and the footer, and moves the file into
  /// place. Raises RuntimeError if writing fails (the file is then not created). Idempotent.
  void Close();

  const std::filesystem::path& path() const { return path_; }
  /// Messages written so far.
  std::uint64_t message_count() const { return message_count_; }

 private:
  struct ChannelState {
    std::string record;  ///< the Channel record, written again in the summary
    std::uint64_t message_count = 0;
    std::uint32_t next_sequence = 0;
    /// MessageIndex entries of the open chunk: (log_time_ns, offset in the uncompressed chunk).
    std::vector<std::pair<std::uint64_t, std::uint64_t>> chunk_index;
  };

  /// Writes bytes at the end of the file, keeping the data-section CRC and the offset.
  void Emit(std::string_view bytes);
  /// Compresses and writes the open chunk and its message indexes, if it holds any records.
  void FlushChunk();
  void CheckOpen(const char* what) const;

  std::filesystem::path path_;
  McapWriterOptions options_;
  std::unique_ptr<AtomicFile> file_;
  ChunkCompressor compressor_;
  bool closed_ = false;

  std::uint64_t offset_ = 0;                 ///< bytes written so far
  std::uint32_t data_crc_ = 0;               ///< CRC of every byte written before DataEnd
  std::vector<std::string> schema_records_;  ///< index id - 1
  std::map<std::string, std::uint16_t, std::less<>> schema_ids_;  ///< record content -> id
  std::vector<ChannelState> channels_;                            ///< index id - 1

  // The open chunk.
  std::string chunk_;       ///< uncompressed records
  std::string compressed_;  ///< scratch for the compressed records
  std::string scratch_;     ///< scratch for record headers and indexes
  std::uint64_t chunk_start_ns_ = 0;
  std::uint64_t chunk_end_ns_ = 0;
  std::vector<std::uint16_t> chunk_channels_;  ///< channels with messages in the open chunk

  // Totals for the summary.
  std::uint64_t message_count_ = 0;
  std::uint64_t start_ns_ = 0;
  std::uint64_t end_ns_ = 0;
  std::vector<std::string> chunk_index_records_;
};

}  // namespace tianmu::data
