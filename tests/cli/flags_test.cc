// The flag parser of the `tianmu` command (apps/tianmu/flags.h): edit distance and the "did you
// mean" suggestion, and numbers read with the default and range their definition declares.
#include "flags.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "tianmu/core/error.h"

namespace tianmu::cli {
namespace {

using ::testing::HasSubstr;

std::string InputErrorOf(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  try {
    Flags flags(args, specs);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndAdjacentTranspositions) {
  EXPECT_EQ(EditDistance("duration", "duration"), 0);
  EXPECT_EQ(EditDistance("durration", "duration"), 1);  // insertion
  EXPECT_EQ(EditDistance("duraton", "duration"), 1);    // deletion
  EXPECT_EQ(EditDistance("dueation", "duration"), 1);   // substitution
  EXPECT_EQ(EditDistance("durtaion", "duration"), 1);   // transposition (Damerau)
  EXPECT_EQ(EditDistance("", "json"), 4);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

TEST(NearestName, SuggestsOnlyLikelyTypos) {
  const std::vector<std::string> names = {"robot", "scene", "duration", "seed", "json"};
  EXPECT_EQ(NearestName("durration", names), "duration");
  EXPECT_EQ(NearestName("sede", names), "seed");
  EXPECT_EQ(NearestName("jsno", names), "json");
  EXPECT_EQ(NearestName("verbose", names), std::nullopt);  // no flag is within two edits
  EXPECT_EQ(NearestName("x", names), std::nullopt);        // too short to guess from
}

TEST(Flags, UnknownFlagNamesTheNearestAndListsTheKnownOnes) {
  const std::vector<FlagSpec> specs = {Option("duration", "T", "simulated time"),
                                       Switch("json", "print JSON")};
  EXPECT_EQ(InputErrorOf({"--durration", "3"}, specs),
            "--durration: unknown flag; did you mean --duration? (expected one of: --duration, "
            "--json)");
  EXPECT_EQ(InputErrorOf({"--verbose"}, specs),
            "--verbose: unknown flag (expected one of: --duration, --json)");
}

TEST(Flags, NumberTakesDefaultAndRangeFromTheDefinition) {
  const std::vector<FlagSpec> specs = {
      Option("duration", "T", "simulated time").Unit("s").Default("10").Range(0.1, 3600),
      Option("port", "P", "port").Range(0, 65535), Option("name", "N", "a name")};
  EXPECT_EQ(Flags({}, specs).Number("duration"), 10);
  EXPECT_EQ(Flags({"--duration", "2.5"}, specs).Number("duration"), 2.5);
  EXPECT_EQ(Flags({}, specs).Number("port", 8080), 8080);
  try {
    Flags({"--duration=4000"}, specs).Number("duration");
    FAIL() << "4000 s is outside the declared range";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--duration: expected a number in [0.1, 3600], got '4000'");
  }
  // Reading a flag without a declared default or range, or one never declared, is a bug in the
  // command, not bad input.
  EXPECT_THROW(Flags({}, specs).Number("port"), std::logic_error);
  EXPECT_THROW(Flags({}, specs).Number("name", 1), std::logic_error);
  EXPECT_THROW(Flags({}, specs).Number("seed", 1), std::logic_error);
}

TEST(Flags, UnsignedTakesTheDefaultFromTheDefinition) {
  const std::vector<FlagSpec> specs = {Option("seed", "N", "seed").Default("7"),
                                       Option("trial", "K", "trial")};
  EXPECT_EQ(Flags({}, specs).Unsigned("seed"), 7u);
  EXPECT_EQ(Flags({"--seed", "3"}, specs).Unsigned("seed"), 3u);
  EXPECT_THROW(Flags({}, specs).Unsigned("trial"), std::logic_error);
}

TEST(FlagSpec, BuildersSetOneFieldEach) {
  const FlagSpec f = Option("controller", "NAME", "the controller")
                         .Default("wbc")
                         .Choices({"wbc", "posture"})
                         .Repeatable();
  EXPECT_EQ(f.name, "controller");
  EXPECT_TRUE(f.takes_value);
  EXPECT_TRUE(f.repeatable);
  EXPECT_EQ(f.kind, ValueKind::kChoice);
  EXPECT_THAT(f.choices, ::testing::ElementsAre("wbc", "posture"));
  EXPECT_FALSE(Switch("json", "print JSON").takes_value);
  EXPECT_THAT(InputErrorOf({"--json=1"}, {Switch("json", "print JSON")}),
              HasSubstr("--json: takes no value"));
}

}  // namespace
}  // namespace tianmu::cli
