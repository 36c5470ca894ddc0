#include "tianmu/perception/tag_family.h"

#include <apriltag/apriltag.h>
#include <apriltag/tag36h11.h>

#include "tianmu/core/error.h"

namespace tianmu::perception {

void TagFamilyDeleter::operator()(apriltag_family* family) const { tag36h11_destroy(family); }

TagFamilyPtr MakeTagFamily(const std::string& family) {
  if (family != "tag36h11") {
    throw InputError("tag family '" + family + "' is not supported (supported: tag36h11)");
  }
  return TagFamilyPtr(tag36h11_create());
}

}  // namespace tianmu::perception
