// RAII ownership of libapriltag's family tables (tag36h11), shared by the tag drawing and the
// detector.
#pragma once

#include <memory>
#include <string>

struct apriltag_family;

namespace tianmu::perception {

/// Deleter that hands a family back to libapriltag.
struct TagFamilyDeleter {
  /// Calls the family's destroy function.
  void operator()(apriltag_family* family) const;
};

/// An owned libapriltag family.
using TagFamilyPtr = std::unique_ptr<apriltag_family, TagFamilyDeleter>;

/// Creates the family named `family` ("tag36h11"); InputError naming the supported ones else.
TagFamilyPtr MakeTagFamily(const std::string& family);

}  // namespace tianmu::perception
