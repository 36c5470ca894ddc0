// `tianmu robots` and `tianmu check-robot` from the outside: the built binary run on the `mini`
// fixture robot (tests/model/data/assets) and on the reference robots tm1 and tm1s.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"

namespace tianmu {
namespace {

namespace fs = std::filesystem;

const std::string kCli = TIANMU_CLI;
const std::string kFixtureAssets = TIANMU_FIXTURE_ASSETS;

using tianmu::testing::CommandResult;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

/// Runs `tianmu ARGS` with TIANMU_ASSETS=`assets` (inherited when empty).
CommandResult RunTianmu(const std::string& args, const std::string& assets = kFixtureAssets) {
  std::string command;
  if (!assets.empty()) command += "TIANMU_ASSETS=" + Quoted(assets) + " ";
  command += Quoted(kCli) + " " + args;
  return tianmu::testing::RunCommand(command);
}

/// A copy of the fixture assets in a temporary directory, to add broken robots to.
class ScratchAssets {
 public:
  ScratchAssets() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("tianmu-cli-assets-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::copy(kFixtureAssets, path_, fs::copy_options::recursive);
  }
  ~ScratchAssets() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  /// A copy of robots/mini as robots/NAME whose robot.yaml has `from` replaced by `to`.
  fs::path AddVariant(const std::string& name, const std::string& from, const std::string& to) {
    const fs::path dir = path_ / "robots" / name;
    fs::copy(path_ / "robots" / "mini", dir, fs::copy_options::recursive);
    std::string yaml = ReadText(dir / "robot.yaml");
    const std::size_t at = yaml.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) yaml.replace(at, from.size(), to);
    std::ofstream(dir / "robot.yaml") << yaml;
    return dir / "robot.yaml";
  }

 private:
  fs::path path_;
};

// ---- tianmu robots ----

TEST(RobotsCommand, ListsEachRobotWithDofAndMassOnOneLine) {
  const CommandResult r = RunTianmu("robots");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("mini"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("9 dof"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("16.2 kg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Mini test biped"), std::string::npos) << r.out;
}

TEST(RobotsCommand, JsonListsNameDescriptionDofMassAndPath) {
  const CommandResult r = RunTianmu("robots --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("robots").size(), 1u);
  const nlohmann::json& mini = j.at("robots")[0];
  EXPECT_EQ(mini.at("name"), "mini");
  EXPECT_EQ(mini.at("description"), "Mini test biped");
  EXPECT_EQ(mini.at("dof"), 9);
  EXPECT_NEAR(mini.at("mass_kg").get<double>(), 16.23, 1e-9);
  EXPECT_EQ(fs::path(mini.at("path").get<std::string>()),
            fs::path(kFixtureAssets) / "robots" / "mini" / "robot.yaml");
}

TEST(RobotsCommand, BrokenRobotIsListedWithItsErrorAndTheExitCodeIsTwo) {
  ScratchAssets assets;
  assets.AddVariant("mini_broken", "base_body: pelvis", "base_body: torso");
  const CommandResult r = RunTianmu("robots --json", assets.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("base_body: no body 'torso' in mini.xml"), std::string::npos) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("robots").size(), 2u);
  EXPECT_EQ(j.at("robots")[0].at("name"), "mini");
  EXPECT_EQ(j.at("robots")[0].at("dof"), 9);
  EXPECT_EQ(j.at("robots")[1].at("name"), "mini_broken");
  EXPECT_NE(j.at("robots")[1].at("error").get<std::string>().find("no body 'torso'"),
            std::string::npos);
}

TEST(RobotsCommand, RejectsUnknownFlagsAndArguments) {
  CommandResult r = RunTianmu("robots --verbose");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--verbose: unknown flag"), std::string::npos) << r.err;
  r = RunTianmu("robots tm1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unexpected argument 'tm1'"), std::string::npos) << r.err;
}

// ---- tianmu check-robot ----

TEST(CheckRobotCommand, JsonSummarisesTheFixture) {
  const CommandResult r = RunTianmu("check-robot mini --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("ok"), true);
  EXPECT_EQ(j.at("name"), "mini");
  EXPECT_EQ(j.at("dof"), 9);
  EXPECT_NEAR(j.at("mass_kg").get<double>(), 16.23, 1e-9);
  EXPECT_EQ(
      j.at("groups"),
      (nlohmann::json{
          {"left_leg", 3}, {"right_leg", 3}, {"head", 1}, {"left_arm", 1}, {"left_hand", 1}}));
  EXPECT_EQ(j.at("sensors"), (nlohmann::json{"imu", "foot_ft_left", "foot_ft_right",
                                             "touch:left_palm_touch", "camera:head_rgbd"}));
  EXPECT_NEAR(j.at("standing_base_height_m").get<double>(), 0.563561, 1e-6);
  ASSERT_EQ(j.at("joints").size(), 9u);
  const nlohmann::json& knee = j.at("joints")[1];
  EXPECT_EQ(knee.at("name"), "left_knee");
  EXPECT_EQ(knee.at("group"), "left_leg");
  EXPECT_EQ(knee.at("component"), "mini-j20");
  EXPECT_NEAR(knee.at("peak_torque_Nm").get<double>(), 32.0, 1e-9);
  EXPECT_NEAR(knee.at("max_velocity_radps").get<double>(), 15.0, 1e-9);
  EXPECT_DOUBLE_EQ(knee.at("lower_rad").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(knee.at("upper_rad").get<double>(), 2.4);
}

TEST(CheckRobotCommand, HumanSummaryByPathShowsGroupsMassSensorsAndJointLimits) {
  const CommandResult r = RunTianmu("check-robot " + Quoted(kFixtureAssets + "/robots/mini"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* text :
       {"mini: Mini test biped", "9 actuated, 1 passive", "left_leg", "16.23 kg",
        "base height 0.564 m", "foot F/T left yes, right yes", "touch 1", "head_rgbd 64x48 RGB-D",
        "mini-j20", "32.0 Nm", "15.00 rad/s", "[+0.00, +2.40] rad", "ok: mini is a valid robot"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << "missing '" << text << "' in\n" << r.out;
  }
}

TEST(CheckRobotCommand, BrokenRobotExitsTwoWithOneLineNamingFileLineAndField) {
  ScratchAssets assets;
  const fs::path yaml = assets.AddVariant("bad", "sole_site: left_sole", "sole_site: lft_sole");
  const CommandResult r = RunTianmu("check-robot " + Quoted(yaml.string()), assets.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  const int line = 14;  // "    sole_site: left_sole" in the fixture's robot.yaml
  EXPECT_EQ(r.err, "tianmu check-robot: " + yaml.string() + ":" + std::to_string(line) +
                       ": feet.left.sole_site: no site 'lft_sole' in mini.xml\n");
}

TEST(CheckRobotCommand, BrokenRobotWithJsonAlsoPrintsTheErrorAsJson) {
  ScratchAssets assets;
  assets.AddVariant("bad", "imu:\n", "imu:\n  frame: imu\n");
  const CommandResult r = RunTianmu("check-robot bad --json", assets.path().string());
  EXPECT_EQ(r.exit_code, 2);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("ok"), false);
  const std::string error = j.at("error");
  EXPECT_NE(error.find("imu.frame: unknown field"), std::string::npos) << error;
  EXPECT_EQ(r.err, "tianmu check-robot: " + error + "\n");
}

TEST(CheckRobotCommand, UnknownRobotListsTheKnownOnes) {
  const CommandResult r = RunTianmu("check-robot nope");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "tianmu check-robot: unknown robot 'nope' (known: mini)\n");
}

TEST(CheckRobotCommand, NeedsExactlyOneRobot) {
  CommandResult r = RunTianmu("check-robot");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected one robot name or path"), std::string::npos) << r.err;
  r = RunTianmu("check-robot mini mini --json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(r.out).at("ok"), false);
}

// ---- the reference robots (assets/robots, via ctest's TIANMU_ASSETS) ----

TEST(CheckRobotCommand, ReferenceRobotsAreListedAndValid) {
  const CommandResult list = RunTianmu("robots --json", "");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const nlohmann::json listed = nlohmann::json::parse(list.out);
  std::vector<std::string> names;
  for (const nlohmann::json& robot : listed.at("robots")) {
    names.push_back(robot.at("name"));
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "tm1"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "tm1s"), names.end());

  const CommandResult tm1 = RunTianmu("check-robot tm1 --json", "");
  ASSERT_EQ(tm1.exit_code, 0) << tm1.err;
  const nlohmann::json j = nlohmann::json::parse(tm1.out);
  EXPECT_EQ(j.at("dof"), 42);
  EXPECT_EQ(j.at("joints").size(), 42u);
  EXPECT_EQ(j.at("groups").at("left_hand").get<int>() + j.at("groups").at("right_hand").get<int>(),
            12);

  const CommandResult tm1s = RunTianmu("check-robot tm1s", "");
  ASSERT_EQ(tm1s.exit_code, 0) << tm1s.err;
  EXPECT_NE(tm1s.out.find("ok: tm1s is a valid robot"), std::string::npos) << tm1s.out;
}

// An IMU on the torso behind a waist joint (issue 24): the estimator composes it to the base
// through the waist encoders, so check-robot calls the robot valid and sim runs it, alike.
TEST(CheckRobotCommand, ImuBehindAWaistJointIsAcceptedByCheckRobotAndSimAlike) {
  const fs::path yaml = fs::path(TIANMU_CLI_FIXTURES) / "imu_behind_waist" / "robot.yaml";
  const CommandResult check = RunTianmu("check-robot " + Quoted(yaml.string()), "");
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.err, "");
  const CommandResult sim =
      RunTianmu("sim --robot " + Quoted(yaml.string()) + " --duration 0.01 --json", "");
  EXPECT_EQ(sim.exit_code, 0) << sim.err;
  const nlohmann::json j = nlohmann::json::parse(sim.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << sim.out;
}

// The value of `key:` within the `section:` map of a printed controller configuration.
std::string ConfigValue(const std::string& yaml, const std::string& section,
                        const std::string& key) {
  const std::size_t map = yaml.find("\n" + section + ":\n");
  if (map == std::string::npos) return "";
  const std::size_t at = yaml.find("\n  " + key + ": ", map);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + key.size() + 5;
  return yaml.substr(begin, yaml.find('\n', begin) - begin);
}

// `tianmu robot config`: the controller configuration derived from each robot's model, as a
// file that --controller-config takes back unchanged.
TEST(RobotConfigCommand, PrintsEachRobotsDerivedConfigurationThatReadsBackUnchanged) {
  const CommandResult tm1 = RunTianmu("robot config tm1", "");
  ASSERT_EQ(tm1.exit_code, 0) << tm1.err;
  const CommandResult tm1s = RunTianmu("robot config tm1s", "");
  ASSERT_EQ(tm1s.exit_code, 0) << tm1s.err;
  // Derived from the robots' own legs: the smaller TM-1S stands lower and steps shorter.
  const double tm1_height = std::stod(ConfigValue(tm1.out, "locomotion", "nominal_com_height_m"));
  const double tm1s_height = std::stod(ConfigValue(tm1s.out, "locomotion", "nominal_com_height_m"));
  EXPECT_GT(tm1_height, tm1s_height + 0.05);
  EXPECT_GT(std::stod(ConfigValue(tm1.out, "locomotion", "max_step_length_m")),
            std::stod(ConfigValue(tm1s.out, "locomotion", "max_step_length_m")));
  EXPECT_EQ(ConfigValue(tm1s.out, "wbc", "centroidal_momentum_task"), "false");
  EXPECT_EQ(ConfigValue(tm1s.out, "locomotion", "push_recovery_steps"), "true");

  // Written with --out and passed back: the same configuration, to the last digit.
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-robot-config-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "tm1s.yaml";
  const CommandResult written = RunTianmu("robot config tm1s --out " + file.string(), "");
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(ReadText(file), tm1s.out);
  const CommandResult again =
      RunTianmu("robot config tm1s --controller-config " + file.string(), "");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, tm1s.out);

  // An override shows in what is printed, and only there.
  std::ofstream(dir / "override.yaml") << "locomotion:\n  dcm_gain: 2.5\n";
  const CommandResult changed =
      RunTianmu("robot config tm1s --controller-config " + (dir / "override.yaml").string(), "");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(ConfigValue(changed.out, "locomotion", "dcm_gain"), "2.5");
  EXPECT_EQ(ConfigValue(changed.out, "locomotion", "nominal_com_height_m"),
            ConfigValue(tm1s.out, "locomotion", "nominal_com_height_m"));
  fs::remove_all(dir);
}

TEST(RobotConfigCommand, BadRobotsAndBadOverridesExitTwoNamingWhatIsWrong) {
  const CommandResult unknown = RunTianmu("robot config no_such_robot", "");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no_such_robot"), std::string::npos) << unknown.err;
  const CommandResult none = RunTianmu("robot config", "");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("expected one robot"), std::string::npos) << none.err;
  const fs::path bad = fs::temp_directory_path() /
                       ("tianmu-robot-config-bad-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(bad) << "locomotion:\n  dcm_gain: 2\n  step_duration: 0.5\n";
  const CommandResult override =
      RunTianmu("robot config tm1 --controller-config " + bad.string(), "");
  EXPECT_EQ(override.exit_code, 2);
  EXPECT_NE(override.err.find(":3: locomotion.step_duration"), std::string::npos) << override.err;
  EXPECT_TRUE(override.out.empty()) << "nothing is printed for a bad override";
  fs::remove(bad);
}

}  // namespace
}  // namespace tianmu
