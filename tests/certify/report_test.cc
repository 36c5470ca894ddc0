// The report and the comparison built from results documents.
#include "tianmu/certify/report.h"

#include <gtest/gtest.h>

namespace tianmu::certify {
namespace {

ItemResult Item(const std::string& id, Aggregation aggregation, std::vector<double> values) {
  ItemInfo info;
  info.id = id;
  info.title = "Title <with> & \"quotes\"";
  info.unit = "m/s";
  info.aggregation = aggregation;
  std::vector<TrialResult> trials;
  for (double v : values) {
    TrialResult t;
    t.item = id;
    t.value = v;
    t.success = v > 0.5;
    t.detail = {{"direction_deg", 90.0 * trials.size()}};
    trials.push_back(t);
  }
  return AggregateTrials(info, trials, 0.5);
}

nlohmann::json Results(std::vector<double> values) {
  RunInfo info;
  info.robot = "tm1";
  info.suite = "quick";
  return ResultsJson(info,
                     {Item("perf.standing_push", Aggregation::kMinBracket, values),
                      Item("perf.max_walk_speed", Aggregation::kMeanT, values),
                      Item("rel.fault_imu", Aggregation::kPassRate, values)},
                     {});
}

TEST(CertifyReport, IsSelfContainedEscapedAndHasPlots) {
  const std::string html = ReportHtml(Results({0.6, 0.7, 0.8, 0.9}));
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Title &lt;with&gt; &amp; &quot;quotes&quot;"), std::string::npos);
  EXPECT_EQ(html.find("Title <with>"), std::string::npos);
}

TEST(CertifyReport, ResultsCarryTheSchemaFields) {
  const nlohmann::json r = Results({0.6, 0.7});
  for (const char* key : {"robot", "suite", "seed", "software_version", "items", "summary"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  for (const auto& item : r["items"]) {
    for (const char* key :
         {"id", "domain", "title", "standard", "metric", "unit", "value", "ci_low", "ci_high",
          "threshold", "comparison", "verdict", "trials", "reason"}) {
      EXPECT_TRUE(item.contains(key)) << key;
    }
  }
}

TEST(CertifyCompare, FlagsAClearDifferenceAsSignificantAndEqualResultsAsNot) {
  const nlohmann::json a = Results({0.60, 0.62, 0.61, 0.63});
  const nlohmann::json b = Results({0.90, 0.92, 0.91, 0.93});
  const nlohmann::json c = Compare(a, b);
  bool found = false;
  for (const auto& row : c["items"]) {
    if (row["id"] != "perf.max_walk_speed") continue;
    found = true;
    EXPECT_NEAR(row["difference"].get<double>(), 0.3, 1e-9);
    EXPECT_TRUE(row["significant"].get<bool>());
  }
  EXPECT_TRUE(found);
  for (const auto& row : Compare(a, a)["items"]) EXPECT_FALSE(row["significant"].get<bool>());
  EXPECT_NE(CompareText(c).find("perf.max_walk_speed"), std::string::npos);
  EXPECT_EQ(CompareHtml(c).find("http"), std::string::npos);
}

TEST(CertifyProfile, HoldsTheCapabilityFigures) {
  const nlohmann::json p = ProfileJson(Results({0.6, 0.7, 0.8, 0.9}));
  EXPECT_DOUBLE_EQ(p["push_tolerance"]["standing_worst_Ns"].get<double>(), 0.6);
  EXPECT_EQ(p["push_tolerance"]["standing_by_direction_deg_Ns"].size(), 4u);
  EXPECT_TRUE(p["speeds"].contains("max_walk_speed_mps"));
}

}  // namespace
}  // namespace tianmu::certify
