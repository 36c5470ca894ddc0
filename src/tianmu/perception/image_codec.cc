#include "tianmu/perception/image_codec.h"

#include <png.h>

#include <cstdint>
#include <cstring>

#include "tianmu/core/error.h"

namespace tianmu::perception {
namespace {

// libpng's simplified API keeps its state in a png_image; png_image_free releases it.
struct PngImage {
  png_image image;
  PngImage() {
    std::memset(&image, 0, sizeof(image));
    image.version = PNG_IMAGE_VERSION;
  }
  ~PngImage() { png_image_free(&image); }
  PngImage(const PngImage&) = delete;
  PngImage& operator=(const PngImage&) = delete;
};

}  // namespace

std::string EncodePng(const RgbImage& image) {
  PngImage png;
  png.image.width = static_cast<png_uint_32>(image.width_px);
  png.image.height = static_cast<png_uint_32>(image.height_px);
  png.image.format = PNG_FORMAT_RGB;
  const png_int_32 stride = 3 * image.width_px;
  png_alloc_size_t size = 0;
  // First call sizes the output, the second writes it.
  if (!png_image_write_to_memory(&png.image, nullptr, &size, 0, image.rgb.data(), stride,
                                 nullptr)) {
    throw RuntimeError(std::string("PNG: ") + png.image.message);
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&png.image, out.data(), &size, 0, image.rgb.data(), stride,
                                 nullptr)) {
    throw RuntimeError(std::string("PNG: ") + png.image.message);
  }
  out.resize(size);
  return out;
}

RgbImage DecodePng(std::string_view bytes) {
  PngImage png;
  if (!png_image_begin_read_from_memory(&png.image, bytes.data(), bytes.size())) {
    throw RuntimeError(std::string("PNG: ") + png.image.message);
  }
  png.image.format = PNG_FORMAT_RGB;
  RgbImage image;
  image.Resize(static_cast<int>(png.image.width), static_cast<int>(png.image.height));
  if (!png_image_finish_read(&png.image, nullptr, image.rgb.data(), 3 * image.width_px, nullptr)) {
    throw RuntimeError(std::string("PNG: ") + png.image.message);
  }
  return image;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  // Three bytes make four six-bit digits; a short last group is padded with '='.
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group =
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
        static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kDigits[(group >> shift) & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2)
      group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kDigits[(group >> 18) & 63];
    out += kDigits[(group >> 12) & 63];
    out += rest == 2 ? kDigits[(group >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace tianmu::perception
