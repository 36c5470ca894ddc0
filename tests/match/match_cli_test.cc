// `tianmu match` end to end: bad demand files exit 2 naming file, line and field; a real short
// certification (one fast item) matched against demands it meets, fails and cannot certify.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_command.h"

namespace {

using tianmu::testing::RunCommand;
namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-match-test-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

std::string ReadText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Demand(const std::string& name, const std::string& requirements) {
  return "name: " + name + "\ntitle: {en: " + name + ", zh: 测试}\ncategory: services\n" +
         "requirements:\n" + requirements;
}

std::string Match(const std::string& args) { return std::string(TIANMU_CLI) + " match " + args; }

TEST(MatchCli, ABadDemandExitsTwoNamingTheFileLineAndField) {
  const fs::path dir = TempDir("bad");
  Write(dir / "slow.yaml",
        Demand("slow",
               "  speeds.max_walk_speed_mps: {min: 0.5}\n  terrain.max_step_m: {min: 2, "
               "unit: cm}\n"));
  const auto r = RunCommand(Match((dir / "slow.yaml").string() + " --profiles " + dir.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("slow.yaml:6"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("requirements.terrain.max_step_m.unit"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  // A good demand but no certified profile under --profiles.
  Write(dir / "ok.yaml", Demand("ok", "  speeds.max_walk_speed_mps: 0.5\n"));
  const auto none = RunCommand(Match((dir / "ok.yaml").string() + " --profiles " + dir.string()));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("profile.json"), std::string::npos) << none.err;
  const auto no_flag = RunCommand(Match((dir / "ok.yaml").string()));
  EXPECT_EQ(no_flag.exit_code, 2);
  EXPECT_NE(no_flag.err.find("--profiles"), std::string::npos) << no_flag.err;
  fs::remove_all(dir);
}

TEST(MatchCli, RanksARealCertificationAgainstDemandsItMeetsFailsAndCannotCertify) {
  const fs::path dir = TempDir("real");
  // One fast item (the watchdog trial simulates ~1.3 s); payload is not run, so not certified.
  const auto c = RunCommand(std::string(TIANMU_CLI) +
                            " certify --robot tm1 --suite quick --items safety.watchdog"
                            " --trials 2 --out " +
                            (dir / "runs" / "tm1").string());
  ASSERT_EQ(c.exit_code, 0) << c.err;
  // A watchdog that reacts within 0.1 s (25 control ticks is the battery's own bar).
  Write(dir / "meets.yaml", Demand("meets", "  safety.watchdog_reaction_s: {max: 0.1}\n"));
  // Within 1 ms: below one 1 kHz control period, which no watchdog can meet.
  Write(dir / "fails.yaml", Demand("fails", "  safety.watchdog_reaction_s: {max: 0.001}\n"));
  Write(dir / "carries.yaml", Demand("carries",
                                     "  safety.watchdog_reaction_s: {max: 0.1}\n"
                                     "  payload_kg: {min: 5}\n"));
  const std::string demands = (dir / "meets.yaml").string() + " " + (dir / "fails.yaml").string() +
                              " " + (dir / "carries.yaml").string();
  const fs::path html = dir / "match.html";
  const auto r = RunCommand(
      Match(demands + " --profiles " + (dir / "runs").string() + " --json --out " + html.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["matches"].size(), 3u);
  const nlohmann::json& meets = j["matches"][0]["ranking"][0];
  EXPECT_TRUE(meets["fit"].get<bool>()) << meets.dump(2);
  EXPECT_EQ(meets["variant"], "tm1");
  EXPECT_EQ(meets["report"], (dir / "runs" / "tm1" / "report.html").string());
  const nlohmann::json& row = meets["requirements"][0];
  EXPECT_EQ(row["status"], "pass");
  EXPECT_EQ(row["origin"], "certification safety.watchdog");
  // Two trials give an interval; its high bound is what was held against the maximum.
  ASSERT_TRUE(row["ci_high"].is_number()) << row.dump();
  EXPECT_EQ(row["compared"], row["ci_high"]);
  EXPECT_NEAR(row["margin"].get<double>(), 0.1 - row["ci_high"].get<double>(), 1e-12);

  const nlohmann::json& fails = j["matches"][1]["ranking"][0];
  EXPECT_FALSE(fails["fit"].get<bool>());
  EXPECT_EQ(fails["failing_musts"][0], "safety.watchdog_reaction_s");
  EXPECT_LT(fails["requirements"][0]["margin"].get<double>(), 0);

  const nlohmann::json& carries = j["matches"][2]["ranking"][0];
  EXPECT_FALSE(carries["fit"].get<bool>());
  EXPECT_EQ(carries["failing_musts"], nlohmann::json::array({"payload_kg"}));
  EXPECT_EQ(carries["requirements"][1]["status"], "not certified");

  const std::string page = ReadText(html);
  EXPECT_NE(page.find("href=\"runs/tm1/report.html\""), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"meets.yaml\""), std::string::npos);

  const auto text = RunCommand(Match(demands + " --profiles " + (dir / "runs").string()));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("meets (meets / 测试, services): 1 of 1 fit"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("fails: payload_kg"), std::string::npos) << text.out;
  fs::remove_all(dir);
}

TEST(MatchCli, TheShippedDemandsAllMatchThroughAllDemands) {
  const fs::path dir = TempDir("shipped");
  // A hand-made profile (no run behind it): only what --all-demands reads matters here.
  Write(dir / "profile.json",
        R"({"schema": "tianmu.certify.profile/1", "robot": "tm1", "figures": {}})");
  const auto r = RunCommand(Match("--all-demands " + std::string(TIANMU_SOURCE_DIR) +
                                  "/assets/demands --profiles " + dir.string() + " --json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["matches"].size(), 12u);
  for (const auto& m : j["matches"]) {
    // Nothing is certified in this profile: every demand bounds at least one certified figure,
    // so none may come out a fit, and each names what is not certified.
    const nlohmann::json& p = m["ranking"][0];
    EXPECT_FALSE(p["fit"].get<bool>()) << m["demand"]["name"];
    ASSERT_FALSE(p["failing_musts"].empty()) << m["demand"]["name"];
    for (const auto& row : p["requirements"]) {
      if (row["key"] == p["failing_musts"][0]) {
        EXPECT_EQ(row["status"], "not certified");
      }
    }
  }
  fs::remove_all(dir);
}

}  // namespace
