// Knowledge-base objects from AprilTags: decodes the tags in a camera image, estimates each tag's
// pose, and turns it into the pose of the object that carries it (by tag id, through the tag's
// placement on the object's face), in the world frame.
#pragma once

#include <vector>

#include "tianmu/knowledge/object_record.h"
#include "tianmu/perception/camera_intrinsics.h"
#include "tianmu/perception/camera_pose.h"
#include "tianmu/perception/object_observation.h"
#include "tianmu/perception/tag_detector.h"

namespace tianmu::perception {

/// Finds tagged objects in images. Not thread-safe (owns a TagDetector).
class TagObjectLocator {
 public:
  /// `objects`: the knowledge-base records that may be seen; those with a tag are looked for.
  /// InputError when two of them carry the same family and id.
  explicit TagObjectLocator(const std::vector<knowledge::ObjectRecord>& objects,
                            const TagDetectorOptions& options = {});

  /// Every decoded tag in `image` as an observation; tags of no known object come back with an
  /// empty object_id (their pose is then unknown: position_W_m is the tag's image ray at 1 m).
  std::vector<ObjectObservation> Locate(const RgbImage& image, const CameraIntrinsics& intrinsics,
                                        const CameraPose& camera);

 private:
  std::vector<knowledge::ObjectRecord> tagged_;
  TagDetector detector_;
};

}  // namespace tianmu::perception
