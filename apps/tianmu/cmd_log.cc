// `tianmu log info FILE.mcap [--json]`: what an MCAP log holds (channels, message counts, time
// range, chunks and compression), after reading every chunk and checking every CRC.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/data/mcap_reader.h"

namespace tianmu::cli {
namespace {

constexpr const char* kUsage = "expected: tianmu log info FILE.mcap [--json]";

// Division (not multiplication by 1e-9) so that whole milliseconds print exactly: 0.999, not
// 0.99900000000000011.
double Seconds(std::uint64_t ns) { return static_cast<double>(ns) / 1e9; }

/// The chunks' codecs: "zstd", "lz4", "none", or a comma list when a file mixes them.
std::string Compression(const data::McapSummary& summary) {
  std::set<std::string> names;
  for (const data::McapChunkInfo& c : summary.chunks) {
    names.insert(c.compression.empty() ? "none" : c.compression);
  }
  if (names.empty()) return "none";
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string HumanBytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buffer;
}

struct ChannelRow {
  std::string topic;
  std::string schema;
  std::string encoding;
  std::uint64_t messages = 0;
};

int RunInfo(const Args& args) {
  Flags flags(args, LogCommand().subcommands[0].flags);
  if (flags.positional().size() != 1) {
    throw InputError("log info: expected one FILE.mcap, got " +
                     std::to_string(flags.positional().size()) + " (" + kUsage + ")");
  }
  const std::string file = flags.positional()[0];
  data::McapReader reader(file);
  reader.Verify();  // a log that does not read back whole is bad input, not a summary
  const data::McapSummary& summary = reader.summary();
  const data::McapStatistics& stats = summary.statistics;

  std::vector<ChannelRow> rows;
  for (const auto& [id, channel] : summary.channels) {
    ChannelRow row{channel.topic, "", channel.message_encoding, 0};
    if (auto s = summary.schemas.find(channel.schema_id); s != summary.schemas.end()) {
      row.schema = s->second.name;
    }
    if (auto n = stats.channel_message_counts.find(id); n != stats.channel_message_counts.end()) {
      row.messages = n->second;
    }
    rows.push_back(std::move(row));
  }
  const bool any = stats.message_count > 0;
  const double start_s = any ? Seconds(stats.message_start_time_ns) : 0.0;
  const double end_s = any ? Seconds(stats.message_end_time_ns) : 0.0;
  const double duration_s =
      any ? Seconds(stats.message_end_time_ns - stats.message_start_time_ns) : 0.0;
  const std::string compression = Compression(summary);

  if (flags.Has("json")) {
    nlohmann::ordered_json channels = nlohmann::ordered_json::array();
    for (const ChannelRow& r : rows) {
      channels.push_back({{"topic", r.topic},
                          {"schema", r.schema},
                          {"encoding", r.encoding},
                          {"messages", r.messages}});
    }
    const nlohmann::ordered_json out = {{"file", file},
                                        {"messages", stats.message_count},
                                        {"start_time_s", start_s},
                                        {"end_time_s", end_s},
                                        {"duration_s", duration_s},
                                        {"channels", channels},
                                        {"chunks", summary.chunks.size()},
                                        {"compression", compression},
                                        {"bytes", summary.file_size_bytes}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }

  std::printf("file         %s\n", file.c_str());
  std::printf("size         %s (%llu bytes)\n", HumanBytes(summary.file_size_bytes).c_str(),
              static_cast<unsigned long long>(summary.file_size_bytes));
  std::printf("written by   %s\n", summary.library.empty() ? "-" : summary.library.c_str());
  std::printf("messages     %llu\n", static_cast<unsigned long long>(stats.message_count));
  std::printf("time         %.3f s to %.3f s (%.3f s)\n", start_s, end_s, duration_s);
  std::printf("chunks       %zu (%s)\n", summary.chunks.size(), compression.c_str());
  std::printf("channels     %zu\n", rows.size());
  std::size_t topic_w = 5;
  std::size_t schema_w = 6;
  std::size_t encoding_w = 8;
  for (const ChannelRow& r : rows) {
    topic_w = std::max(topic_w, r.topic.size());
    schema_w = std::max(schema_w, r.schema.size());
    encoding_w = std::max(encoding_w, r.encoding.size());
  }
  const int tw = static_cast<int>(topic_w);
  const int sw = static_cast<int>(schema_w);
  const int ew = static_cast<int>(encoding_w);
  std::printf("  %-*s  %-*s  %-*s  %10s\n", tw, "topic", sw, "schema", ew, "encoding", "messages");
  for (const ChannelRow& r : rows) {
    std::printf("  %-*s  %-*s  %-*s  %10llu\n", tw, r.topic.c_str(), sw,
                r.schema.empty() ? "-" : r.schema.c_str(), ew, r.encoding.c_str(),
                static_cast<unsigned long long>(r.messages));
  }
  return 0;
}

}  // namespace

CommandSpec LogCommand() {
  return {.name = "log",
          .purpose = "inspect MCAP logs written by sim, demo and serve",
          .examples = {"tianmu log info out/demo/demo.mcap"},
          .subcommands = {{.name = "info",
                           .purpose = "channels, message counts, time range and chunks of an MCAP "
                                      "file, after checking every CRC",
                           .operands = "FILE.mcap",
                           .flags = {Switch("json", "print the figures as JSON on stdout")},
                           .examples = {"tianmu log info out/demo/demo.mcap --json"},
                           .run = RunInfo}}};
}

}  // namespace tianmu::cli
