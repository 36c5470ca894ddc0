#include "tianmu/motion/robot_clip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tianmu/core/error.h"

namespace tianmu::motion {
namespace {

using ::testing::HasSubstr;

// Found by fuzz/motion_clip_fuzzer: a "format" that is not a string escaped as json's
// type_error (from j.value("format", "")) instead of the InputError naming the field.
TEST(MotionRobotClip, AFormatThatIsNotAStringIsAnInputErrorNamingTheField) {
  for (const char* text : {R"({"format": 0.0, "version": 1})", R"({"format": null})",
                           R"({"format": ["tianmu-robot-clip"]})"}) {
    SCOPED_TRACE(text);
    try {
      RobotClipFromJson(nlohmann::json::parse(text), "clip.json");
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("clip.json: format"));
    }
  }
}

// The same parser trap when reading a clip file: 1e999 overflows a double.
TEST(MotionRobotClip, AClipFileWithANumberTooLargeForADoubleIsAnInputError) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("tianmu-clip-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << R"({"format": "tianmu-robot-clip", "version": 1, "fps": 1e999})";
  EXPECT_THROW(LoadRobotClip(file), InputError);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace tianmu::motion
