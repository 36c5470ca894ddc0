#include "tianmu/core/atomic_file.h"

#include <unistd.h>

#include <atomic>

#include "tianmu/core/error.h"

namespace tianmu {
namespace {

std::filesystem::path TempName(const std::filesystem::path& path) {
  static std::atomic<int> counter{0};
  std::filesystem::path temp = path;
  temp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  return temp;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path path)
    : path_(std::move(path)), temp_path_(TempName(path_)) {
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    throw InputError(path_.string(), 0, "", "cannot write here (expected a writable directory)");
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(temp_path_, ec);
  }
}

void AtomicFile::Commit() {
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) throw RuntimeError(path_.string() + ": write failed");
  std::error_code ec;
  std::filesystem::rename(temp_path_, path_, ec);
  if (ec) throw RuntimeError(path_.string() + ": rename failed: " + ec.message());
  committed_ = true;
}

void WriteFileAtomically(const std::filesystem::path& path, const std::string& content) {
  AtomicFile file(path);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.Commit();
}

void CheckWritable(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  if (!std::filesystem::is_directory(dir) || ::access(dir.c_str(), W_OK) != 0) {
    throw InputError(path.string(), 0, "", "cannot write here (expected a writable directory)");
  }
}

}  // namespace tianmu
