// A test world for the renderer: a camera at a known pose in front of a thin red plate whose pose
// is known exactly, on a black background; and a finder for the plate in an image.
#pragma once

#include <mujoco/mujoco.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tianmu/model/mujoco_handles.h"
#include "tianmu/perception/image.h"

namespace tianmu::perception::testing {

/// The camera "eye" sits at (0, 0, 1) looking along world +x (image right is world -y, image
/// up world +z), fovy 60 degrees. A red plate 0.2 m wide, 0.16 m high and 0.01 m thick faces it
/// from a mocap body at (plate_x, plate_y, plate_z), so its front face is at x = plate_x - 0.005.
inline std::string BoxSceneXml(double plate_x, double plate_y, double plate_z) {
  return R"(<mujoco>
  <asset>
    <!-- self-lit and matte: pure red whatever the lights, no white highlights -->
    <material name="red" rgba="1 0 0 1" emission="1" specular="0"/>
  </asset>
  <worldbody>
    <light directional="true" pos="0 0 5" dir="0 0 -1"/>
    <camera name="eye" pos="0 0 1" xyaxes="0 -1 0 0 0 1" fovy="60"/>
    <body name="plate" mocap="true" pos=")" +
         std::to_string(plate_x) + " " + std::to_string(plate_y) + " " + std::to_string(plate_z) +
         R"(">
      <geom name="plate" type="box" size="0.005 0.1 0.08" material="red" contype="0"
            conaffinity="0"/>
    </body>
  </worldbody>
</mujoco>)";
}

/// Compiles an MJCF string (MuJoCo 2.2.2 reads models from files, so through a temporary one).
inline model::MjModelPtr CompileXml(const std::string& xml) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("tianmu_perception_" + std::to_string(getpid()) + ".xml");
  {
    std::ofstream out(path);
    out << xml;
  }
  model::MjModelPtr m = model::LoadMjcf(path);
  std::filesystem::remove(path);
  return m;
}

/// Where the red plate shows in an image: centroid of its pixels (col, row) and their count.
struct RedBlob {
  double col = 0;
  double row = 0;
  int pixels = 0;
};

/// Pixels with red above 128 and green and blue below 80 (the lit plate; the background is
/// black).
inline RedBlob FindRed(const RgbImage& image) {
  RedBlob blob;
  double sum_col = 0;
  double sum_row = 0;
  for (int row = 0; row < image.height_px; ++row) {
    for (int col = 0; col < image.width_px; ++col) {
      const std::uint8_t* p = image.At(col, row);
      if (p[0] > 128 && p[1] < 80 && p[2] < 80) {
        sum_col += col;
        sum_row += row;
        ++blob.pixels;
      }
    }
  }
  if (blob.pixels > 0) {
    blob.col = sum_col / blob.pixels;
    blob.row = sum_row / blob.pixels;
  }
  return blob;
}

}  // namespace tianmu::perception::testing
