// Every checked-in fuzz input (fuzz/corpus/NAME seeds and fuzz/regressions/NAME crash
// reproducers) through its target: none may crash or throw anything but the errors the parser
// documents, in the ordinary build as under the sanitizers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "fuzz_targets.h"

namespace tianmu::fuzz {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Runs every file of fuzz/SUBDIR/NAME through the target; returns how many there were.
int Replay(const Target& target, const std::string& subdir) {
  const fs::path dir = fs::path(TIANMU_FUZZ_DIR) / subdir / target.name;
  if (!fs::is_directory(dir)) return 0;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().string());
    const std::string input = ReadFile(entry.path());
    EXPECT_NO_THROW(target.run(input));
    ++count;
  }
  return count;
}

TEST(FuzzCorpus, EveryTargetHasSeedsAndEverySeedRunsCleanly) {
  for (const Target& target : AllTargets()) {
    SCOPED_TRACE(target.name);
    EXPECT_GT(Replay(target, "corpus"), 0) << "no seeds in fuzz/corpus/" << target.name;
  }
}

TEST(FuzzCorpus, EveryCrashReproducerNowRunsCleanly) {
  for (const Target& target : AllTargets()) {
    SCOPED_TRACE(target.name);
    Replay(target, "regressions");
  }
}

TEST(FuzzCorpus, EveryCorpusDirectoryBelongsToATarget) {
  std::set<std::string> names;
  for (const Target& target : AllTargets()) names.insert(target.name);
  for (const char* subdir : {"corpus", "regressions"}) {
    const fs::path dir = fs::path(TIANMU_FUZZ_DIR) / subdir;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_directory()) {
        EXPECT_TRUE(names.count(entry.path().filename().string()))
            << entry.path() << " has no target in fuzz/fuzz_targets.cc";
      }
    }
  }
}

TEST(FuzzCorpus, EmptyAndBinaryInputsRunCleanly) {
  const std::string inputs[] = {"", std::string(1, '\0'), std::string("\xff\xfe\x00\x01", 4),
                                std::string(300, '[')};
  for (const Target& target : AllTargets()) {
    SCOPED_TRACE(target.name);
    for (const std::string& input : inputs) EXPECT_NO_THROW(target.run(input));
  }
}

}  // namespace
}  // namespace tianmu::fuzz
