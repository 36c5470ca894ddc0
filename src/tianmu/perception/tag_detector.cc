#include "tianmu/perception/tag_detector.h"

#include <apriltag/apriltag.h>
#include <apriltag/apriltag_pose.h>
#include <apriltag/common/image_u8.h>
#include <apriltag/common/matd.h>
#include <apriltag/common/zarray.h>

#include <cmath>
#include <cstdlib>

#include "tianmu/core/error.h"
#include "tianmu/perception/tag_family.h"

namespace tianmu::perception {
namespace {

struct DetectorDeleter {
  void operator()(apriltag_detector* d) const { apriltag_detector_destroy(d); }
};
struct DetectionsDeleter {
  void operator()(zarray_t* z) const { apriltag_detections_destroy(z); }
};
// Debian's libapriltag exports the detector and pose functions but not matd_create or
// matd_destroy: matd_t is one calloc'd block (header and the flexible data array), so matrices
// handed to and returned by libapriltag are made and freed here the same way.
struct MatdDeleter {
  void operator()(matd_t* m) const { std::free(m); }
};
using MatdPtr = std::unique_ptr<matd_t, MatdDeleter>;

MatdPtr MakeMatd(unsigned rows, unsigned cols) {
  auto* m = static_cast<matd_t*>(std::calloc(1, sizeof(matd_t) + sizeof(double) * rows * cols));
  if (!m) throw RuntimeError("out of memory");
  m->nrows = rows;
  m->ncols = cols;
  return MatdPtr(m);
}

}  // namespace

struct TagDetector::Impl {
  TagFamilyPtr family;
  std::unique_ptr<apriltag_detector, DetectorDeleter> detector;
  std::vector<std::uint8_t> grey;
};

TagDetector::TagDetector(const TagDetectorOptions& options)
    : options_(options), impl_(std::make_unique<Impl>()) {
  impl_->family = MakeTagFamily(options.family);
  impl_->detector.reset(apriltag_detector_create());
  if (!impl_->detector) throw RuntimeError("libapriltag: cannot create a detector");
  apriltag_detector* d = impl_->detector.get();
  d->quad_decimate = static_cast<float>(options.quad_decimate);
  d->quad_sigma = static_cast<float>(options.quad_sigma);
  d->nthreads = options.threads;
  d->refine_edges = true;
  apriltag_detector_add_family_bits(d, impl_->family.get(), 2);
}

TagDetector::~TagDetector() {
  // The detector holds the family by pointer: it goes first.
  if (impl_) impl_->detector.reset();
}

std::vector<TagDetection> TagDetector::Detect(const RgbImage& image) {
  const std::size_t n = static_cast<std::size_t>(image.width_px) * image.height_px;
  impl_->grey.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* p = image.rgb.data() + 3 * i;
    impl_->grey[i] =
        static_cast<std::uint8_t>(std::lround(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]));
  }
  image_u8_t im{image.width_px, image.height_px, image.width_px, impl_->grey.data()};
  std::unique_ptr<zarray_t, DetectionsDeleter> found(
      apriltag_detector_detect(impl_->detector.get(), &im));
  std::vector<TagDetection> out;
  for (int i = 0; i < zarray_size(found.get()); ++i) {
    apriltag_detection_t* det = nullptr;
    zarray_get(found.get(), i, &det);
    if (det->hamming > options_.max_hamming) continue;
    TagDetection t;
    t.id = det->id;
    t.hamming = det->hamming;
    t.decision_margin = det->decision_margin;
    t.center_px = {det->c[0], det->c[1]};
    for (int c = 0; c < 4; ++c) t.corners_px[c] = {det->p[c][0], det->p[c][1]};
    for (int k = 0; k < 9; ++k) t.homography[k] = MATD_EL(det->H, k / 3, k % 3);
    out.push_back(t);
  }
  return out;
}

TagPose TagDetector::EstimatePose(const TagDetection& detection, const CameraIntrinsics& intrinsics,
                                  double tag_size_m) {
  // libapriltag's pose functions read the corners and the homography from its own detection
  // struct: rebuild it from ours.
  MatdPtr H = MakeMatd(3, 3);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) MATD_EL(H.get(), r, c) = detection.homography[3 * r + c];
  }
  apriltag_detection_t det{};
  det.id = detection.id;
  det.H = H.get();
  det.c[0] = detection.center_px[0];
  det.c[1] = detection.center_px[1];
  for (int c = 0; c < 4; ++c) {
    det.p[c][0] = detection.corners_px[c][0];
    det.p[c][1] = detection.corners_px[c][1];
  }
  apriltag_detection_info_t info{
      &det, tag_size_m, intrinsics.fx_px, intrinsics.fy_px, intrinsics.cx_px, intrinsics.cy_px};
  apriltag_pose_t pose{nullptr, nullptr};
  const double error = estimate_tag_pose(&info, &pose);
  MatdPtr R(pose.R);
  MatdPtr t(pose.t);
  TagPose out;
  out.object_space_error = error;
  for (int r = 0; r < 3; ++r) {
    out.position_C_m[r] = MATD_EL(t.get(), r, 0);
    for (int c = 0; c < 3; ++c) out.rotation_C_T(r, c) = MATD_EL(R.get(), r, c);
  }
  return out;
}

}  // namespace tianmu::perception
