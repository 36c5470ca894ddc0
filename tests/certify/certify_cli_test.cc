// `tianmu certify` end to end on a tiny item subset (short trials): bit-identical items for 1
// and 2 jobs, the crash-retry path, refusing existing results, the outputs and `compare`.
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

// Fast items on TM-1S: the watchdog trial simulates ~1.3 s; payload is not available (TM-1S has
// no hands, so the item runs no trials).
constexpr const char* kItems = "--items safety.watchdog,perf.payload";

fs::path TempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("tianmu-certify-test-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  return dir;
}

std::string Certify(const std::string& flags) {
  return std::string(TIANMU_CLI) + " certify --robot tm1s --suite quick " + flags;
}

nlohmann::json ReadJson(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

std::string ReadText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CertifyCli, ItemsAreBitIdenticalForOneAndTwoJobsAndCompareFindsNoDifference) {
  const fs::path one = TempDir("j1"), two = TempDir("j2");
  const auto r1 = RunCommand(
      Certify(std::string(kItems) + " --trials 3 --seed 5 --jobs 1 --out " + one.string()));
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  const auto r2 = RunCommand(
      Certify(std::string(kItems) + " --trials 3 --seed 5 --jobs 2 --out " + two.string()));
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  const nlohmann::json a = ReadJson(one / "results.json");
  const nlohmann::json b = ReadJson(two / "results.json");
  EXPECT_EQ(a["items"].dump(), b["items"].dump());
  EXPECT_EQ(a["items"][1]["id"], "safety.watchdog");
  EXPECT_EQ(a["items"][1]["trials"], 3);
  EXPECT_NE(r1.err.find("ETA"), std::string::npos) << "progress bar on stderr";

  const fs::path html = one / "compare.html";
  const auto c = RunCommand(std::string(TIANMU_CLI) + " certify compare " + one.string() + " " +
                            two.string() + " --html " + html.string());
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("safety.watchdog"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find('*', c.out.find("safety.watchdog")), c.out.find("* significant"));
  EXPECT_TRUE(fs::exists(html));
  const auto j = RunCommand(std::string(TIANMU_CLI) + " certify compare " + one.string() + " " +
                            two.string() + " --json");
  ASSERT_EQ(j.exit_code, 0);
  for (const auto& row : nlohmann::json::parse(j.out)["items"]) {
    EXPECT_FALSE(row["significant"].get<bool>()) << row.dump();
  }
  fs::remove_all(one);
  fs::remove_all(two);
}

TEST(CertifyCli, WritesResultsReportAndProfileWithTheDocumentedFields) {
  const fs::path out = TempDir("outputs");
  const auto r =
      RunCommand(Certify(std::string(kItems) + " --trials 1 --jobs 2 --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json results = ReadJson(out / "results.json");
  for (const char* key : {"robot", "suite", "seed", "software_version", "items"}) {
    EXPECT_TRUE(results.contains(key)) << key;
  }
  ASSERT_EQ(results["items"].size(), 2u);
  for (const auto& item : results["items"]) {
    for (const char* key :
         {"id", "domain", "title", "standard", "metric", "unit", "value", "ci_low", "ci_high",
          "threshold", "comparison", "verdict", "trials", "reason"}) {
      EXPECT_TRUE(item.contains(key)) << item["id"] << " lacks " << key;
    }
  }
  const nlohmann::json payload = results["items"][0];
  EXPECT_EQ(payload["id"], "perf.payload");
  EXPECT_EQ(payload["verdict"], "not_available");
  EXPECT_FALSE(payload["reason"].get<std::string>().empty());
  const std::string html = ReadText(out / "report.html");
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("perf.payload"), std::string::npos);
  const nlohmann::json profile = ReadJson(out / "profile.json");
  EXPECT_TRUE(profile["safety"].contains("watchdog_reaction_s"));
  fs::remove_all(out);
}

TEST(CertifyCli, CrashedWorkerIsRetriedOnceThenReportedAsErrorAndTheRunContinues) {
  const fs::path out = TempDir("crash");
  const auto r =
      RunCommand("TIANMU_CERTIFY_CRASH=safety.watchdog:1 " +
                 Certify(std::string(kItems) + " --trials 2 --jobs 2 --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("retrying once"), std::string::npos) << r.err;
  const nlohmann::json item = ReadJson(out / "results.json")["items"][1];
  EXPECT_EQ(item["verdict"], "error");
  EXPECT_EQ(item["trials_error"], 1);
  EXPECT_EQ(item["trial_results"][0]["status"], "ok");
  EXPECT_EQ(item["trial_results"][1]["status"], "error");
  EXPECT_NE(item["reason"].get<std::string>().find("signal"), std::string::npos) << item["reason"];
  EXPECT_NE(ReadText(out / "report.html").find("ended in error"), std::string::npos);

  // A crash on the first attempt only: the retry succeeds and the item is not an error.
  const auto once =
      RunCommand("TIANMU_CERTIFY_CRASH=safety.watchdog:0:once " +
                 Certify("--items safety.watchdog --trials 1 --force --out " + out.string()));
  ASSERT_EQ(once.exit_code, 0) << once.err;
  EXPECT_NE(ReadJson(out / "results.json")["items"][0]["verdict"], "error");
  fs::remove_all(out);
}

TEST(CertifyCli, RefusesAnOutputDirectoryHoldingResultsUnlessForced) {
  const fs::path out = TempDir("refuse");
  ASSERT_EQ(RunCommand(Certify("--items perf.payload --out " + out.string())).exit_code, 0);
  const auto again = RunCommand(Certify("--items perf.payload --out " + out.string()));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(RunCommand(Certify("--items perf.payload --force --out " + out.string())).exit_code, 0);
  fs::remove_all(out);
}

TEST(CertifyCli, BadInputExitsTwoNamingTheProblem) {
  const fs::path out = TempDir("bad");
  const auto item = RunCommand(Certify("--items perf.fly --out " + out.string()));
  EXPECT_EQ(item.exit_code, 2);
  EXPECT_NE(item.err.find("perf.fly"), std::string::npos);
  const auto suite =
      RunCommand(std::string(TIANMU_CLI) + " certify --suite huge --out " + out.string());
  EXPECT_EQ(suite.exit_code, 2);
  EXPECT_NE(suite.err.find("huge"), std::string::npos);
  const auto robot =
      RunCommand(std::string(TIANMU_CLI) + " certify --robot nobot --out " + out.string());
  EXPECT_EQ(robot.exit_code, 2);
  const fs::path bad =
      fs::temp_directory_path() / ("tianmu-bad-thresholds-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(bad) << "robot_class: x\nitems:\n  perf.max_step: {threshold: 5, unit: \"cm\"}\n";
  const auto thresholds =
      RunCommand(Certify("--thresholds " + bad.string() + " --out " + out.string()));
  EXPECT_EQ(thresholds.exit_code, 2);
  EXPECT_NE(thresholds.err.find("items.perf.max_step.unit"), std::string::npos) << thresholds.err;
  const auto component = RunCommand(Certify("--component wings=x.yaml --out " + out.string()));
  EXPECT_EQ(component.exit_code, 2);
  EXPECT_FALSE(fs::exists(out / "results.json"));
  fs::remove(bad);
  fs::remove_all(out);
}

}  // namespace

namespace {

// The `ci` suite runs every item of the battery once at the quick suite's size, so no item goes
// untested; and no verdict in it rests on a point estimate alone.
TEST(CertifyCli, CiSuiteRunsEveryItemOnceAndDecidesOnlyFromIntervals) {
  const fs::path out = TempDir("ci");
  const auto r =
      RunCommand(std::string(TIANMU_CLI) +
                 " certify --robot tm1 --suite ci --jobs 2 --seed 1 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto list = RunCommand(std::string(TIANMU_CLI) + " certify list --json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const nlohmann::json registered = nlohmann::json::parse(list.out);
  const nlohmann::json results = ReadJson(out / "results.json");
  ASSERT_EQ(results["items"].size(), registered.size());
  for (const auto& item : results["items"]) {
    const std::string id = item["id"], verdict = item["verdict"];
    SCOPED_TRACE(id + ": " + verdict + " " + item["reason"].get<std::string>());
    EXPECT_NE(verdict, "error");
    EXPECT_NE(verdict, "not_available");
    EXPECT_EQ(item["trials"], 1);
    if (verdict != "pass" && verdict != "fail") {
      EXPECT_EQ(verdict, "inconclusive");
      continue;
    }
    // A decisive verdict needs the interval bound on the threshold's side to decide it.
    const double threshold = item["threshold"];
    const bool at_least = item["comparison"] == ">=";
    const bool pass = verdict == "pass";
    if (!item["value"].is_number()) {
      EXPECT_FALSE(pass);
      continue;
    }
    const nlohmann::json& bound = (at_least == pass) ? item["ci_low"] : item["ci_high"];
    ASSERT_TRUE(bound.is_number());
    if (at_least) {
      EXPECT_TRUE(pass ? bound.get<double>() >= threshold : bound.get<double>() < threshold);
    } else {
      EXPECT_TRUE(pass ? bound.get<double>() <= threshold : bound.get<double>() > threshold);
    }
  }
  fs::remove_all(out);
}

}  // namespace
