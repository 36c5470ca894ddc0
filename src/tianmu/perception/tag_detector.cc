#include "tianmu/perception/tag_detector.h"

#include <apriltag/apriltag.h>
#include <apriltag/apriltag_pose.h>
#include <apriltag/common/image_u8.h>
#include <apriltag/common/matd.h>
#include <apriltag/common/zarray.h>

#include <algorithm>
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

std::vector<TagDetection> TagDetector::RunDetector(int width_px, int height_px,
                                                   std::vector<std::uint8_t>* grey, double scale) {
  image_u8_t im{width_px, height_px, width_px, grey->data()};
  std::unique_ptr<zarray_t, DetectionsDeleter> found(
      apriltag_detector_detect(impl_->detector.get(), &im));
  // Pixel centres of an image upsampled by `scale` map back as x = (x_s + 0.5) / scale - 0.5.
  const double k = 1.0 / scale;
  const double offset = 0.5 / scale - 0.5;
  std::vector<TagDetection> out;
  for (int i = 0; i < zarray_size(found.get()); ++i) {
    apriltag_detection_t* det = nullptr;
    zarray_get(found.get(), i, &det);
    if (det->hamming > options_.max_hamming) continue;
    TagDetection t;
    t.id = det->id;
    t.hamming = det->hamming;
    t.decision_margin = det->decision_margin;
    t.center_px = {k * det->c[0] + offset, k * det->c[1] + offset};
    for (int c = 0; c < 4; ++c) {
      t.corners_px[c] = {k * det->p[c][0] + offset, k * det->p[c][1] + offset};
    }
    // H maps the ideal tag to upsampled pixels; the same map then goes to original pixels.
    for (int col = 0; col < 3; ++col) {
      const double h0 = MATD_EL(det->H, 0, col), h1 = MATD_EL(det->H, 1, col);
      const double h2 = MATD_EL(det->H, 2, col);
      t.homography[col] = k * h0 + offset * h2;
      t.homography[3 + col] = k * h1 + offset * h2;
      t.homography[6 + col] = h2;
    }
    out.push_back(t);
  }
  return out;
}

std::vector<TagDetection> TagDetector::Detect(const RgbImage& image) {
  const int w = image.width_px, h = image.height_px;
  const std::size_t n = static_cast<std::size_t>(w) * h;
  impl_->grey.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* p = image.rgb.data() + 3 * i;
    impl_->grey[i] =
        static_cast<std::uint8_t>(std::lround(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]));
  }
  std::vector<TagDetection> out = RunDetector(w, h, &impl_->grey, 1.0);
  const int s = options_.upsample;
  if (s <= 1) return out;
  // Second pass on a bilinear upsampling (same blur in its pixels, so relatively less): small,
  // foreshortened tags the first pass missed. Tags found by both keep the first pass's detection.
  const int ws = w * s, hs = h * s;
  std::vector<std::uint8_t> up(static_cast<std::size_t>(ws) * hs);
  for (int r = 0; r < hs; ++r) {
    const double y = std::clamp((r + 0.5) / s - 0.5, 0.0, h - 1.0);
    const int y0 = std::min(static_cast<int>(y), h - 2);
    const double fy = y - y0;
    for (int c = 0; c < ws; ++c) {
      const double x = std::clamp((c + 0.5) / s - 0.5, 0.0, w - 1.0);
      const int x0 = std::min(static_cast<int>(x), w - 2);
      const double fx = x - x0;
      const std::uint8_t* g = impl_->grey.data() + static_cast<std::size_t>(y0) * w + x0;
      const double v =
          (1 - fy) * ((1 - fx) * g[0] + fx * g[1]) + fy * ((1 - fx) * g[w] + fx * g[w + 1]);
      up[static_cast<std::size_t>(r) * ws + c] = static_cast<std::uint8_t>(std::lround(v));
    }
  }
  std::vector<TagDetection> more = RunDetector(ws, hs, &up, s);
  for (const TagDetection& t : more) {
    bool known = false;
    for (const TagDetection& o : out) known = known || o.id == t.id;
    if (!known) out.push_back(t);
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
