// Image encodings for logs: PNG (lossless, libpng) for RGB frames, and base64 for binary fields
// of JSON-encoded Foxglove messages.
#pragma once

#include <string>
#include <string_view>

#include "tianmu/perception/image.h"

namespace tianmu::perception {

/// `image` as a PNG file's bytes (8-bit RGB). Raises RuntimeError if libpng fails.
std::string EncodePng(const RgbImage& image);
/// Decodes PNG bytes to 8-bit RGB. Raises RuntimeError for data that is not a PNG.
RgbImage DecodePng(std::string_view png);
/// Standard base64 (RFC 4648, with padding) of `bytes`.
std::string Base64(std::string_view bytes);

}  // namespace tianmu::perception
