// The writer's files read back through McapReader exactly as written, for every compression.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "mcap_test_util.h"
#include "tianmu/data/mcap_format.h"
#include "tianmu/data/mcap_reader.h"
#include "tianmu/data/mcap_writer.h"

namespace tianmu::data {
namespace {

using testing::ReadBytes;
using testing::SampleLog;
using testing::ScratchDir;
using testing::WriteSampleLog;

std::uint64_t Le64(const std::string& bytes, std::uint64_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= std::uint64_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return v;
}

class McapRoundTrip : public ::testing::TestWithParam<McapCompression> {};

TEST_P(McapRoundTrip, EveryMessageReadsBackWithItsChannelTimesSequenceAndBytes) {
  ScratchDir dir("round-trip");
  const auto path = dir / "log.mcap";
  // 16 KiB chunks over ~1000 messages (and one 100 KiB message): many chunks.
  const SampleLog log = WriteSampleLog(path, GetParam(), 16 * testing::kKiB, 500);

  McapReader reader(path);
  const std::vector<McapMessage> read = reader.ReadAllMessages();
  ASSERT_EQ(read.size(), log.messages.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    const testing::WrittenMessage& want = log.messages[i];
    ASSERT_EQ(read[i].channel_id, want.channel_id) << "message " << i;
    ASSERT_EQ(read[i].sequence, want.sequence) << "message " << i;
    ASSERT_EQ(read[i].log_time_ns, want.log_time_ns) << "message " << i;
    ASSERT_EQ(read[i].publish_time_ns, want.publish_time_ns) << "message " << i;
    ASSERT_EQ(read[i].data, want.data) << "message " << i;
  }
  EXPECT_NO_THROW(reader.Verify());
}

TEST_P(McapRoundTrip, SummaryCountsChannelsSchemasMessagesAndChunks) {
  ScratchDir dir("summary");
  const auto path = dir / "log.mcap";
  const SampleLog log = WriteSampleLog(path, GetParam(), 16 * testing::kKiB, 500);

  McapReader reader(path);
  const McapSummary& s = reader.summary();
  EXPECT_TRUE(s.from_summary_section);
  EXPECT_EQ(s.profile, "x-tianmu");
  EXPECT_EQ(s.library, "tianmu");
  EXPECT_EQ(s.file_size_bytes, std::filesystem::file_size(path));

  ASSERT_EQ(s.schemas.size(), 2u);
  EXPECT_EQ(s.schemas.at(1).name, "tianmu.LowState");
  EXPECT_EQ(s.schemas.at(1).encoding, "jsonschema");
  EXPECT_EQ(s.schemas.at(1).data, testing::kLowStateSchema);
  EXPECT_EQ(s.schemas.at(2).encoding, "x-tianmu-f64");

  ASSERT_EQ(s.channels.size(), 3u);
  for (const auto& [id, topic] : log.topics) EXPECT_EQ(s.channels.at(id).topic, topic);
  EXPECT_EQ(s.channels.at(1).message_encoding, "json");
  EXPECT_EQ(s.channels.at(1).schema_id, 1);
  EXPECT_EQ(s.channels.at(3).schema_id, 0);
  EXPECT_EQ(s.channels.at(3).metadata.at("source"), "test");

  const McapStatistics& st = s.statistics;
  EXPECT_EQ(st.message_count, log.messages.size());
  EXPECT_EQ(st.schema_count, 2);
  EXPECT_EQ(st.channel_count, 3u);
  EXPECT_EQ(st.channel_message_counts, log.counts);
  EXPECT_EQ(st.message_start_time_ns, 0u);
  EXPECT_EQ(st.message_end_time_ns, 499u * 1000000);  // the last step
  EXPECT_EQ(st.chunk_count, s.chunks.size());
  EXPECT_GT(s.chunks.size(), 5u);
  for (const McapChunkInfo& c : s.chunks) {
    EXPECT_EQ(c.compression, McapCompressionName(GetParam()));
    EXPECT_LE(c.message_start_time_ns, c.message_end_time_ns);
    if (GetParam() == McapCompression::kNone) {
      EXPECT_EQ(c.compressed_size, c.uncompressed_size);
    }
  }
}

TEST_P(McapRoundTrip, MessageIndexesSitAfterTheirChunkAndNameTheirChannel) {
  ScratchDir dir("message-index");
  const auto path = dir / "log.mcap";
  WriteSampleLog(path, GetParam(), 8 * testing::kKiB, 200);
  const std::string bytes = ReadBytes(path);
  McapReader reader(path);
  for (const McapChunkInfo& c : reader.summary().chunks) {
    ASSERT_EQ(bytes[c.chunk_start_offset], mcap::kChunk);
    std::uint64_t index_bytes = 0;
    for (const auto& [channel, offset] : c.message_index_offsets) {
      ASSERT_EQ(bytes[offset], mcap::kMessageIndex);
      EXPECT_GE(offset, c.chunk_start_offset + c.chunk_length);
      const std::uint16_t id =
          static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[offset + 9]) |
                                     static_cast<unsigned char>(bytes[offset + 10]) << 8);
      EXPECT_EQ(id, channel);
      index_bytes += mcap::kRecordPrefixBytes + Le64(bytes, offset + 1);
    }
    EXPECT_EQ(index_bytes, c.message_index_length);
  }
}

INSTANTIATE_TEST_SUITE_P(Compressions, McapRoundTrip,
                         ::testing::Values(McapCompression::kNone, McapCompression::kZstd,
                                           McapCompression::kLz4),
                         [](const ::testing::TestParamInfo<McapCompression>& info) {
                           const std::string_view name = McapCompressionName(info.param);
                           return name.empty() ? std::string("none") : std::string(name);
                         });

TEST(McapWriter, ALogWithChannelsButNoMessagesIsValidAndEmpty) {
  ScratchDir dir("empty");
  const auto path = dir / "empty.mcap";
  {
    McapWriter writer(path);
    writer.AddJsonChannel("/low_state", "tianmu.LowState", "{}");
    writer.Close();
  }
  McapReader reader(path);
  EXPECT_EQ(reader.summary().statistics.message_count, 0u);
  EXPECT_EQ(reader.summary().chunks.size(), 0u);
  EXPECT_EQ(reader.summary().channels.size(), 1u);
  EXPECT_EQ(reader.summary().statistics.channel_message_counts.at(1), 0u);
  EXPECT_TRUE(reader.ReadAllMessages().empty());
  EXPECT_NO_THROW(reader.Verify());
}

TEST(McapWriter, SequenceNumbersCountFromZeroPerChannel) {
  ScratchDir dir("sequence");
  const auto path = dir / "log.mcap";
  McapWriter writer(path);
  const auto a = writer.AddChannel(0, "/a", "json");
  const auto b = writer.AddChannel(0, "/b", "json");
  writer.Write(a, 10, 10, "{}");
  writer.Write(b, 11, 11, "{}");
  writer.Write(a, 12, 12, "{}");
  writer.Close();
  const auto messages = McapReader(path).ReadAllMessages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].sequence, 0u);
  EXPECT_EQ(messages[1].sequence, 0u);
  EXPECT_EQ(messages[2].sequence, 1u);
}

TEST(McapWriter, IdenticalSchemasShareOneId) {
  ScratchDir dir("schemas");
  McapWriter writer(dir / "log.mcap");
  const auto first = writer.AddJsonChannel("/a", "tianmu.State", "{}");
  const auto second = writer.AddJsonChannel("/b", "tianmu.State", "{}");
  const auto other = writer.AddSchema("tianmu.State", "jsonschema", "{\"type\":\"object\"}");
  writer.Close();
  const McapReader reader(dir / "log.mcap");
  EXPECT_EQ(reader.summary().channels.at(first).schema_id,
            reader.summary().channels.at(second).schema_id);
  EXPECT_EQ(reader.summary().schemas.size(), 2u);
  EXPECT_EQ(other, 2);
}

TEST(McapWriter, OutOfOrderLogTimesGiveTheTrueTimeRange) {
  ScratchDir dir("out-of-order");
  const auto path = dir / "log.mcap";
  McapWriter writer(path);
  const auto a = writer.AddChannel(0, "/a", "json");
  writer.Write(a, 5000, 5000, "{}");
  writer.Write(a, 1000, 1000, "{}");
  writer.Write(a, 9000, 9000, "{}");
  writer.Close();
  const McapReader reader(path);
  EXPECT_EQ(reader.summary().statistics.message_start_time_ns, 1000u);
  EXPECT_EQ(reader.summary().statistics.message_end_time_ns, 9000u);
  ASSERT_EQ(reader.summary().chunks.size(), 1u);
  EXPECT_EQ(reader.summary().chunks[0].message_start_time_ns, 1000u);
  EXPECT_EQ(reader.summary().chunks[0].message_end_time_ns, 9000u);
}

TEST(McapWriter, RejectsUnknownChannelsAndWritesAfterClose) {
  ScratchDir dir("misuse");
  McapWriter writer(dir / "log.mcap");
  const auto a = writer.AddChannel(0, "/a", "json");
  EXPECT_THROW(writer.Write(0, 0, 0, "{}"), std::out_of_range);
  EXPECT_THROW(writer.Write(a + 1, 0, 0, "{}"), std::out_of_range);
  EXPECT_THROW(writer.AddChannel(9, "/b", "json"), std::out_of_range);
  writer.Close();
  EXPECT_NO_THROW(writer.Close());  // idempotent
  EXPECT_THROW(writer.Write(a, 0, 0, "{}"), std::logic_error);
}

}  // namespace
}  // namespace tianmu::data
