// Camera frames in MCAP: PNG and base64 encodings, and the Foxglove messages read back from a
// log carry exactly the frame's pixels, depth, intrinsics and times.
#include "tianmu/perception/camera_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "tianmu/core/error.h"
#include "tianmu/data/mcap_reader.h"
#include "tianmu/perception/image_codec.h"

namespace tianmu::perception {
namespace {

// Inverse of Base64, for reading the messages back (test only: no error handling).
std::string FromBase64(const std::string& text) {
  const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t group = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    group = (group << 6) | static_cast<std::uint32_t>(digits.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xFF);
    }
  }
  return out;
}

// A small frame with distinct values in every pixel.
CameraFrame TestFrame(double stamp_s) {
  CameraFrame frame;
  frame.camera = "head_rgbd";
  frame.stamp_s = stamp_s;
  frame.available_s = stamp_s + 0.03;
  frame.intrinsics = IntrinsicsFromFovy(58, 16, 8);
  frame.rgb.Resize(16, 8);
  for (std::size_t i = 0; i < frame.rgb.rgb.size(); ++i) {
    frame.rgb.rgb[i] = static_cast<std::uint8_t>(i * 7 + stamp_s * 100);
  }
  frame.depth.Resize(16, 8);
  for (std::size_t i = 0; i < frame.depth.depth_m.size(); ++i) {
    frame.depth.depth_m[i] = i % 5 == 0 ? 0.0f : 0.5f + 0.01f * static_cast<float>(i);
  }
  return frame;
}

TEST(ImageCodec, Base64MatchesTheRfcExamples) {
  // RFC 4648 section 10.
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(FromBase64(Base64(std::string("\0\xff\x10\x80", 4))), std::string("\0\xff\x10\x80", 4));
}

TEST(ImageCodec, PngRoundTripIsLossless) {
  const CameraFrame frame = TestFrame(0.1);
  const std::string png = EncodePng(frame.rgb);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  const RgbImage back = DecodePng(png);
  EXPECT_EQ(back.width_px, 16);
  EXPECT_EQ(back.height_px, 8);
  EXPECT_EQ(back.rgb, frame.rgb.rgb);
  EXPECT_THROW(DecodePng("not a png"), RuntimeError);
}

TEST(CameraLog, FoxgloveMessagesReadBackCarryTheFrameExactly) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("tianmu_camera_log_" + std::to_string(getpid()) + ".mcap");
  model::CameraSpec camera;
  camera.name = "head_rgbd";
  camera.width_px = 16;
  camera.height_px = 8;
  camera.depth = true;
  const CameraFrame first = TestFrame(0.0);
  const CameraFrame second = TestFrame(1.0 / 30);
  {
    data::McapWriter writer(path);
    CameraLogChannels channels(&writer, {camera});
    channels.Write(first);
    channels.Write(second);
    CameraFrame stranger = first;
    stranger.camera = "elsewhere";
    channels.Write(stranger);  // not a logged camera: ignored
    writer.Close();
  }
  const data::McapReader reader(path);
  std::map<std::uint16_t, std::string> topic_of;
  std::map<std::uint16_t, std::string> schema_of_channel;
  for (const auto& [id, channel] : reader.summary().channels) {
    topic_of[id] = channel.topic;
    schema_of_channel[id] = reader.summary().schemas.at(channel.schema_id).name;
  }
  std::map<std::string, std::vector<data::McapMessage>> by_topic;
  for (const data::McapMessage& m : reader.ReadAllMessages()) {
    by_topic[topic_of.at(m.channel_id)].push_back(m);
  }
  ASSERT_EQ(by_topic.size(), 3u);
  ASSERT_EQ(by_topic["/camera/head_rgbd/image"].size(), 2u);
  ASSERT_EQ(by_topic["/camera/head_rgbd/depth"].size(), 2u);
  ASSERT_EQ(by_topic["/camera/head_rgbd/calibration"].size(), 2u);
  for (const auto& [id, schema] : schema_of_channel) {
    if (topic_of[id] == "/camera/head_rgbd/image") {
      EXPECT_EQ(schema, "foxglove.CompressedImage");
    } else if (topic_of[id] == "/camera/head_rgbd/depth") {
      EXPECT_EQ(schema, "foxglove.RawImage");
    } else {
      EXPECT_EQ(schema, "foxglove.CameraCalibration");
    }
  }

  const data::McapMessage& image_message = by_topic["/camera/head_rgbd/image"][1];
  EXPECT_EQ(image_message.log_time_ns, 33'333'333u);      // the stamp, 1/30 s
  EXPECT_EQ(image_message.publish_time_ns, 63'333'333u);  // plus 30 ms latency
  const auto image = nlohmann::json::parse(image_message.data);
  EXPECT_EQ(image.at("format"), "png");
  EXPECT_EQ(image.at("frame_id"), "head_rgbd");
  EXPECT_EQ(image.at("timestamp").at("sec"), 0);
  EXPECT_EQ(image.at("timestamp").at("nsec"), 33'333'333);
  EXPECT_EQ(DecodePng(FromBase64(image.at("data"))).rgb, second.rgb.rgb);

  const auto depth = nlohmann::json::parse(by_topic["/camera/head_rgbd/depth"][0].data);
  EXPECT_EQ(depth.at("encoding"), "32FC1");
  EXPECT_EQ(depth.at("width"), 16);
  EXPECT_EQ(depth.at("step"), 64);
  const std::string bytes = FromBase64(depth.at("data"));
  ASSERT_EQ(bytes.size(), 16u * 8u * 4u);
  std::vector<float> values(16 * 8);
  std::memcpy(values.data(), bytes.data(), bytes.size());
  EXPECT_EQ(values, first.depth.depth_m);

  const auto calibration = nlohmann::json::parse(by_topic["/camera/head_rgbd/calibration"][0].data);
  const auto& K = calibration.at("K");
  EXPECT_DOUBLE_EQ(K[0].get<double>(), first.intrinsics.fx_px);
  EXPECT_DOUBLE_EQ(K[2].get<double>(), first.intrinsics.cx_px);
  EXPECT_DOUBLE_EQ(K[4].get<double>(), first.intrinsics.fy_px);
  EXPECT_DOUBLE_EQ(K[5].get<double>(), first.intrinsics.cy_px);
  EXPECT_EQ(calibration.at("width"), 16);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tianmu::perception
