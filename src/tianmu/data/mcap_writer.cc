#include "tianmu/data/mcap_writer.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "tianmu/data/crc32.h"

namespace tianmu::data {
namespace {

using namespace mcap;  // NOLINT(google-build-using-namespace): the wire-format vocabulary

constexpr std::size_t kMaxIds = std::numeric_limits<std::uint16_t>::max();

}  // namespace

McapWriter::McapWriter(const std::filesystem::path& path, McapWriterOptions options)
    : path_(path),
      options_(std::move(options)),
      file_(std::make_unique<AtomicFile>(path)),
      compressor_(options_.compression) {
  chunk_.reserve(options_.chunk_size_bytes + 4096);
  Emit(kMagic);
  scratch_.clear();
  const std::size_t pos = BeginRecord(scratch_, kHeader);
  PutString(scratch_, options_.profile);
  PutString(scratch_, options_.library);
  EndRecord(scratch_, pos);
  Emit(scratch_);
}

McapWriter::~McapWriter() = default;

void McapWriter::CheckOpen(const char* what) const {
  if (closed_) throw std::logic_error(std::string("McapWriter::") + what + " after Close()");
}

void McapWriter::Emit(std::string_view bytes) {
  file_->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  data_crc_ = Crc32(bytes, data_crc_);
  offset_ += bytes.size();
}

std::uint16_t McapWriter::AddSchema(std::string_view name, std::string_view encoding,
                                    std::string_view data) {
  CheckOpen("AddSchema");
  std::string key;
  PutString(key, name);
  PutString(key, encoding);
  PutString(key, data);
  if (auto it = schema_ids_.find(key); it != schema_ids_.end()) return it->second;
  if (schema_records_.size() >= kMaxIds) throw std::length_error("McapWriter: too many schemas");
  const auto id = static_cast<std::uint16_t>(schema_records_.size() + 1);

  std::string record;
  const std::size_t pos = BeginRecord(record, kSchema);
  PutU16(record, id);
  record += key;  // name, encoding and data, encoded exactly as the record wants them
  EndRecord(record, pos);
  Emit(record);
  schema_records_.push_back(std::move(record));
  schema_ids_.emplace(std::move(key), id);
  return id;
}

std::uint16_t McapWriter::AddChannel(std::uint16_t schema_id, std::string_view topic,
                                     std::string_view message_encoding,
                                     const std::map<std::string, std::string>& metadata) {
  CheckOpen("AddChannel");
  if (schema_id > schema_records_.size()) {
    throw std::out_of_range("McapWriter::AddChannel: unknown schema id " +
                            std::to_string(schema_id));
  }
  if (channels_.size() >= kMaxIds) throw std::length_error("McapWriter: too many channels");
  const auto id = static_cast<std::uint16_t>(channels_.size() + 1);

  ChannelState channel;
  std::string& record = channel.record;
  const std::size_t pos = BeginRecord(record, kChannel);
  PutU16(record, id);
  PutU16(record, schema_id);
  PutString(record, topic);
  PutString(record, message_encoding);
  std::string entries;
  for (const auto& [key, value] : metadata) {
    PutString(entries, key);
    PutString(entries, value);
  }
  PutString(record, entries);  // Map: uint32 byte length, then the entries
  EndRecord(record, pos);
  Emit(record);
  channels_.push_back(std::move(channel));
  return id;
}

std::uint16_t McapWriter::AddJsonChannel(std::string_view topic, std::string_view schema_name,
                                         std::string_view json_schema_text) {
  return AddChannel(AddSchema(schema_name, "jsonschema", json_schema_text), topic, "json");
}

void McapWriter::Write(std::uint16_t channel_id, std::uint64_t log_time_ns,
                       std::uint64_t publish_time_ns, std::string_view data) {
  CheckOpen("Write");
  if (channel_id == 0 || channel_id > channels_.size()) {
    throw std::out_of_range("McapWriter::Write: unknown channel id " + std::to_string(channel_id));
  }
  ChannelState& channel = channels_[channel_id - 1];

  if (chunk_channels_.empty()) {
    chunk_start_ns_ = chunk_end_ns_ = log_time_ns;
  } else {
    chunk_start_ns_ = std::min(chunk_start_ns_, log_time_ns);
    chunk_end_ns_ = std::max(chunk_end_ns_, log_time_ns);
  }
  if (channel.chunk_index.empty()) chunk_channels_.push_back(channel_id);
  channel.chunk_index.emplace_back(log_time_ns, chunk_.size());

  // Opcode, length, channel_id, sequence, log_time, publish_time; then the payload.
  char head[kRecordPrefixBytes + kMessageFixedBytes];
  const std::uint64_t fields[] = {kMessage,    kMessageFixedBytes + data.size(),
                                  channel_id,  channel.next_sequence,
                                  log_time_ns, publish_time_ns};
  const std::size_t widths[] = {1, 8, 2, 4, 8, 8};
  char* p = head;
  for (std::size_t f = 0; f < 6; ++f) {
    for (std::size_t i = 0; i < widths[f]; ++i) *p++ = static_cast<char>(fields[f] >> (8 * i));
  }
  chunk_.append(head, sizeof(head));
  chunk_.append(data);

  if (message_count_ == 0) {
    start_ns_ = end_ns_ = log_time_ns;
  } else {
    start_ns_ = std::min(start_ns_, log_time_ns);
    end_ns_ = std::max(end_ns_, log_time_ns);
  }
  ++channel.next_sequence;
  ++channel.message_count;
  ++message_count_;
  if (chunk_.size() >= options_.chunk_size_bytes) FlushChunk();
}

void McapWriter::FlushChunk() {
  if (chunk_.empty()) return;
  const std::uint32_t crc = Crc32(chunk_);
  compressor_.Compress(chunk_, compressed_);
  const std::string_view compression = McapCompressionName(options_.compression);

  const std::uint64_t chunk_start = offset_;
  scratch_.clear();
  PutU8(scratch_, kChunk);
  PutU64(scratch_, 8 + 8 + 8 + 4 + (4 + compression.size()) + (8 + compressed_.size()));
  PutU64(scratch_, chunk_start_ns_);
  PutU64(scratch_, chunk_end_ns_);
  PutU64(scratch_, chunk_.size());
  PutU32(scratch_, crc);
  PutString(scratch_, compression);
  PutU64(scratch_, compressed_.size());
  Emit(scratch_);
  Emit(compressed_);
  const std::uint64_t chunk_length = offset_ - chunk_start;

  // One MessageIndex per channel in the chunk, in channel order.
  std::sort(chunk_channels_.begin(), chunk_channels_.end());
  const std::uint64_t index_start = offset_;
  std::string index_offsets;  // Map<uint16, uint64> entries for the ChunkIndex
  scratch_.clear();
  for (const std::uint16_t id : chunk_channels_) {
    PutU16(index_offsets, id);
    PutU64(index_offsets, index_start + scratch_.size());
    auto& entries = channels_[id - 1].chunk_index;
    const std::size_t pos = BeginRecord(scratch_, kMessageIndex);
    PutU16(scratch_, id);
    PutU32(scratch_, static_cast<std::uint32_t>(entries.size() * 16));
    for (const auto& [log_time_ns, offset] : entries) {
      PutU64(scratch_, log_time_ns);
      PutU64(scratch_, offset);
    }
    EndRecord(scratch_, pos);
    entries.clear();
  }
  Emit(scratch_);

  std::string record;
  const std::size_t pos = BeginRecord(record, kChunkIndex);
  PutU64(record, chunk_start_ns_);
  PutU64(record, chunk_end_ns_);
  PutU64(record, chunk_start);
  PutU64(record, chunk_length);
  PutString(record, index_offsets);
  PutU64(record, scratch_.size());
  PutString(record, compression);
  PutU64(record, compressed_.size());
  PutU64(record, chunk_.size());
  EndRecord(record, pos);
  chunk_index_records_.push_back(std::move(record));

  chunk_.clear();
  chunk_channels_.clear();
}

void McapWriter::Close() {
  if (closed_) return;
  closed_ = true;
  FlushChunk();

  scratch_.clear();
  std::size_t pos = BeginRecord(scratch_, kDataEnd);
  PutU32(scratch_, data_crc_);
  EndRecord(scratch_, pos);
  Emit(scratch_);

  // Summary: records grouped by opcode, each group located by a SummaryOffset.
  const std::uint64_t summary_start = offset_;
  std::string summary;
  struct Group {
    Opcode opcode;
    std::uint64_t start;
    std::uint64_t length;
  };
  std::vector<Group> groups;
  auto add_group = [&](Opcode opcode, auto&& records) {
    const std::uint64_t start = summary_start + summary.size();
    for (const std::string& r : records) summary += r;
    const std::uint64_t length = summary_start + summary.size() - start;
    if (length > 0) groups.push_back({opcode, start, length});
  };
  add_group(kSchema, schema_records_);
  std::vector<std::string> channel_records;
  for (const ChannelState& c : channels_) channel_records.push_back(c.record);
  add_group(kChannel, channel_records);

  std::string statistics;
  pos = BeginRecord(statistics, kStatistics);
  PutU64(statistics, message_count_);
  PutU16(statistics, static_cast<std::uint16_t>(schema_records_.size()));
  PutU32(statistics, static_cast<std::uint32_t>(channels_.size()));
  PutU32(statistics, 0);  // attachments
  PutU32(statistics, 0);  // metadata records
  PutU32(statistics, static_cast<std::uint32_t>(chunk_index_records_.size()));
  PutU64(statistics, start_ns_);
  PutU64(statistics, end_ns_);
  PutU32(statistics, static_cast<std::uint32_t>(channels_.size() * 10));
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    PutU16(statistics, static_cast<std::uint16_t>(i + 1));
    PutU64(statistics, channels_[i].message_count);
  }
  EndRecord(statistics, pos);
  add_group(kStatistics, std::vector<std::string>{std::move(statistics)});
  add_group(kChunkIndex, chunk_index_records_);

  const std::uint64_t summary_offset_start = summary_start + summary.size();
  for (const Group& g : groups) {
    pos = BeginRecord(summary, kSummaryOffset);
    PutU8(summary, g.opcode);
    PutU64(summary, g.start);
    PutU64(summary, g.length);
    EndRecord(summary, pos);
  }

  // Footer; its CRC covers the summary through summary_offset_start.
  PutU8(summary, kFooter);
  PutU64(summary, kFooterContentBytes);
  PutU64(summary, summary_start);
  PutU64(summary, summary_offset_start);
  PutU32(summary, Crc32(summary));
  summary += kMagic;
  file_->stream().write(summary.data(), static_cast<std::streamsize>(summary.size()));
  offset_ += summary.size();
  file_->Commit();
}

}  // namespace tianmu::data
