// Scene object files: the hall used by `tianmu do` examples loads; bad files name the field.
#include <gtest/gtest.h>

#include "tianmu/brain/scene_objects_file.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

std::string ErrorOf(const std::string& json) {
  try {
    ParseSceneObjects(json, "scene.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SceneObjects, TheHallLoadsWithPlacesObjectsAndAStart) {
  const SceneDescription hall = LoadSceneObjects(TIANMU_TEST_DATA_DIR "/hall.json");
  EXPECT_EQ(hall.start_place, "dock");
  ASSERT_EQ(hall.objects.size(), 13u);
  EXPECT_EQ(hall.objects[9].name, "cup_red");
  EXPECT_EQ(hall.objects[9].colour, "red");
  EXPECT_EQ(hall.objects[9].place, "table");
  EXPECT_EQ(hall.objects[9].position_m, Eigen::Vector3d(1.6, -1.2, 0.8));
  EXPECT_TRUE(hall.objects[0].is_place);
}

TEST(SceneObjects, BadFilesNameTheFieldAndWhatWasExpected) {
  EXPECT_NE(ErrorOf("{").find("valid JSON"), std::string::npos);
  EXPECT_NE(ErrorOf("{\"objects\": 3}").find("objects"), std::string::npos);
  EXPECT_NE(ErrorOf("{\"objects\": [{\"category\": \"cup\", \"position_m\": [0,0,0]}]}")
                .find("objects[0].name"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{\"objects\": [{\"name\": \"a\", \"category\": \"cup\", "
                    "\"position_m\": [0,0]}]}")
                .find("objects[0].position_m"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{\"objects\": [{\"name\": \"a\", \"category\": \"cup\", "
                    "\"position_m\": [0,0,0], \"place\": \"nowhere\"}]}")
                .find("objects[0].place"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{\"start\": \"a\", \"objects\": [{\"name\": \"a\", \"category\": \"cup\", "
                    "\"position_m\": [0,0,0]}]}")
                .find("start"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{\"objects\": [{\"name\": \"a\", \"category\": \"cup\", \"position_m\": "
                    "[0,0,0]}, {\"name\": \"a\", \"category\": \"cup\", \"position_m\": [0,0,0]}]}")
                .find("appears twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{\"objects\": [{\"name\": \"a b\", \"category\": \"cup\", \"position_m\": "
                    "[0,0,0]}]}")
                .find("objects[0].name"),
            std::string::npos);
}

}  // namespace
}  // namespace tianmu::brain
