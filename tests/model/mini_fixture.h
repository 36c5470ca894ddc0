// Helpers for the model tests: the `mini` fixture robot (data/assets), a scratch copy of it in a
// temporary directory that tests edit, and a scoped TIANMU_ASSETS override.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "tianmu/actuators/datasheet.h"

namespace tianmu::model::testing {

namespace fs = std::filesystem;

/// The fixture asset tree: robots/mini and components/.
inline fs::path FixtureAssets() { return fs::path(TIANMU_TEST_DATA_DIR) / "assets"; }
inline fs::path MiniDir() { return FixtureAssets() / "robots" / "mini"; }

inline std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

/// The fixture component library, loaded once.
inline const actuators::ComponentLibrary& FixtureComponents() {
  static const actuators::ComponentLibrary library =
      actuators::LoadComponentLibrary(FixtureAssets() / "components");
  return library;
}

/// Replaces the one occurrence of `from` in `text` by `to`; a test failure if absent.
inline void ReplaceOnce(std::string* text, const std::string& from, const std::string& to) {
  const std::size_t at = text->find(from);
  ASSERT_NE(at, std::string::npos) << "fixture text has no '" << from << "'";
  ASSERT_EQ(text->find(from, at + 1), std::string::npos) << "'" << from << "' is ambiguous";
  text->replace(at, from.size(), to);
}

/// 1-based line of the first line of `text` containing `marker`, or 0.
inline int LineOf(const std::string& text, const std::string& marker) {
  const std::size_t at = text.find(marker);
  if (at == std::string::npos) return 0;
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return line;
}

/// A fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name =
        info ? std::string(info->test_suite_name()) + "." + info->name() : std::string("tianmu");
    path_ = fs::temp_directory_path() / ("tianmu-model-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

/// The mini robot's texts, editable, written to a temp dir on demand.
struct MiniCopy {
  std::string yaml = ReadText(MiniDir() / "robot.yaml");
  std::string xml = ReadText(MiniDir() / "mini.xml");
  TempDir dir;

  fs::path yaml_path() const { return dir.path() / "robot.yaml"; }
  /// Writes robot.yaml and mini.xml; returns the robot.yaml path.
  fs::path Write() const {
    WriteText(dir.path() / "robot.yaml", yaml);
    WriteText(dir.path() / "mini.xml", xml);
    return yaml_path();
  }
};

}  // namespace tianmu::model::testing
