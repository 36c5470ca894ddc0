// The SQLite knowledge base: seeding on first use, lookup, all-or-nothing inserts.
#include "tianmu/knowledge/object_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"

namespace tianmu::knowledge {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path FreshDir(const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-kb-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

ObjectRecord TestBox(const std::string& id, double mass_kg) {
  ObjectRecord o;
  o.id = id;
  o.name_en = "test " + id;
  o.category = "part";
  o.shape = ShapeType::kBox;
  o.dims_m = {0.1, 0.2, 0.3};
  o.mass_kg = mass_kg;
  o.inertia_kgm2 = UniformSolidInertia(o.shape, o.dims_m, o.mass_kg);
  o.graspable = true;
  o.grasps = {{"side", {0, 0, 0.01}, {1, 0, 0, 0}, 0.1}, {"top", {0, 0, 0.15}, {0, 1, 0, 0}, 0.1}};
  o.hazards = {"sharp"};
  o.source = "test";
  return o;
}

TEST(KnowledgeObjectStore, NewDatabaseIsSeededWithTheStarterSetAndReopensUnchanged) {
  const fs::path dir = FreshDir("seed");
  const std::size_t starter = ReadObjectsFile(StarterSetPath()).size();
  {
    ObjectStore store(dir / "objects.sqlite", StarterSetPath());
    EXPECT_EQ(store.Count(), static_cast<int>(starter));
    ASSERT_TRUE(store.Remove("025_mug"));
  }
  ObjectStore again(dir / "objects.sqlite", StarterSetPath());
  EXPECT_EQ(again.Count(), static_cast<int>(starter) - 1);  // not seeded a second time
  fs::remove_all(dir);
}

TEST(KnowledgeObjectStore, FindsByIdOrEnglishNameWithGraspPosesInOrder) {
  const fs::path dir = FreshDir("find");
  ObjectStore store(dir / "kb.sqlite", {});
  EXPECT_EQ(store.Count(), 0);
  store.Insert({TestBox("b1", 2.0)}, false, "test");
  const auto by_id = store.Find("b1");
  const auto by_name = store.Find("TEST B1");
  ASSERT_TRUE(by_id && by_name);
  EXPECT_EQ(ObjectToJson(*by_id), ObjectToJson(TestBox("b1", 2.0)));
  EXPECT_EQ(ObjectToJson(*by_name), ObjectToJson(*by_id));
  EXPECT_EQ(ObjectToJson(store.List().at(0)), ObjectToJson(*by_id));
  EXPECT_FALSE(store.Find("nothing"));
  fs::remove_all(dir);
}

TEST(KnowledgeObjectStore, InsertIsAllOrNothingAndExistingIdsNeedReplace) {
  const fs::path dir = FreshDir("insert");
  ObjectStore store(dir / "kb.sqlite", {});
  store.Insert({TestBox("b1", 2.0)}, false, "first");
  try {
    store.Insert({TestBox("b2", 1.0), TestBox("b1", 3.0)}, false, "second.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("second.json"));
    EXPECT_THAT(e.what(), HasSubstr("objects[1].id"));
  }
  EXPECT_EQ(store.Count(), 1);  // b2 rolled back with the failed batch
  EXPECT_FALSE(store.Find("b2"));
  store.Insert({TestBox("b1", 3.0)}, true, "third");
  EXPECT_DOUBLE_EQ(store.Find("b1")->mass_kg, 3.0);
  EXPECT_EQ(store.Find("b1")->grasps.size(), 2u);  // replaced, not duplicated
  EXPECT_THROW(store.Insert({TestBox("b3", -1.0)}, false, "neg"), InputError);
  fs::remove_all(dir);
}

TEST(KnowledgeObjectStore, AFileThatIsNotAKnowledgeBaseIsRejected) {
  const fs::path dir = FreshDir("notdb");
  {
    std::ofstream(dir / "junk.sqlite") << "this is not a database, just some text that is long "
                                          "enough to have a header";
  }
  EXPECT_THROW(ObjectStore(dir / "junk.sqlite", {}), InputError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tianmu::knowledge
