// Motion playback, object spawning and live recording through the REST API, judged from the
// simulator's ground truth as the API reports it (/state, /bodies) and from the files written.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "service_test_util.h"
#include "tianmu/motion/library.h"
#include "tianmu/record/dataset.h"
#include "tianmu/record/episode_file.h"

namespace tianmu::service {
namespace {

using testing::Http;
using testing::HttpResult;
using testing::TestService;

void Sleep(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

nlohmann::json State(const TestService& t) {
  return Http(t.port(), "GET", "/api/v1/state", t.operator_token()).json();
}

// Pose [x y z qw qx qy qz] of body `name` in GET /api/v1/bodies, or an empty array.
nlohmann::json BodyPose(const TestService& t, const std::string& name) {
  const nlohmann::json j = Http(t.port(), "GET", "/api/v1/bodies", t.viewer_token()).json();
  for (const nlohmann::json& b : j["bodies"]) {
    if (b["name"] == name) return b["pose"];
  }
  return nlohmann::json::array();
}

TEST(MotionPlayback, WaveMovesAnArmWhileTheRobotStaysUprightAndWalkingRefusesIt) {
  TestService t;
  // What `tianmu serve` does at start-up for a fresh data directory.
  motion::MotionLibrary(t.dir.path() / "motions").EnsureStarterClips(testing::Tm1());
  HttpResult r = Http(t.port(), "GET", "/api/v1/motions", t.viewer_token());
  ASSERT_EQ(r.status, 200);
  ASSERT_NE(r.body.find("\"wave\""), std::string::npos) << r.body;
  Sleep(1.0);  // stand settled

  // Arm joints from the model's groups, and their positions before the clip.
  const nlohmann::json model = Http(t.port(), "GET", "/api/v1/model", t.viewer_token()).json();
  std::vector<std::size_t> arm;
  for (std::size_t j = 0; j < model["joints"].size(); ++j) {
    if (model["joints"][j]["group"].get<std::string>().find("arm") != std::string::npos) {
      arm.push_back(j);
    }
  }
  ASSERT_FALSE(arm.empty());
  const nlohmann::json before = State(t);
  const double standing_z_m = before["base"]["position_m"][2];

  r = Http(t.port(), "POST", "/api/v1/motions/play", t.operator_token(), R"({"name":"wave"})");
  ASSERT_EQ(r.status, 202) << r.body;
  const double duration_s = r.json()["duration_s"];
  EXPECT_GT(duration_s, 4.0);  // the 4 s clip plus blending in and out

  double max_arm_change_rad = 0, min_z_m = standing_z_m;
  std::string moved_joint;
  bool reported_playing = false, fallen = false;
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(duration_s + 1.0);
  while (std::chrono::steady_clock::now() < end) {
    const nlohmann::json s = State(t);
    reported_playing =
        reported_playing || (s["motion"].is_object() && s["motion"]["name"] == "wave");
    fallen = fallen || s["fallen"].get<bool>();
    min_z_m = std::min(min_z_m, s["base"]["position_m"][2].get<double>());
    for (std::size_t j : arm) {
      const double change = std::abs(s["joints"][j]["position_rad"].get<double>() -
                                     before["joints"][j]["position_rad"].get<double>());
      if (change > max_arm_change_rad) {
        max_arm_change_rad = change;
        moved_joint = s["joints"][j]["name"];
      }
    }
    Sleep(0.1);
  }
  EXPECT_TRUE(reported_playing);
  // The clip raises the hand beside the head: the shoulder turns by more than 1 rad (clip: 1.4).
  EXPECT_GT(max_arm_change_rad, 1.0) << moved_joint;
  EXPECT_FALSE(fallen);
  // Upright: the pelvis never drops more than 5 cm while the arm swings.
  EXPECT_GT(min_z_m, standing_z_m - 0.05);
  const nlohmann::json after = State(t);
  EXPECT_TRUE(after["motion"].is_null()) << after["motion"];
  EXPECT_EQ(after["mode"], "standing");

  // Walking: playback is refused until the robot stops.
  r = Http(t.port(), "POST", "/api/v1/walk", t.operator_token(), R"({"vx_mps":0.3})");
  ASSERT_EQ(r.status, 202) << r.body;
  Sleep(0.3);
  r = Http(t.port(), "POST", "/api/v1/motions/play", t.operator_token(), R"({"name":"wave"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("walking"), std::string::npos) << r.body;
  ASSERT_EQ(Http(t.port(), "POST", "/api/v1/estop", t.operator_token()).status, 202);
  Sleep(0.2);
  r = Http(t.port(), "POST", "/api/v1/motions/play", t.operator_token(), R"({"name":"wave"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("e-stopped"), std::string::npos) << r.body;
}

TEST(ObjectSpawn, ObjectAppearsInGeometryAndBodyPosesAndFallsToRestOnTheFloor) {
  TestService t;
  HttpResult r = Http(t.port(), "GET", "/api/v1/objects", t.viewer_token());
  ASSERT_EQ(r.status, 200);
  ASSERT_FALSE(r.json()["objects"].empty());
  const std::string id = r.json()["objects"][0]["id"];

  r = Http(t.port(), "POST", "/api/v1/objects/spawn", t.viewer_token(),
           R"({"name":")" + id + R"(","position_m":[1.0,0.3,0.8]})");
  EXPECT_EQ(r.status, 403);
  r = Http(t.port(), "POST", "/api/v1/objects/spawn", t.operator_token(),
           R"({"name":")" + id + R"(","position_m":[1.0,0.3,0.8]})");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string body = r.json()["body"];

  // The world is compiled off the loop; the body appears once the loop has installed it.
  nlohmann::json pose;
  std::vector<double> z_m;
  for (int k = 0; k < 200 && pose.empty(); ++k) {
    Sleep(0.05);
    pose = BodyPose(t, body);
  }
  ASSERT_EQ(pose.size(), 7u) << "body " << body << " never appeared";
  const auto sample_start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - sample_start < std::chrono::seconds(3)) {
    z_m.push_back(BodyPose(t, body)[2].get<double>());
    Sleep(0.05);
  }
  // Dropped from 0.8 m: it falls (the first sample may already be a little lower) and comes to
  // rest above the floor (at about half its height), still for the last half second.
  EXPECT_GT(z_m.front(), 0.6);
  EXPECT_LT(z_m.back(), z_m.front() - 0.4);
  EXPECT_GT(z_m.back(), 0.0);
  EXPECT_LT(z_m.back(), 0.3);
  EXPECT_NEAR(z_m.back(), z_m[z_m.size() - 10], 0.005);

  // The dashboard's geometry holds the object's geoms on that body.
  const nlohmann::json geometry =
      Http(t.port(), "GET", "/api/v1/model/geometry", t.viewer_token()).json();
  int body_index = -1;
  for (std::size_t b = 0; b < geometry["bodies"].size(); ++b) {
    if (geometry["bodies"][b]["name"] == body) body_index = static_cast<int>(b);
  }
  ASSERT_GE(body_index, 0);
  EXPECT_TRUE(std::any_of(geometry["geoms"].begin(), geometry["geoms"].end(),
                          [&](const nlohmann::json& g) { return g["body"] == body_index; }));
  r = Http(t.port(), "GET", "/api/v1/objects", t.viewer_token());
  ASSERT_EQ(r.json()["spawned"].size(), 1u) << r.body;
  EXPECT_EQ(r.json()["spawned"][0]["body"], body);
  // The robot restarted at the origin and stands.
  const nlohmann::json s = State(t);
  EXPECT_FALSE(s["fallen"].get<bool>());
  EXPECT_LT(std::hypot(s["base"]["position_m"][0].get<double>(),
                       s["base"]["position_m"][1].get<double>()),
            0.1);
}

TEST(LiveRecording, StartStopWritesAValidEpisodeInTheDatasetDirectory) {
  TestService t;
  HttpResult r = Http(t.port(), "POST", "/api/v1/recording/start", t.operator_token(),
                      R"({"name":"session"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json()["recording"], true);
  r = Http(t.port(), "POST", "/api/v1/recording/start", t.operator_token(), "{}");
  EXPECT_EQ(r.status, 409);
  Sleep(0.5);
  // Walking while recording: the command shows up in the episode.
  ASSERT_EQ(Http(t.port(), "POST", "/api/v1/walk", t.operator_token(), R"({"vx_mps":0.3})").status,
            202);
  Sleep(0.5);
  ASSERT_EQ(Http(t.port(), "POST", "/api/v1/keepalive", t.operator_token()).status, 200);
  Sleep(0.5);
  r = Http(t.port(), "GET", "/api/v1/recording", t.viewer_token());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["recording"], true);
  EXPECT_GT(r.json()["frames"].get<int>(), 0) << r.body;
  ASSERT_EQ(Http(t.port(), "POST", "/api/v1/stop", t.operator_token()).status, 202);
  Sleep(0.3);
  r = Http(t.port(), "POST", "/api/v1/recording/stop", t.operator_token());
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json last = r.json()["last"];
  const std::filesystem::path episode = last["episode"].get<std::string>();
  EXPECT_EQ(episode.parent_path(), t.dir.path() / "datasets" / "session");
  // 1.8 s at 50 frames/s, give or take the request round trips.
  EXPECT_GT(last["frames"].get<int>(), 70);
  EXPECT_LT(last["frames"].get<int>(), 150);

  const record::EpisodeCheck check = record::ValidateEpisode(episode);
  ASSERT_TRUE(check.summary) << check.reason;
  EXPECT_EQ(check.summary->frames, last["frames"].get<int>());
  EXPECT_EQ(check.summary->attributes.robot, "tm1");
  EXPECT_TRUE(check.summary->attributes.success);
  const record::ArrayData command = record::ReadEpisodeArray(episode, "/command/velocity");
  double max_vx = 0;
  for (std::size_t i = 0; i < command.values.size(); i += 3) {
    max_vx = std::max(max_vx, command.values[i]);
  }
  EXPECT_DOUBLE_EQ(max_vx, 0.3);

  // A second episode goes next to the first; the directory validates as a dataset.
  ASSERT_EQ(
      Http(t.port(), "POST", "/api/v1/recording/start", t.operator_token(), R"({"name":"session"})")
          .status,
      202);
  Sleep(0.4);
  r = Http(t.port(), "POST", "/api/v1/recording/stop", t.operator_token());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::filesystem::path(r.json()["last"]["episode"].get<std::string>()).filename(),
            "episode_000001.hdf5");
  const record::DatasetInfo info = record::InspectDataset(t.dir.path() / "datasets" / "session");
  EXPECT_EQ(info.valid_episodes, 2);
  EXPECT_TRUE(info.metadata_error.empty()) << info.metadata_error;
  EXPECT_TRUE(info.incomplete.empty());
}

}  // namespace
}  // namespace tianmu::service
