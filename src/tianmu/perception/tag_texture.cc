#include "tianmu/perception/tag_texture.h"

#include <apriltag/apriltag.h>

#include <cstdint>
#include <fstream>

#include "tianmu/core/error.h"
#include "tianmu/perception/image_codec.h"
#include "tianmu/perception/tag_family.h"

namespace tianmu::perception {

bool IsSupportedTagFamily(const std::string& family) { return family == "tag36h11"; }

int TagFamilySize(const std::string& family) {
  return static_cast<int>(MakeTagFamily(family)->ncodes);
}

int TagTotalCells(const std::string& family) { return MakeTagFamily(family)->total_width; }

int TagBorderCells(const std::string& family) { return MakeTagFamily(family)->width_at_border; }

RgbImage DrawTag(const std::string& family, int id, int cell_px) {
  const TagFamilyPtr fam = MakeTagFamily(family);
  if (id < 0 || id >= static_cast<int>(fam->ncodes)) {
    throw InputError("tag id " + std::to_string(id) + " is outside " + family + "'s 0.." +
                     std::to_string(fam->ncodes - 1));
  }
  if (cell_px < 1) throw InputError("tag cell size must be at least 1 pixel");
  const int cells = fam->total_width;
  // Classic layout: a white quiet ring, a black border ring of width_at_border cells, and the
  // code's data bits inside, most significant bit first at (bit_x, bit_y) counted from the
  // border's top-left cell. A reversed border (other families) swaps the two rings' colours.
  const int border_start = (cells - fam->width_at_border) / 2;
  std::vector<std::uint8_t> cell(static_cast<std::size_t>(cells) * cells);
  const std::uint8_t outside = fam->reversed_border ? 0 : 255;
  const std::uint8_t border = fam->reversed_border ? 255 : 0;
  for (int y = 0; y < cells; ++y) {
    for (int x = 0; x < cells; ++x) {
      const bool inside = x >= border_start && x < border_start + fam->width_at_border &&
                          y >= border_start && y < border_start + fam->width_at_border;
      cell[y * cells + x] = inside ? border : outside;
    }
  }
  const std::uint64_t code = fam->codes[id];
  for (std::uint32_t i = 0; i < fam->nbits; ++i) {
    const bool white = (code >> (fam->nbits - 1 - i)) & 1u;
    const int x = border_start + static_cast<int>(fam->bit_x[i]);
    const int y = border_start + static_cast<int>(fam->bit_y[i]);
    cell[y * cells + x] = white ? 255 : 0;
  }
  RgbImage image;
  image.Resize(cells * cell_px, cells * cell_px);
  for (int row = 0; row < image.height_px; ++row) {
    for (int col = 0; col < image.width_px; ++col) {
      const std::uint8_t v = cell[(row / cell_px) * cells + col / cell_px];
      std::uint8_t* p =
          image.rgb.data() + (static_cast<std::size_t>(row) * image.width_px + col) * 3;
      p[0] = p[1] = p[2] = v;
    }
  }
  return image;
}

void WriteTagPng(const std::string& family, int id, int cell_px,
                 const std::filesystem::path& file) {
  const std::string png = EncodePng(DrawTag(family, id, cell_px));
  std::ofstream out(file, std::ios::binary);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  if (!out) throw RuntimeError("cannot write the tag texture " + file.string());
}

}  // namespace tianmu::perception
