// Dashboard files: which file a request may read. Only regular files inside the static
// directory, after canonicalisation: no absolute or doubled-slash paths, no "." / ".." or hidden
// segments, no backslashes, control characters or encoded separators, no symlinks leading out.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tianmu::service {

/// The outcome of resolving a static-file request.
struct StaticLookup {
  int status = 404;            ///< 200 (found), 400 (malformed path) or 404 (no such file)
  std::string message;         ///< why not, for the error body (never names host paths)
  std::filesystem::path file;  ///< canonical path of the file to send when status is 200
  std::string content_type;    ///< MIME type from the file's extension
};

/// Resolves `decoded_path` (the request path, percent-decoded; "/" means index.html) against
/// `static_dir`. `raw_target` is the request target as sent, checked for encoded separators.
StaticLookup ResolveStaticFile(const std::filesystem::path& static_dir, std::string_view raw_target,
                               std::string_view decoded_path);

/// The MIME type the dashboard's files are served with, from the extension.
std::string StaticContentType(const std::filesystem::path& file);

}  // namespace tianmu::service
