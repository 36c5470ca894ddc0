// AprilTag marker images drawn from a family's code words (libapriltag's family tables), for
// textures on simulated objects and for tests that decode them back.
#pragma once

#include <filesystem>
#include <string>

#include "tianmu/perception/image.h"

namespace tianmu::perception {

/// Names of the tag families this module draws and detects ("tag36h11").
bool IsSupportedTagFamily(const std::string& family);

/// Number of distinct ids of `family` (tag36h11: 587); InputError for an unknown family.
int TagFamilySize(const std::string& family);

/// Cells across the whole drawn tag, white quiet ring included (tag36h11: 10), and across its
/// black border (8): a tag of edge `size_m` (the black square, what pose estimation uses) is
/// drawn on a square of size_m * TagTotalCells / TagBorderCells.
int TagTotalCells(const std::string& family);
int TagBorderCells(const std::string& family);

/// The tag `id` of `family` as an RGB image of `cell_px` pixels per cell, white quiet ring
/// included, black = 0, white = 255, row 0 at the top as the family defines it. InputError for an
/// unknown family or an id out of range.
RgbImage DrawTag(const std::string& family, int id, int cell_px);

/// Writes DrawTag(family, id, cell_px) as a PNG file (RuntimeError when it cannot be written).
void WriteTagPng(const std::string& family, int id, int cell_px, const std::filesystem::path& file);

}  // namespace tianmu::perception
