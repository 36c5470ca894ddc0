// AprilTag detection (libapriltag, tag36h11) in camera images: ids, corners, and each tag's pose
// in the camera frame from its homography, the camera intrinsics and the tag's printed size.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/image.h"

struct apriltag_detector;

namespace tianmu::perception {

/// One decoded tag in an image.
struct TagDetection {
  int id = -1;
  int hamming = 0;                    ///< bits the decoder corrected (0..2)
  double decision_margin = 0;         ///< decoder's mean margin over the data bits (grey levels)
  std::array<double, 2> center_px{};  ///< (col, row)
  std::array<std::array<double, 2>, 4> corners_px{};  ///< (col, row), libapriltag's order
  /// Row-major homography from the ideal tag (corners (±1, ±1)) to pixels, as detected.
  std::array<double, 9> homography{};
};

/// A tag's pose in the camera frame C (OpenCV: x right, y down, z forward). The tag frame T has
/// its origin at the tag's centre, x towards the image's right edge, y towards its bottom edge
/// (as the family draws it) and z into the tag, away from a viewer it faces.
struct TagPose {
  Eigen::Vector3d position_C_m = Eigen::Vector3d::Zero();      ///< tag centre in C
  Eigen::Matrix3d rotation_C_T = Eigen::Matrix3d::Identity();  ///< C <- T
  double object_space_error = 0;  ///< libapriltag's residual of the chosen solution (m²)
};

/// Detector settings (libapriltag's, with defaults for small rendered images).
struct TagDetectorOptions {
  std::string family = "tag36h11";
  double quad_decimate = 1.0;  ///< 1 = full resolution (the head camera's 320x240 needs it)
  /// Gaussian blur before quad detection (pixels): 0.8 smooths the renderer's aliased edges and
  /// the sensor noise enough to find 15-20 px tags that the unblurred image misses; decoding and
  /// edge refinement still read the original image.
  double quad_sigma = 0.8;
  int threads = 1;
  /// A second pass on the image upsampled this many times (bilinear) adds tags the first pass
  /// missed: at 320x240, tags 20-30 px across and turned away are found there (1 = off).
  int upsample = 3;
  int max_hamming = 1;  ///< detections with more corrected bits are dropped (false positives)
};

/// Owns a libapriltag detector and its family (RAII). Not thread-safe: one per thread.
class TagDetector {
 public:
  /// Creates the detector; InputError for an unknown family.
  explicit TagDetector(const TagDetectorOptions& options = {});
  ~TagDetector();
  TagDetector(const TagDetector&) = delete;
  TagDetector& operator=(const TagDetector&) = delete;

  /// Tags in `image` (converted to grey as 0.299 R + 0.587 G + 0.114 B).
  std::vector<TagDetection> Detect(const RgbImage& image);

  /// Pose of `detection` for a tag whose black square has edge `tag_size_m`, seen through
  /// `intrinsics` (libapriltag's homography estimate refined by orthogonal iteration).
  static TagPose EstimatePose(const TagDetection& detection, const CameraIntrinsics& intrinsics,
                              double tag_size_m);

  /// The settings in use.
  const TagDetectorOptions& options() const { return options_; }

 private:
  struct Impl;
  // Detections in `grey` (width x height), corners and homography scaled back by 1 / `scale`.
  std::vector<TagDetection> RunDetector(int width_px, int height_px,
                                        std::vector<std::uint8_t>* grey, double scale);
  TagDetectorOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tianmu::perception
