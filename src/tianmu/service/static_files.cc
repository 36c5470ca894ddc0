#include "tianmu/service/static_files.h"

#include <algorithm>
#include <cctype>

namespace tianmu::service {
namespace {

constexpr std::size_t kMaxPathBytes = 1024;

StaticLookup Reject(int status, std::string message) {
  StaticLookup out;
  out.status = status;
  out.message = std::move(message);
  return out;
}

bool ContainsEncodedSeparator(std::string_view target) {
  for (std::size_t i = 0; i + 2 < target.size(); ++i) {
    if (target[i] != '%') continue;
    const char a = target[i + 1];
    const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(target[i + 2])));
    if ((a == '2' && b == 'f') || (a == '5' && b == 'c') || (a == '0' && b == '0')) return true;
  }
  return false;
}

// True when `inner` is `outer` or lies below it (both canonical).
bool IsInside(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

StaticLookup ResolveStaticFile(const std::filesystem::path& static_dir, std::string_view raw_target,
                               std::string_view decoded_path) {
  if (decoded_path.empty() || decoded_path.front() != '/') {
    return Reject(400, "path must start with /");
  }
  if (decoded_path.size() > kMaxPathBytes) return Reject(400, "path too long");
  if (ContainsEncodedSeparator(raw_target)) {
    return Reject(400, "path must not contain encoded separators or NUL (%2F, %5C, %00)");
  }
  for (const char c : decoded_path) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\' || c == ':') {
      return Reject(400, "path must not contain control characters, backslashes or colons");
    }
  }
  std::string_view relative = decoded_path.substr(1);
  if (relative.empty()) relative = "index.html";
  // Every segment is a plain name: not empty (no "//"), not hidden, not "." or "..".
  std::size_t start = 0;
  while (start <= relative.size()) {
    const std::size_t end = std::min(relative.find('/', start), relative.size());
    const std::string_view segment = relative.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') {
      return Reject(400, "path segments must be names: no empty, hidden, . or .. segments");
    }
    start = end + 1;
  }
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(static_dir, ec);
  if (ec) return Reject(404, "no dashboard directory");
  const std::filesystem::path file =
      std::filesystem::canonical(root / std::filesystem::path(std::string(relative)), ec);
  // Canonical paths resolve symlinks: a link pointing out of the directory lands outside it.
  if (ec || !IsInside(file, root) || !std::filesystem::is_regular_file(file, ec)) {
    return Reject(404, "no file " + std::string(decoded_path));
  }
  StaticLookup out;
  out.status = 200;
  out.file = file;
  out.content_type = StaticContentType(file);
  return out;
}

std::string StaticContentType(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

}  // namespace tianmu::service
