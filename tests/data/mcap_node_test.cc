// An independent reader agrees with our writer: @mcap/core (the MCAP project's TypeScript
// implementation, with fzstd and lz4js as decompressors) reads files McapWriter made, through
// both its stream reader and its indexed reader, and finds every message as written.
// Requires node and tests/node/node_modules (scripts/setup.sh installs both); fails otherwise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "mcap_test_util.h"
#include "run_command.h"
#include "tianmu/data/mcap_reader.h"
#include "tianmu/data/mcap_writer.h"

#ifndef TIANMU_NODE_DIR
#error "TIANMU_NODE_DIR must name tests/node"
#endif
#ifndef TIANMU_NODE_EXECUTABLE
#define TIANMU_NODE_EXECUTABLE "node"
#endif

namespace tianmu::data {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::SampleLog;
using testing::ScratchDir;
using testing::WriteSampleLog;
using testing::WrittenMessage;

const fs::path kNodeDir = TIANMU_NODE_DIR;

/// Why the node reader cannot run here, or "" when it can.
std::string NodeProblem() {
  if (!fs::exists(kNodeDir / "node_modules" / "@mcap" / "core" / "package.json")) {
    return (kNodeDir / "node_modules").string() +
           " is missing: run scripts/setup.sh (it runs `npm ci` in tests/node)";
  }
  const std::string check =
      std::string("'") + TIANMU_NODE_EXECUTABLE + "' --version >/dev/null 2>&1";
  if (std::system(check.c_str()) != 0) {
    return std::string("node (") + TIANMU_NODE_EXECUTABLE +
           ") does not run: run scripts/setup.sh, then re-run cmake";
  }
  return "";
}

/// Runs tests/node/read_mcap.mjs on `file`; returns its parsed stdout or fails the test.
json ReadWithNode(const fs::path& file) {
  const std::string command = std::string("'") + TIANMU_NODE_EXECUTABLE + "' '" +
                              (kNodeDir / "read_mcap.mjs").string() + "' '" + file.string() + "'";
  const tianmu::testing::CommandResult r = tianmu::testing::RunCommand(command);
  if (r.exit_code != 0) {
    ADD_FAILURE() << "node reader failed on " << file << ":\n" << r.err;
    return json();
  }
  return json::parse(r.out);
}

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

/// Checks one message as node printed it against what was written.
void ExpectSameMessage(const json& got, const WrittenMessage& want, const SampleLog& log,
                       const std::string& where) {
  ASSERT_EQ(got.at("channelId").get<int>(), want.channel_id) << where;
  EXPECT_EQ(got.at("topic").get<std::string>(), log.topics.at(want.channel_id)) << where;
  EXPECT_EQ(got.at("sequence").get<std::uint32_t>(), want.sequence) << where;
  EXPECT_EQ(got.at("logTime").get<std::string>(), std::to_string(want.log_time_ns)) << where;
  EXPECT_EQ(got.at("publishTime").get<std::string>(), std::to_string(want.publish_time_ns))
      << where;
  EXPECT_EQ(got.at("data").get<std::string>(), Hex(want.data)) << where;
}

class McapNode : public ::testing::TestWithParam<McapCompression> {};

TEST_P(McapNode, McapCoreStreamReaderFindsEveryRecordAndMessageInFileOrder) {
  ASSERT_EQ(NodeProblem(), "");
  ScratchDir dir("node-stream");
  const fs::path path = dir / "log.mcap";
  const SampleLog log = WriteSampleLog(path, GetParam(), 8 * testing::kKiB, 300);
  const McapSummary summary = McapReader(path).summary();
  const json result = ReadWithNode(path);
  ASSERT_TRUE(result.is_object());

  const json& records = result.at("stream").at("records");
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().at("type"), "Header");
  EXPECT_EQ(records.front().at("library"), "tianmu");
  EXPECT_EQ(records.front().at("profile"), "x-tianmu");
  EXPECT_EQ(records.back().at("type"), "Footer");
  std::map<std::string, int> counts;
  std::vector<json> messages;
  for (const json& r : records) {
    ++counts[r.at("type").get<std::string>()];
    if (r.at("type") == "Message") messages.push_back(r);
    if (r.at("type") == "Chunk") {
      EXPECT_EQ(r.at("compression"), std::string(McapCompressionName(GetParam())));
    }
  }
  EXPECT_EQ(counts["Chunk"], static_cast<int>(summary.chunks.size()));
  EXPECT_GT(counts["Chunk"], 3);
  EXPECT_EQ(counts["ChunkIndex"], counts["Chunk"]);
  EXPECT_EQ(counts["DataEnd"], 1);
  EXPECT_EQ(counts["Statistics"], 1);
  EXPECT_EQ(counts["Schema"], 2 * 2);   // in the data section and again in the summary
  EXPECT_EQ(counts["Channel"], 3 * 2);  // likewise
  EXPECT_GT(counts["SummaryOffset"], 0);

  ASSERT_EQ(messages.size(), log.messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    ExpectSameMessage(messages[i], log.messages[i], log, "message " + std::to_string(i));
    if (::testing::Test::HasFailure()) return;
  }
}

TEST_P(McapNode, McapCoreIndexedReaderFindsTheSummaryAndEveryMessageThroughTheIndexes) {
  ASSERT_EQ(NodeProblem(), "");
  ScratchDir dir("node-indexed");
  const fs::path path = dir / "log.mcap";
  const SampleLog log = WriteSampleLog(path, GetParam(), 8 * testing::kKiB, 300);
  const McapSummary summary = McapReader(path).summary();
  const json result = ReadWithNode(path);
  ASSERT_TRUE(result.is_object());
  const json& indexed = result.at("indexed");

  EXPECT_EQ(indexed.at("header").at("library"), "tianmu");
  ASSERT_EQ(indexed.at("channels").size(), 3u);
  for (const json& c : indexed.at("channels")) {
    const auto id = c.at("id").get<std::uint16_t>();
    EXPECT_EQ(c.at("topic"), log.topics.at(id));
    EXPECT_EQ(c.at("schemaId"), summary.channels.at(id).schema_id);
    EXPECT_EQ(c.at("messageEncoding"), summary.channels.at(id).message_encoding);
  }
  ASSERT_EQ(indexed.at("schemas").size(), 2u);
  for (const json& s : indexed.at("schemas")) {
    const McapSchema& want = summary.schemas.at(s.at("id").get<std::uint16_t>());
    EXPECT_EQ(s.at("name"), want.name);
    EXPECT_EQ(s.at("encoding"), want.encoding);
    EXPECT_EQ(s.at("data"), Hex(want.data));
  }
  const json& stats = indexed.at("statistics");
  EXPECT_EQ(stats.at("messageCount"), std::to_string(log.messages.size()));
  EXPECT_EQ(stats.at("chunkCount"), summary.chunks.size());
  for (const auto& [id, n] : log.counts) {
    EXPECT_EQ(stats.at("channelMessageCounts").at(std::to_string(id)), std::to_string(n));
  }
  ASSERT_EQ(indexed.at("chunkIndexes").size(), summary.chunks.size());
  for (const json& c : indexed.at("chunkIndexes")) {
    EXPECT_EQ(c.at("compression"), std::string(McapCompressionName(GetParam())));
  }

  // The indexed reader yields messages in log-time order; ties in any order, so sort both.
  std::vector<WrittenMessage> want = log.messages;
  auto key = [](const WrittenMessage& m) {
    return std::make_tuple(m.log_time_ns, m.channel_id, m.sequence);
  };
  std::sort(want.begin(), want.end(),
            [&](const WrittenMessage& a, const WrittenMessage& b) { return key(a) < key(b); });
  std::vector<json> got = indexed.at("messages").get<std::vector<json>>();
  auto json_key = [](const json& m) {
    return std::make_tuple(std::stoull(m.at("logTime").get<std::string>()),
                           m.at("channelId").get<std::uint16_t>(),
                           m.at("sequence").get<std::uint32_t>());
  };
  std::sort(got.begin(), got.end(),
            [&](const json& a, const json& b) { return json_key(a) < json_key(b); });
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    ExpectSameMessage(got[i], want[i], log, "message " + std::to_string(i) + " by log time");
    if (::testing::Test::HasFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Compressions, McapNode,
                         ::testing::Values(McapCompression::kNone, McapCompression::kZstd,
                                           McapCompression::kLz4),
                         [](const ::testing::TestParamInfo<McapCompression>& info) {
                           const std::string_view name = McapCompressionName(info.param);
                           return name.empty() ? std::string("none") : std::string(name);
                         });

TEST(McapNodeEdge, McapCoreReadsALogWithChannelsButNoMessages) {
  ASSERT_EQ(NodeProblem(), "");
  ScratchDir dir("node-empty");
  const fs::path path = dir / "empty.mcap";
  {
    McapWriter writer(path);
    writer.AddJsonChannel("/low_state", "tianmu.LowState", testing::kLowStateSchema);
    writer.Close();
  }
  const json result = ReadWithNode(path);
  ASSERT_TRUE(result.is_object());
  EXPECT_EQ(result.at("indexed").at("statistics").at("messageCount"), "0");
  EXPECT_TRUE(result.at("indexed").at("messages").empty());
  EXPECT_EQ(result.at("indexed").at("channels").size(), 1u);
}

}  // namespace
}  // namespace tianmu::data
