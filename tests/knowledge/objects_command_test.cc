// `tianmu objects` and `tianmu sim --object` as a user runs them. Every command gets its own
// TIANMU_DATA (or --db) in a temporary directory: the user's data directory is never touched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunCommand;

const std::string kCli = TIANMU_CLI;

fs::path TempDir(const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-objects-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The tianmu command with TIANMU_DATA pointing at `data`.
std::string Cli(const fs::path& data) { return "TIANMU_DATA=" + data.string() + " " + kCli; }

TEST(ObjectsCommand, ListOnAnEmptyDataDirectoryCreatesAndSeedsTheDatabase) {
  const fs::path data = TempDir("seed") / "data";  // does not exist yet
  const auto r = RunCommand(Cli(data) + " objects list --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(data / "objects.sqlite"));
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j.at("count").get<int>(), 30);
  EXPECT_EQ(j.at("objects").size(), j.at("count").get<std::size_t>());
  const auto show = RunCommand(Cli(data) + " objects show 006_mustard_bottle --json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(show.out).at("mass_kg").get<double>(), 0.603);
  const auto text = RunCommand(Cli(data) + " objects list --category safety");
  EXPECT_THAT(text.out, HasSubstr("fire_extinguisher_6kg_powder"));
  EXPECT_THAT(text.out, Not(HasSubstr("025_mug")));
  fs::remove_all(data.parent_path());
}

TEST(ObjectsCommand, AddStoresAnObjectAndRejectsNonPositiveMassAndDuplicates) {
  const fs::path dir = TempDir("add");
  const std::string db = " --db " + (dir / "kb.sqlite").string();
  const std::string add = kCli + " objects add" + db +
                          " --id test_crate --name 'test crate' --category container --shape box "
                          "--dims 0.3,0.2,0.1 --source 'measured' --mass ";
  const auto ok = RunCommand(add + "1.25");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto show = RunCommand(kCli + " objects show 'test crate' --json" + db);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(show.out).at("mass_kg").get<double>(), 1.25);

  const auto zero = RunCommand(add + "0");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_THAT(zero.err, HasSubstr("--mass"));
  const auto again = RunCommand(add + "2");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("'test_crate' exists"));
  const auto unknown = RunCommand(kCli + " objects list --colour red" + db);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("--colour"));
  fs::remove_all(dir);
}

TEST(ObjectsCommand, ExportThenImportIntoAFreshDatabaseRoundTripsJsonAndCsv) {
  const fs::path dir = TempDir("roundtrip");
  const std::string db1 = " --db " + (dir / "one.sqlite").string();
  const auto before = RunCommand(kCli + " objects list --json" + db1);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  for (const char* ext : {"json", "csv"}) {
    const fs::path file = dir / (std::string("export.") + ext);
    const auto exported = RunCommand(kCli + " objects export " + file.string() + db1);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    // A fresh database seeded with the same starter set, then every object replaced from file.
    const std::string db2 = " --db " + (dir / (std::string("two_") + ext + ".sqlite")).string();
    const auto imported =
        RunCommand(kCli + " objects import " + file.string() + " --replace --json" + db2);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const auto after = RunCommand(kCli + " objects list --json" + db2);
    EXPECT_EQ(nlohmann::json::parse(after.out).at("objects"),
              nlohmann::json::parse(before.out).at("objects"))
        << ext;
  }
  fs::remove_all(dir);
}

TEST(ObjectsCommand, BadImportFilesExitTwoNamingFileLineAndField) {
  const fs::path dir = TempDir("bad");
  const std::string db = " --db " + (dir / "kb.sqlite").string();
  const std::string box = R"({"id": "dup_box", "name_en": "box", "category": "part",
      "shape": "box", "dims_m": [0.1, 0.1, 0.1], "mass_kg": 1, "source": "test"})";
  std::ofstream(dir / "dup.json") << "{\"objects\": [" << box << ", " << box << "]}";
  std::string negative = box;
  negative.replace(negative.find("\"mass_kg\": 1"), 12, "\"mass_kg\": -0.5");
  std::ofstream(dir / "neg.json") << "[" << negative << "]";
  const std::string header =
      "id,name_en,name_zh,category,shape,dims_m,mesh_file,mass_kg,inertia_kgm2,friction,rgba,"
      "material,graspable,grasps,affordances,hazards,source\n";
  std::ofstream(dir / "bad.csv") << header
                                 << "c1,crate,,part,box,0.1 0.1 0.1,,1,,,,,false,,,,test\n"
                                 << "c2,crate,,part,box,0.1 0.1 0.1,,1,,0.5 0.1,,,false,,,,t\n";
  struct Case {
    std::string file, message;
  };
  for (const Case& c : {Case{"dup.json", "objects[1].id"}, Case{"neg.json", "objects[0].mass_kg"},
                        Case{"bad.csv", "bad.csv:3: friction"}, Case{"missing.csv", "missing.csv"},
                        Case{"objects.txt", "a .json or .csv file"}}) {
    const auto r = RunCommand(kCli + " objects import " + (dir / c.file).string() + db);
    EXPECT_EQ(r.exit_code, 2) << c.file << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.file;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  // Nothing of the rejected files got in.
  const auto list = RunCommand(kCli + " objects list --json" + db);
  EXPECT_THAT(list.out, Not(HasSubstr("dup_box")));
  EXPECT_THAT(list.out, Not(HasSubstr("\"c1\"")));
  fs::remove_all(dir);
}

TEST(ObjectsCommand, SimSpawnsKnowledgeBaseObjectsByNameAndRejectsUnknownOnes) {
  const fs::path data = TempDir("sim");
  const auto r = RunCommand(Cli(data) +
                            " sim --robot tm1s --duration 0.3 --json --controller posture"
                            " --object 003_cracker_box@1.0,0,0.106 --object 'tomato soup "
                            "can@1.0,0.3,0.06,45'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("fell"), false);
  const auto unknown = RunCommand(Cli(data) + " sim --duration 0.1 --object unicorn@1,0,0.1");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown object 'unicorn'"));
  const auto malformed = RunCommand(Cli(data) + " sim --duration 0.1 --object 025_mug@1,0");
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_THAT(malformed.err, HasSubstr("--object"));
  fs::remove_all(data);
}

}  // namespace
}  // namespace tianmu
