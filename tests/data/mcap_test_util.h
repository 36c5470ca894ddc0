// Helpers shared by the data tests: scratch directories, whole-file I/O and a deterministic
// sample log with several channels, payload sizes and timestamp ties.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "tianmu/core/rng.h"
#include "tianmu/data/mcap_writer.h"

namespace tianmu::data {

/// Test names and failure messages say "zstd", not "4-byte object <01-00 00-00>".
inline void PrintTo(McapCompression compression, std::ostream* os) {
  const std::string_view name = McapCompressionName(compression);
  *os << (name.empty() ? "none" : name);
}

}  // namespace tianmu::data

namespace tianmu::data::testing {

inline constexpr std::size_t kKiB = 1024;

/// A fresh directory under the system temp directory, removed with its content on destruction.
class ScratchDir {
 public:
  /// `base` defaults to the system temp directory.
  explicit ScratchDir(const std::string& name, std::filesystem::path base = {})
      : path_((base.empty() ? std::filesystem::temp_directory_path() : base) /
              ("tianmu-data-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// One message as handed to McapWriter::Write, with the sequence the writer should assign.
struct WrittenMessage {
  std::uint16_t channel_id = 0;
  std::uint32_t sequence = 0;
  std::uint64_t log_time_ns = 0;
  std::uint64_t publish_time_ns = 0;
  std::string data;
};

/// What WriteSampleLog put in the file.
struct SampleLog {
  std::vector<WrittenMessage> messages;           ///< in write order
  std::map<std::uint16_t, std::string> topics;    ///< channel id -> topic
  std::map<std::uint16_t, std::uint64_t> counts;  ///< channel id -> messages
};

inline constexpr char kLowStateSchema[] =
    R"({"type":"object","properties":{"t":{"type":"number"},"q":{"type":"array","items":{"type":"number"}}}})";

/// Writes `steps` 1 ms simulation steps to `path`: /low_state (JSON, every step), /imu (binary,
/// every step, same log time as /low_state, 0-300 random bytes, one 100 KiB burst at step 7)
/// and /events (schema-less JSON every 50 steps, half a step later). Payloads come from `seed`.
inline SampleLog WriteSampleLog(const std::filesystem::path& path, McapCompression compression,
                                std::size_t chunk_size_bytes, int steps, std::uint64_t seed = 7) {
  McapWriterOptions options;
  options.compression = compression;
  options.chunk_size_bytes = chunk_size_bytes;
  options.profile = "x-tianmu";
  McapWriter writer(path, options);
  SampleLog log;
  const std::uint16_t low_state =
      writer.AddJsonChannel("/low_state", "tianmu.LowState", kLowStateSchema);
  const std::uint16_t imu_schema =
      writer.AddSchema("tianmu.Imu", "x-tianmu-f64", "ax ay az gx gy gz");
  const std::uint16_t imu = writer.AddChannel(imu_schema, "/imu", "x-tianmu-f64");
  const std::uint16_t events = writer.AddChannel(0, "/events", "json", {{"source", "test"}});
  log.topics = {{low_state, "/low_state"}, {imu, "/imu"}, {events, "/events"}};
  std::map<std::uint16_t, std::uint32_t> sequence;
  Rng rng(seed);
  auto write = [&](std::uint16_t channel, std::uint64_t log_ns, std::string data) {
    const std::uint64_t publish_ns = log_ns >= 20000 ? log_ns - 20000 : 0;
    writer.Write(channel, log_ns, publish_ns, data);
    log.messages.push_back({channel, sequence[channel]++, log_ns, publish_ns, std::move(data)});
    ++log.counts[channel];
  };
  for (int k = 0; k < steps; ++k) {
    const std::uint64_t t_ns = static_cast<std::uint64_t>(k) * 1000000;
    std::ostringstream json;
    json << "{\"t\":" << k * 0.001 << ",\"q\":[" << rng.Uniform(-1, 1) << "," << rng.Uniform(-1, 1)
         << "]}";
    write(low_state, t_ns, json.str());
    std::string bytes(k == 7 ? 100 * 1024 : rng.NextU64() % 301, '\0');
    for (char& c : bytes) c = static_cast<char>(rng.NextU64() & 0xFF);
    write(imu, t_ns, std::move(bytes));
    if (k % 50 == 0)
      write(events, t_ns + 500000, "{\"event\":\"tick\",\"step\":" + std::to_string(k) + "}");
  }
  writer.Close();
  return log;
}

}  // namespace tianmu::data::testing
