// `tianmu robot init` from the outside: drafts written atomically and validated, no silent
// overwrite, and bad models rejected with exit code 2 and one specific line on stderr.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;
using tianmu::testing::CommandResult;

const std::string kCli = TIANMU_CLI;
const fs::path kFixtures = TIANMU_BRINGUP_FIXTURES;
const fs::path kAssets = TIANMU_SOURCE_ASSETS;

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

CommandResult RobotInit(const std::string& args) {
  return tianmu::testing::RunCommand("TIANMU_ASSETS=" + Quoted(kAssets.string()) + " " +
                                     Quoted(kCli) + " robot init " + args);
}

// A fresh empty directory for one test's output.
class OutDir {
 public:
  OutDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("tianmu-init-cli-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~OutDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path yaml() const { return path_ / "robot.yaml"; }

 private:
  fs::path path_;
};

TEST(RobotInitCommand, DraftsAValidRobotYamlForTm1s) {
  const OutDir out;
  const CommandResult r = RobotInit(Quoted((kAssets / "robots/tm1s/tm1s.xml").string()) +
                                    " --out " + Quoted(out.yaml().string()) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("valid").get<bool>()) << j.dump(2);
  EXPECT_EQ(j.at("draft").at("feet").at("left").at("body"), "l_foot_link");
  ASSERT_TRUE(fs::is_regular_file(out.yaml()));
  std::ifstream in(out.yaml());
  std::stringstream text;
  text << in.rdbuf();
  // Reasons and open points are in the file for the person reading it.
  EXPECT_NE(text.str().find("# TODO: nominal_posture"), std::string::npos);
  EXPECT_NE(text.str().find("owns the model's free joint"), std::string::npos);
  // check-robot accepts the draft as it stands.
  const CommandResult check =
      tianmu::testing::RunCommand("TIANMU_ASSETS=" + Quoted(kAssets.string()) + " " + Quoted(kCli) +
                                  " check-robot " + Quoted(out.yaml().string()));
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

TEST(RobotInitCommand, TextOutputListsWhatPassedAndWhatIsLeft) {
  const OutDir out;
  const CommandResult r = RobotInit(Quoted((kAssets / "robots/tm1s-urdf/tm1s.urdf").string()) +
                                    " --out " + Quoted(out.yaml().string()) + " --name my-bot");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("check-robot: passed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("left to do"), std::string::npos) << r.out;
}

TEST(RobotInitCommand, RefusesToOverwriteWithoutForce) {
  const OutDir out;
  std::ofstream(out.yaml()) << "keep me\n";
  const std::string model = Quoted((kAssets / "robots/tm1s/tm1s.xml").string());
  const CommandResult r = RobotInit(model + " --out " + Quoted(out.yaml().string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exists (expected a new file; --force overwrites it)"), std::string::npos)
      << r.err;
  std::ifstream in(out.yaml());
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "keep me");
  EXPECT_EQ(RobotInit(model + " --out " + Quoted(out.yaml().string()) + " --force").exit_code, 0);
}

// Each bad model: exit 2, nothing written, and stderr naming the model and the problem.
void ExpectRejected(const std::string& fixture, const std::string& message) {
  const OutDir out;
  const CommandResult r =
      RobotInit(Quoted((kFixtures / fixture).string()) + " --out " + Quoted(out.yaml().string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find(fixture), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out.yaml()));
}

TEST(RobotInitCommand, ModelWithoutFreeJointHasNoFloatingBase) {
  ExpectRejected("no_floating_base.xml", "no floating base: no body has a free joint");
}

TEST(RobotInitCommand, ArmOnlyModelHasNoFeet) { ExpectRejected("arm_only.xml", "no feet found"); }

TEST(RobotInitCommand, GyroWithoutAccelerometerIsInconsistent) {
  ExpectRejected("gyro_without_accelerometer.xml",
                 "inconsistent sensors: site 'imu' has a gyro but no accelerometer");
}

TEST(RobotInitCommand, ForceTorqueOnOneFootOnlyIsInconsistent) {
  ExpectRejected("ft_on_one_foot.xml",
                 "inconsistent sensors: force/torque sensors on the left foot only");
}

TEST(RobotInitCommand, NonModelFileIsRejected) {
  ExpectRejected("not_a_model.yaml", "not a model file");
}

TEST(RobotInitCommand, UnknownSubcommandIsBadInput) {
  const CommandResult r = tianmu::testing::RunCommand(Quoted(kCli) + " robot frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown subcommand 'frobnicate'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tianmu
