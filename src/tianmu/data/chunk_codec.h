// Compression of MCAP chunk records: zstd and the LZ4 frame format, the two codecs the MCAP
// spec names. The writer keeps one ChunkCompressor; the reader calls DecompressChunk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tianmu/data/mcap_format.h"

struct ZSTD_CCtx_s;

namespace tianmu::data {

/// Compresses whole chunks with one codec, reusing its context from chunk to chunk.
class ChunkCompressor {
 public:
  explicit ChunkCompressor(McapCompression compression);
  ~ChunkCompressor();
  ChunkCompressor(const ChunkCompressor&) = delete;
  ChunkCompressor& operator=(const ChunkCompressor&) = delete;

  /// Replaces `output` with `input` compressed (a copy for kNone). Raises RuntimeError if the
  /// codec fails, which only happens when memory runs out.
  void Compress(std::string_view input, std::string& output);
  McapCompression compression() const { return compression_; }

 private:
  McapCompression compression_;
  ZSTD_CCtx_s* zstd_ = nullptr;
};

/// Replaces `output` with the `uncompressed_size` bytes that `input` decompresses to under the
/// chunk compression string `compression` ("", "zstd", "lz4"). Raises mcap::FormatError for an
/// unknown codec, corrupt input or a size that differs from `uncompressed_size`.
void DecompressChunk(std::string_view compression, std::string_view input,
                     std::uint64_t uncompressed_size, std::string& output);

}  // namespace tianmu::data
