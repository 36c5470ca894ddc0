#include "tianmu/data/chunk_codec.h"

#include <lz4frame.h>
#include <zstd.h>

#include "tianmu/core/error.h"

namespace tianmu::data {
namespace {

// zstd level 1, the fastest regular level: the writer compresses inside the simulation loop, and
// robot state (packed doubles, JSON numbers) gains little from slower levels.
constexpr int kZstdLevel = 1;

void CompressLz4(std::string_view input, std::string& output) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.contentSize = input.size();  // lets readers size their buffer up front
  output.resize(LZ4F_compressFrameBound(input.size(), &prefs));
  const std::size_t n =
      LZ4F_compressFrame(output.data(), output.size(), input.data(), input.size(), &prefs);
  if (LZ4F_isError(n)) throw RuntimeError(std::string("lz4 compression: ") + LZ4F_getErrorName(n));
  output.resize(n);
}

void DecompressLz4(std::string_view input, std::string& output) {
  LZ4F_dctx* dctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION))) {
    throw mcap::FormatError("lz4: cannot create a decompression context");
  }
  std::size_t in_pos = 0;
  std::size_t out_pos = 0;
  std::string error;
  // A chunk may hold several concatenated frames; LZ4F_decompress starts the next one itself.
  while (in_pos < input.size()) {
    std::size_t in_size = input.size() - in_pos;
    std::size_t out_size = output.size() - out_pos;
    const std::size_t hint = LZ4F_decompress(dctx, output.data() + out_pos, &out_size,
                                             input.data() + in_pos, &in_size, nullptr);
    if (LZ4F_isError(hint)) {
      error = std::string("lz4: ") + LZ4F_getErrorName(hint);
      break;
    }
    in_pos += in_size;
    out_pos += out_size;
    if (in_size == 0 && out_size == 0) {
      error = "lz4: data decompresses to more than the chunk's uncompressed_size";
      break;
    }
    if (hint != 0 && in_pos == input.size()) error = "lz4: the compressed data is cut short";
  }
  LZ4F_freeDecompressionContext(dctx);
  if (!error.empty()) throw mcap::FormatError(error);
  if (out_pos != output.size()) {
    throw mcap::FormatError("lz4: data decompresses to " + std::to_string(out_pos) +
                            " bytes, expected uncompressed_size " + std::to_string(output.size()));
  }
}

void DecompressZstd(std::string_view input, std::string& output) {
  const std::size_t n = ZSTD_decompress(output.data(), output.size(), input.data(), input.size());
  if (ZSTD_isError(n) != 0) throw mcap::FormatError(std::string("zstd: ") + ZSTD_getErrorName(n));
  if (n != output.size()) {
    throw mcap::FormatError("zstd: data decompresses to " + std::to_string(n) +
                            " bytes, expected uncompressed_size " + std::to_string(output.size()));
  }
}

}  // namespace

ChunkCompressor::ChunkCompressor(McapCompression compression) : compression_(compression) {
  if (compression_ == McapCompression::kZstd) {
    zstd_ = ZSTD_createCCtx();
    if (zstd_ == nullptr) throw RuntimeError("zstd: cannot create a compression context");
  }
}

ChunkCompressor::~ChunkCompressor() { ZSTD_freeCCtx(zstd_); }

void ChunkCompressor::Compress(std::string_view input, std::string& output) {
  switch (compression_) {
    case McapCompression::kNone:
      output.assign(input);
      return;
    case McapCompression::kLz4:
      CompressLz4(input, output);
      return;
    case McapCompression::kZstd: {
      output.resize(ZSTD_compressBound(input.size()));
      const std::size_t n = ZSTD_compressCCtx(zstd_, output.data(), output.size(), input.data(),
                                              input.size(), kZstdLevel);
      if (ZSTD_isError(n) != 0) {
        throw RuntimeError(std::string("zstd compression: ") + ZSTD_getErrorName(n));
      }
      output.resize(n);
      return;
    }
  }
}

void DecompressChunk(std::string_view compression, std::string_view input,
                     std::uint64_t uncompressed_size, std::string& output) {
  if (compression.empty()) {
    if (input.size() != uncompressed_size) {
      throw mcap::FormatError("uncompressed chunk holds " + std::to_string(input.size()) +
                              " bytes, expected uncompressed_size " +
                              std::to_string(uncompressed_size));
    }
    output.assign(input);
    return;
  }
  if (compression != "zstd" && compression != "lz4") {
    throw mcap::FormatError("unsupported chunk compression '" + std::string(compression) +
                            "' (expected zstd, lz4 or none)");
  }
  // The size comes from the file: refuse absurd values before allocating (chunks are normally a
  // few MiB).
  constexpr std::uint64_t kMaxChunkBytes = std::uint64_t{1} << 32;
  if (uncompressed_size > kMaxChunkBytes) {
    throw mcap::FormatError("chunk uncompressed_size " + std::to_string(uncompressed_size) +
                            " is larger than the 4 GiB this reader accepts");
  }
  // LZ4 cannot expand data more than 255-fold (one length byte adds at most 255 output bytes).
  if (compression == "lz4" && uncompressed_size > 256 * std::uint64_t{input.size()} + 1024) {
    throw mcap::FormatError("lz4: " + std::to_string(input.size()) +
                            " bytes cannot decompress to uncompressed_size " +
                            std::to_string(uncompressed_size));
  }
  if (compression == "zstd" &&
      ZSTD_findFrameCompressedSize(input.data(), input.size()) == input.size()) {
    // One frame (what writers produce): its declared size must match before we allocate.
    const unsigned long long declared = ZSTD_getFrameContentSize(input.data(), input.size());
    if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR &&
        declared != uncompressed_size) {
      throw mcap::FormatError("zstd: the frame holds " + std::to_string(declared) +
                              " bytes, expected uncompressed_size " +
                              std::to_string(uncompressed_size));
    }
  }
  output.resize(static_cast<std::size_t>(uncompressed_size));
  if (uncompressed_size == 0 && input.empty()) return;
  if (compression == "zstd") {
    DecompressZstd(input, output);
  } else {
    DecompressLz4(input, output);
  }
}

}  // namespace tianmu::data
