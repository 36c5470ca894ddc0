// Writing files so that a crash or an error never leaves a partial file behind: the content
// goes to a temporary name in the same directory and is renamed into place on Commit().
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace tianmu {

/// A file written under a temporary name; Commit() renames it, destruction without Commit()
/// removes it. Opening raises InputError if the directory is not writable.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The stream to write to (binary mode).
  std::ofstream& stream() { return out_; }
  /// Flushes, checks for write errors and renames into place; raises RuntimeError on failure.
  void Commit();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes `content` to `path` atomically.
void WriteFileAtomically(const std::filesystem::path& path, const std::string& content);

/// Raises InputError unless a file could be created at `path` (the directory exists and is
/// writable). Used to reject bad output paths before any work is done.
void CheckWritable(const std::filesystem::path& path);

}  // namespace tianmu
