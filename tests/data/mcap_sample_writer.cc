// Writes the sample log the `tianmu log info` tests read: 1000 steps of 1 ms on /low_state and
// /imu plus /events every 50 steps (2020 messages, 0 s to 0.999 s), LZ4 chunks of 8 KiB; and,
// when given, CUT.mcap, a copy of its first half (a truncated log), and FLIPPED.mcap, a copy with
// one byte of its second chunk's compressed records flipped (a corrupt log).
//   mcap_sample_writer OUT.mcap [CUT.mcap [FLIPPED.mcap]]
#include <cstdio>
#include <exception>

#include "mcap_test_util.h"
#include "tianmu/data/mcap_reader.h"

int main(int argc, char** argv) {
  namespace t = tianmu::data::testing;
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: mcap_sample_writer OUT.mcap [CUT.mcap [FLIPPED.mcap]]\n");
    return 2;
  }
  try {
    t::WriteSampleLog(argv[1], tianmu::data::McapCompression::kLz4, 8 * t::kKiB, 1000);
    std::string bytes = t::ReadBytes(argv[1]);
    if (argc >= 3) t::WriteBytes(argv[2], bytes.substr(0, bytes.size() / 2));
    if (argc >= 4) {
      const tianmu::data::McapChunkInfo chunk =
          tianmu::data::McapReader(argv[1]).summary().chunks.at(1);
      bytes[chunk.chunk_start_offset + chunk.chunk_length - chunk.compressed_size / 2] ^= 0x04;
      t::WriteBytes(argv[3], bytes);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcap_sample_writer: %s\n", e.what());
    return 1;
  }
  return 0;
}
