// `tianmu skill` as a user runs it: the JSON of a run, and every kind of bad input as one line on
// stderr with exit code 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "run_command.h"

namespace tianmu {
namespace {

using ::testing::HasSubstr;
using testing::RunCommand;

const std::string kCli = TIANMU_CLI;

TEST(SkillCommand, RunPrintsSuccessRateWilsonIntervalFailuresAndTheOracleLabel) {
  const auto r = RunCommand(kCli +
                            " skill run look_at --robot tm1 --scene flat --param target=2,0.8,0.6 "
                            "--trials 2 --seed 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("skill"), "look_at");
  EXPECT_EQ(j.at("trials"), 2);
  EXPECT_EQ(j.at("perception"), "oracle");
  const double rate = j.at("success_rate").get<double>();
  EXPECT_LE(j.at("ci_low").get<double>(), rate);
  EXPECT_GE(j.at("ci_high").get<double>(), rate);
  EXPECT_TRUE(j.at("failures").is_object());
  EXPECT_TRUE(j.contains("mean_duration_s"));
  EXPECT_EQ(j.at("trial_results").size(), 2u);
  EXPECT_EQ(j.at("trial_results")[0].at("seed"), 3);
  EXPECT_THAT(r.err, HasSubstr("perception: oracle"));
}

TEST(SkillCommand, UnreachableTargetIsCountedAsAFailureByReason) {
  const auto r = RunCommand(kCli +
                            " skill run reach --param hand=left --param target=1.5,0.3,1 "
                            "--trials 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("success_rate").get<double>(), 0.0);
  EXPECT_EQ(j.at("failures").at("unreachable"), 1);
  EXPECT_THAT(j.at("trial_results")[0].at("detail").get<std::string>(), HasSubstr("reach of"));
}

TEST(SkillCommand, BadInputIsOneClearLineAndExitCodeTwo) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"skill run juggle",
       "unknown skill 'juggle' (known: look_at, reach, turn_to, walk_to, wave)"},
      {"skill run", "missing skill name"},
      {"skill run reach --param target=1,2", "--param target: skill reach expected 3 numbers"},
      {"skill run reach --param target", "--param 'target': expected KEY=VALUE"},
      {"skill run reach --param target=0.3,0,1 --param speed=3",
       "--param speed: skill reach has no such parameter"},
      {"skill run look_at --param target=2,0,1 --trials 0", "--trials"},
      {"skill run look_at --param target=2,0,1 --trials 1.5", "--trials: expected a whole number"},
      {"skill run look_at --param target=2,0,1 --oracle-dropout 1", "--oracle-dropout"},
      {"skill run look_at --param target=2,0,1 --robot nosuchrobot", "nosuchrobot"},
      {"skill run look_at --param target=2,0,1 --trails 3", "did you mean --trials?"},
      {"skill jump", "jump"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = RunCommand(kCli + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(message)) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << args;
  }
}

TEST(SkillCommand, ListNamesEverySkill) {
  const auto r = RunCommand(kCli + " skill list --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("skills"),
            nlohmann::json({"look_at", "reach", "turn_to", "walk_to", "wave"}));
}

}  // namespace
}  // namespace tianmu
