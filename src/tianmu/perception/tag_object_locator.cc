#include "tianmu/perception/tag_object_locator.h"

#include <set>
#include <utility>

#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_mjcf.h"

namespace tianmu::perception {

const char* ObservationMethodName(ObservationMethod method) {
  return method == ObservationMethod::kTag ? "tag" : "shape";
}

TagObjectLocator::TagObjectLocator(const std::vector<knowledge::ObjectRecord>& objects,
                                   const TagDetectorOptions& options)
    : detector_(options) {
  std::set<std::pair<std::string, int>> seen;
  for (const knowledge::ObjectRecord& o : objects) {
    if (!o.tag || o.tag->family != options.family) continue;
    if (!seen.insert({o.tag->family, o.tag->id}).second) {
      throw InputError("objects: tag " + o.tag->family + " id " + std::to_string(o.tag->id) +
                       " is on two objects (" + o.id + " and another); tag ids must be unique");
    }
    tagged_.push_back(o);
  }
}

std::vector<ObjectObservation> TagObjectLocator::Locate(const RgbImage& image,
                                                        const CameraIntrinsics& intrinsics,
                                                        const CameraPose& camera) {
  std::vector<ObjectObservation> out;
  for (const TagDetection& d : detector_.Detect(image)) {
    ObjectObservation obs;
    obs.method = ObservationMethod::kTag;
    obs.tag_id = d.id;
    const knowledge::ObjectRecord* object = nullptr;
    for (const knowledge::ObjectRecord& o : tagged_) {
      if (o.tag->id == d.id) object = &o;
    }
    if (!object) {
      const Eigen::Vector3d ray_C((d.center_px[0] - intrinsics.cx_px) / intrinsics.fx_px,
                                  (d.center_px[1] - intrinsics.cy_px) / intrinsics.fy_px, 1.0);
      obs.position_W_m = camera.ToWorld(ray_C);
      obs.has_orientation = false;
      out.push_back(obs);
      continue;
    }
    const TagPose tag = TagDetector::EstimatePose(d, intrinsics, object->tag->size_m);
    // Tag frame T (libapriltag: x along image columns, y along rows, z into the tag) against the
    // plate frame P the texture is mapped in (columns along +x, rows along -y, z out of the
    // face): T = P turned half a turn about x.
    const Eigen::Matrix3d R_P_T = Eigen::Vector3d(1, -1, -1).asDiagonal();
    const knowledge::TagPlacement placement = knowledge::TagPlacementOf(*object);
    Eigen::Matrix3d R_O_P;
    for (int k = 0; k < 9; ++k) R_O_P(k / 3, k % 3) = placement.rotation_O_P[k];
    const Eigen::Matrix3d R_W_T = camera.rotation_W_C * tag.rotation_C_T;
    const Eigen::Vector3d p_W_T = camera.ToWorld(tag.position_C_m);
    obs.object_id = object->id;
    obs.rotation_W_O = R_W_T * R_P_T.transpose() * R_O_P.transpose();
    const Eigen::Vector3d c_O(placement.surface_center_O_m[0], placement.surface_center_O_m[1],
                              placement.surface_center_O_m[2]);
    obs.position_W_m = p_W_T - obs.rotation_W_O * c_O;
    out.push_back(obs);
  }
  return out;
}

}  // namespace tianmu::perception
