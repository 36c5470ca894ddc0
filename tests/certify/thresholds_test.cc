// Thresholds files: the shipped ones load, and bad files are rejected naming the field.
#include "tianmu/certify/thresholds.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tianmu/core/assets.h"
#include "tianmu/core/error.h"

namespace tianmu::certify {
namespace {

std::filesystem::path WriteTemp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("tianmu-thresholds-" + name);
  std::ofstream(path) << text;
  return path;
}

// A valid file for every registered item, with `unit_override` for one item.
std::string ValidFile(const std::string& skip_id = "", const std::string& wrong_unit_id = "") {
  std::string text = "robot_class: test\nitems:\n";
  for (const auto& item : Registry::Default().items()) {
    const std::string& id = item->info().id;
    if (id == skip_id) continue;
    const std::string unit = id == wrong_unit_id ? "furlongs" : item->info().unit;
    text += "  " + id + ": {threshold: 1, unit: \"" + unit + "\", source: \"own choice\"}\n";
  }
  return text;
}

std::string ErrorOf(const std::filesystem::path& file) {
  try {
    LoadThresholds(file, Registry::Default());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CertifyThresholds, ShippedClassFilesCoverEveryItem) {
  for (const char* robot_class : {"full-size", "compact"}) {
    const Thresholds t = LoadThresholds(ThresholdsFileFor(robot_class), Registry::Default());
    EXPECT_EQ(t.robot_class, robot_class);
    EXPECT_EQ(t.by_item.size(), Registry::Default().items().size());
    EXPECT_EQ(t.source_by_item.size(), t.by_item.size());
    // The ISO/TS 15066 limits come from the standard; the head-acceleration bar does not.
    EXPECT_FALSE(IsOwnChoice(t.source_by_item.at("safety.contact_force")));
    EXPECT_TRUE(IsOwnChoice(t.source_by_item.at("safety.fall_head_acceleration")));
  }
}

TEST(CertifyThresholds, MissingOrEmptySourceIsRejectedNamingTheField) {
  std::string text = ValidFile();
  const std::string from =
      "perf.turn_rate: {threshold: 1, unit: \"rad/s\", source: \"own choice\"}";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "perf.turn_rate: {threshold: 1, unit: \"rad/s\"}");
  std::string error = ErrorOf(WriteTemp("nosource.yaml", text));
  EXPECT_NE(error.find("items.perf.turn_rate.source"), std::string::npos) << error;
  text = ValidFile();
  text.replace(text.find(from), from.size(),
               "perf.turn_rate: {threshold: 1, unit: \"rad/s\", source: \"\"}");
  error = ErrorOf(WriteTemp("emptysource.yaml", text));
  EXPECT_NE(error.find("items.perf.turn_rate.source"), std::string::npos) << error;
}

TEST(CertifyThresholds, WrongUnitIsRejectedNamingTheItemsUnitField) {
  const std::string error = ErrorOf(WriteTemp("unit.yaml", ValidFile("", "perf.max_walk_speed")));
  EXPECT_NE(error.find("items.perf.max_walk_speed.unit"), std::string::npos) << error;
  EXPECT_NE(error.find("m/s"), std::string::npos) << error;
  EXPECT_NE(error.find("furlongs"), std::string::npos) << error;
}

TEST(CertifyThresholds, MissingItemIsRejectedNamingIt) {
  const std::string error = ErrorOf(WriteTemp("missing.yaml", ValidFile("safety.watchdog")));
  EXPECT_NE(error.find("items.safety.watchdog"), std::string::npos) << error;
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
}

TEST(CertifyThresholds, MissingThresholdFieldIsRejectedWithFileAndLine) {
  std::string text = ValidFile();
  const std::string from = "perf.turn_rate: {threshold: 1, ";
  text.replace(text.find(from), from.size(), "perf.turn_rate: {");
  const auto file = WriteTemp("field.yaml", text);
  const std::string error = ErrorOf(file);
  EXPECT_NE(error.find("items.perf.turn_rate.threshold"), std::string::npos) << error;
  EXPECT_NE(error.find(file.string() + ":"), std::string::npos) << error;
}

TEST(CertifyThresholds, UnknownItemAndNonNumericThresholdAreRejected) {
  EXPECT_NE(ErrorOf(WriteTemp("unknown.yaml",
                              ValidFile() +
                                  "  perf.teleport: {threshold: 1, unit: \"m\", source: \"x\"}\n"))
                .find("perf.teleport"),
            std::string::npos);
  std::string text = ValidFile();
  const std::string from = "perf.max_step: {threshold: 1,";
  text.replace(text.find(from), from.size(), "perf.max_step: {threshold: high,");
  EXPECT_NE(ErrorOf(WriteTemp("nan.yaml", text)).find("items.perf.max_step.threshold"),
            std::string::npos);
}

TEST(CertifyThresholds, UnknownRobotClassListsTheKnownOnes) {
  try {
    ThresholdsFileFor("giant");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("full-size"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tianmu::certify
