#include "tianmu/core/config_node.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "input_error_of.h"
#include "tianmu/core/error.h"

namespace tianmu {
namespace {

using ::testing::HasSubstr;

using ::tianmu::testing::InputErrorOf;

// Found by fuzz/command_schedule_fuzzer: YAML allows a map or a list as a key, and reading such
// a key escaped as yaml-cpp's own exception (not an InputError) from every loader of a
// robot.yaml, datasheet or course file.
TEST(ConfigNode, AMapOrListAsAKeyIsAnInputErrorNamingTheLine) {
  const ConfigNode map_key =
      ConfigNode::LoadString("commands:\n  - {t: 10, vx: 0}\n  - {t: 11, {vx: 0}: 1}\n", "c.yaml");
  const ConfigNode item = map_key.Required("commands").SequenceItems()[1];
  EXPECT_THAT(InputErrorOf([&] {
                item.RejectUnknownKeys({"t", "vx"});
              }),
              HasSubstr("c.yaml:3: commands[1]: a plain field name as key (got a map)"));
  EXPECT_THAT(InputErrorOf([&] { item.MapEntries(); }), HasSubstr("got a map"));
  const ConfigNode list_key = ConfigNode::LoadString("? [a, b]\n: 1\n", "l.yaml");
  EXPECT_THAT(InputErrorOf([&] { list_key.RejectUnknownKeys({"a"}); }),
              HasSubstr("l.yaml:1: a plain field name as key (got a list)"));
}

TEST(ConfigNode, PlainAndNullKeysReadAsBefore) {
  const ConfigNode root = ConfigNode::LoadString("name: x\n~: 2\n", "k.yaml");
  const auto entries = root.MapEntries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].first, "name");
  EXPECT_EQ(entries[1].first, "null");
  EXPECT_THAT(InputErrorOf([&] { root.RejectUnknownKeys({"name"}); }),
              HasSubstr("null: unknown field"));
}

}  // namespace
}  // namespace tianmu
