// The run log as a reader sees it: every tick's state, command and truth on its channel, in
// order, parseable JSON that matches what the controller saw.
#include "tianmu/runtime/run_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tianmu/control/posture_controller.h"
#include "tianmu/data/mcap_reader.h"
#include "tianmu/runtime/sim_run.h"
#include "tianmu/sim/scene.h"

namespace tianmu::runtime {
namespace {

TEST(RunLog, EveryTickIsLoggedOnEveryChannel) {
  const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  const auto path = std::filesystem::temp_directory_path() /
                    ("tianmu-run-log-" + std::to_string(::getpid()) + ".mcap");
  SimRunOptions options;
  options.scene = sim::ResolveScene("flat");
  options.duration_s = 0.2;
  options.log_path = path;
  control::PostureController controller(spec);
  RunSimulation(spec, options, &controller);

  data::McapReader reader(path);
  reader.Verify();
  std::map<std::string, std::uint16_t> ids;
  for (const auto& [id, channel] : reader.summary().channels) ids[channel.topic] = id;
  ASSERT_EQ(ids.size(), 5u);
  const auto& joints = reader.summary().channels.at(ids.at(kJointStateTopic));
  EXPECT_EQ(joints.message_encoding, "json");
  EXPECT_EQ(joints.metadata.at("robot"), "tm1");
  EXPECT_EQ(joints.metadata.at("joint_names").substr(0, spec.joints[0].name.size()),
            spec.joints[0].name);
  EXPECT_EQ(reader.summary().schemas.at(joints.schema_id).encoding, "jsonschema");

  std::map<std::uint16_t, int> counts;
  std::uint64_t last_joint_time = 0;
  bool first = true;
  reader.ForEachMessage([&](const data::McapMessageView& m) {
    ++counts[m.channel_id];
    const auto j = nlohmann::json::parse(m.data);
    ASSERT_TRUE(j.contains("timestamp"));
    if (m.channel_id == ids.at(kJointStateTopic)) {
      EXPECT_EQ(j.at("position_rad").size(), spec.joints.size());
      if (!first) {
        EXPECT_EQ(m.log_time_ns - last_joint_time, 1000000u);  // 1 kHz
      }
      first = false;
      last_joint_time = m.log_time_ns;
    }
    if (m.channel_id == ids.at(kCommandTopic)) {
      EXPECT_EQ(j.at("mode"), "active");
      EXPECT_EQ(j.at("q_des_rad"), spec.NominalPosture());
    }
    if (m.channel_id == ids.at(kBasePoseTopic)) {
      EXPECT_NEAR(j.at("pose").at("position").at("z").get<double>(), spec.standing_base_height_m,
                  0.03);
    }
  });
  for (const auto& [topic, id] : ids) EXPECT_EQ(counts[id], 200) << topic;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tianmu::runtime
