// Malformed input raises one InputError naming the file and what is wrong with it; a writer
// that is not closed leaves no file behind.
#include <gtest/gtest.h>

#include <string>

#include "mcap_test_util.h"
#include "tianmu/core/error.h"
#include "tianmu/data/mcap_reader.h"
#include "tianmu/data/mcap_writer.h"

namespace tianmu::data {
namespace {

using testing::ReadBytes;
using testing::ScratchDir;
using testing::WriteBytes;
using testing::WriteSampleLog;

/// The message of the InputError that opening and verifying `path` raises ("" if none).
std::string ReadError(const std::filesystem::path& path) {
  try {
    McapReader reader(path);
    reader.Verify();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

TEST(McapReader, MissingFileIsReportedByName) {
  ScratchDir dir("missing");
  const auto path = dir / "nope.mcap";
  const std::string error = ReadError(path);
  EXPECT_TRUE(Contains(error, path.string()));
  EXPECT_TRUE(Contains(error, "no such file"));
}

TEST(McapReader, AFileThatIsNotMcapIsReportedAsSuch) {
  ScratchDir dir("not-mcap");
  const auto path = dir / "notes.mcap";
  WriteBytes(path, "this is a text file, not a log\n");
  const std::string error = ReadError(path);
  EXPECT_TRUE(Contains(error, path.string()));
  EXPECT_TRUE(Contains(error, "not an MCAP file"));
  WriteBytes(path, "");
  EXPECT_TRUE(Contains(ReadError(path), "empty file"));
  EXPECT_TRUE(Contains(ReadError(dir.path()), "is a directory"));
}

TEST(McapReader, ATruncatedFileIsReportedAsTruncated) {
  ScratchDir dir("truncated");
  const auto good = dir / "good.mcap";
  WriteSampleLog(good, McapCompression::kZstd, 8 * testing::kKiB, 100);
  const std::string bytes = ReadBytes(good);
  // Cut anywhere: inside the header, a chunk, the summary, the footer, the closing magic.
  for (const std::size_t keep : {std::size_t{5}, std::size_t{12}, std::size_t{40}, bytes.size() / 2,
                                 bytes.size() - 100, bytes.size() - 30, bytes.size() - 1}) {
    const auto cut = dir / "cut.mcap";
    WriteBytes(cut, bytes.substr(0, keep));
    const std::string error = ReadError(cut);
    EXPECT_TRUE(Contains(error, cut.string())) << "kept " << keep << " bytes";
    EXPECT_TRUE(Contains(error, "truncated")) << "kept " << keep << " bytes: " << error;
  }
}

TEST(McapReader, AFlippedByteInAChunkFailsItsCrc) {
  ScratchDir dir("flipped-chunk");
  const auto path = dir / "log.mcap";
  WriteSampleLog(path, McapCompression::kNone, 8 * testing::kKiB, 100);
  std::string bytes = ReadBytes(path);
  const McapChunkInfo chunk = McapReader(path).summary().chunks.at(1);
  // A payload byte near the end of the chunk's records: structure intact, content wrong.
  bytes[chunk.chunk_start_offset + chunk.chunk_length - 3] ^= 0x10;
  WriteBytes(path, bytes);
  const std::string error = ReadError(path);
  EXPECT_TRUE(Contains(error, path.string()));
  EXPECT_TRUE(Contains(error, "Chunk record at byte " + std::to_string(chunk.chunk_start_offset)));
  EXPECT_TRUE(Contains(error, "CRC mismatch"));
}

TEST(McapReader, AFlippedByteInACompressedChunkIsCaught) {
  for (const McapCompression compression : {McapCompression::kZstd, McapCompression::kLz4}) {
    ScratchDir dir("flipped-compressed");
    const auto path = dir / "log.mcap";
    WriteSampleLog(path, compression, 8 * testing::kKiB, 100);
    std::string bytes = ReadBytes(path);
    const McapChunkInfo chunk = McapReader(path).summary().chunks.at(0);
    bytes[chunk.chunk_start_offset + chunk.chunk_length - chunk.compressed_size / 2] ^= 0x01;
    WriteBytes(path, bytes);
    const std::string error = ReadError(path);
    EXPECT_TRUE(Contains(error, path.string()));
    EXPECT_TRUE(Contains(error, "corrupt MCAP: Chunk record at byte")) << error;
  }
}

TEST(McapReader, AFlippedByteOutsideChunksFailsTheDataSectionCrc) {
  ScratchDir dir("flipped-data");
  const auto path = dir / "log.mcap";
  WriteSampleLog(path, McapCompression::kZstd, 8 * testing::kKiB, 100);
  std::string bytes = ReadBytes(path);
  const std::size_t topic = bytes.find("/events");  // the Channel record in the data section
  ASSERT_NE(topic, std::string::npos);
  bytes[topic + 1] = 'E';
  WriteBytes(path, bytes);
  EXPECT_TRUE(Contains(ReadError(path), "data section CRC mismatch"));
}

TEST(McapReader, AFlippedByteInTheSummaryFailsTheSummaryCrc) {
  ScratchDir dir("flipped-summary");
  const auto path = dir / "log.mcap";
  WriteSampleLog(path, McapCompression::kZstd, 8 * testing::kKiB, 100);
  std::string bytes = ReadBytes(path);
  const std::size_t topic = bytes.rfind("/events");  // the Channel record in the summary
  ASSERT_NE(topic, std::string::npos);
  bytes[topic + 1] = 'E';
  WriteBytes(path, bytes);
  EXPECT_TRUE(Contains(ReadError(path), "summary CRC mismatch"));
}

TEST(McapReader, EveryFlippedBitInASmallLogIsReportedAsAnInputError) {
  // Every byte of a file is covered by a check: the data-section CRC up to DataEnd, the chunk
  // CRCs, the summary CRC up to the Footer's own CRC field, and the magic bytes. So any single
  // flipped bit must be reported (and never crash, hang or read out of bounds).
  for (const McapCompression compression :
       {McapCompression::kNone, McapCompression::kZstd, McapCompression::kLz4}) {
    // Thousands of small rewrites: in memory where possible (ms each on some disks, us in RAM).
    ScratchDir dir("every-bit", std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "");
    const auto path = dir / "log.mcap";
    {
      McapWriterOptions options;
      options.compression = compression;
      options.chunk_size_bytes = 300;
      McapWriter writer(path, options);
      const auto a = writer.AddJsonChannel("/a", "tianmu.A", "{}");
      const auto b = writer.AddChannel(0, "/b", "x-raw", {{"k", "v"}});
      for (std::uint64_t i = 0; i < 12; ++i) {
        writer.Write(a, 1000 * i, 1000 * i, "{\"i\":" + std::to_string(i) + "}");
        writer.Write(b, 1000 * i + 500, 1000 * i, std::string(i * 5, static_cast<char>(i)));
      }
      writer.Close();
    }
    const std::string bytes = ReadBytes(path);
    ASSERT_EQ(ReadError(path), "");
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (const unsigned char bit : {0x01, 0x80}) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ bit);
        WriteBytes(path, damaged);
        const std::string error = ReadError(path);
        ASSERT_TRUE(Contains(error, path.string()))
            << McapCompressionName(compression) << ": flipping bit " << int{bit} << " of byte " << i
            << " of " << bytes.size() << " went unnoticed";
      }
    }
  }
}

TEST(McapWriterAtomic, AWriterDestroyedWithoutCloseLeavesNoFile) {
  ScratchDir dir("unclosed");
  const auto path = dir / "log.mcap";
  {
    McapWriter writer(path);
    const auto channel = writer.AddChannel(0, "/a", "json");
    for (int i = 0; i < 1000; ++i) writer.Write(channel, i, i, "{\"x\":1}");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "a temporary file was left behind";
}

TEST(McapWriterAtomic, TheFileAppearsOnlyOnClose) {
  ScratchDir dir("close");
  const auto path = dir / "log.mcap";
  McapWriter writer(path);
  writer.Write(writer.AddChannel(0, "/a", "json"), 1, 1, "{}");
  EXPECT_FALSE(std::filesystem::exists(path));
  writer.Close();
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(McapWriterAtomic, AnUnwritableDirectoryIsAnInputError) {
  ScratchDir dir("unwritable");
  const auto missing_dir = dir / "no-such-dir" / "log.mcap";
  try {
    McapWriter writer(missing_dir);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(Contains(std::string(e.what()), missing_dir.string()));
  }
  WriteBytes(dir / "a-file", "x");
  EXPECT_THROW(McapWriter(dir / "a-file" / "log.mcap"), InputError);
}

}  // namespace
}  // namespace tianmu::data
