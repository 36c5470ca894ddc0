#include "tianmu/perception/camera_log.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "tianmu/perception/image_codec.h"

namespace tianmu::perception {
namespace {

// JSON Schemas of the three Foxglove message types, as Foxglove documents their fields; binary
// data travels base64-encoded in JSON.
constexpr const char* kTimeSchema =
    R"({"type":"object","properties":{"sec":{"type":"integer","minimum":0},)"
    R"("nsec":{"type":"integer","minimum":0,"maximum":999999999}}})";

std::string CompressedImageSchema() {
  return std::string(R"({"title":"foxglove.CompressedImage","type":"object","properties":{)") +
         R"("timestamp":)" + kTimeSchema + R"(,"frame_id":{"type":"string"},)" +
         R"("data":{"type":"string","contentEncoding":"base64"},"format":{"type":"string"}}})";
}

std::string RawImageSchema() {
  return std::string(R"({"title":"foxglove.RawImage","type":"object","properties":{)") +
         R"("timestamp":)" + kTimeSchema + R"(,"frame_id":{"type":"string"},)" +
         R"("width":{"type":"integer"},"height":{"type":"integer"},)" +
         R"("encoding":{"type":"string"},"step":{"type":"integer"},)" +
         R"("data":{"type":"string","contentEncoding":"base64"}}})";
}

std::string CalibrationSchema() {
  const std::string numbers = R"({"type":"array","items":{"type":"number"}})";
  return std::string(R"({"title":"foxglove.CameraCalibration","type":"object","properties":{)") +
         R"("timestamp":)" + kTimeSchema + R"(,"frame_id":{"type":"string"},)" +
         R"("width":{"type":"integer"},"height":{"type":"integer"},)" +
         R"("distortion_model":{"type":"string"},"D":)" + numbers + R"(,"K":)" + numbers +
         R"(,"R":)" + numbers + R"(,"P":)" + numbers + "}}";
}

nlohmann::json Timestamp(double time_s) {
  const double sec = std::floor(time_s);
  auto nsec = static_cast<std::int64_t>(std::llround((time_s - sec) * 1e9));
  auto whole = static_cast<std::int64_t>(sec);
  if (nsec >= 1'000'000'000) {
    nsec -= 1'000'000'000;
    ++whole;
  }
  return {{"sec", whole}, {"nsec", nsec}};
}

std::uint64_t Nanoseconds(double time_s) {
  return static_cast<std::uint64_t>(std::llround(std::max(0.0, time_s) * 1e9));
}

}  // namespace

std::string CameraTopic(const std::string& camera, const std::string& kind) {
  return "/camera/" + camera + "/" + kind;
}

std::string CompressedImageJson(const CameraFrame& frame) {
  return nlohmann::json{{"timestamp", Timestamp(frame.stamp_s)},
                        {"frame_id", frame.camera},
                        {"format", "png"},
                        {"data", Base64(EncodePng(frame.rgb))}}
      .dump();
}

std::string DepthImageJson(const CameraFrame& frame) {
  // Foxglove's RawImage has no byte-order field and reads 32FC1 as little-endian floats: the
  // order of the machines this runs on (x86-64, ARM64), so the floats' bytes go as they are.
  std::string bytes(frame.depth.depth_m.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), frame.depth.depth_m.data(), bytes.size());
  return nlohmann::json{{"timestamp", Timestamp(frame.stamp_s)},
                        {"frame_id", frame.camera},
                        {"width", frame.depth.width_px},
                        {"height", frame.depth.height_px},
                        {"encoding", "32FC1"},
                        {"step", frame.depth.width_px * 4},
                        {"data", Base64(bytes)}}
      .dump();
}

std::string CalibrationJson(const CameraFrame& frame) {
  const CameraIntrinsics& k = frame.intrinsics;
  return nlohmann::json{{"timestamp", Timestamp(frame.stamp_s)},
                        {"frame_id", frame.camera},
                        {"width", k.width_px},
                        {"height", k.height_px},
                        {"distortion_model", "plumb_bob"},
                        {"D", {0, 0, 0, 0, 0}},
                        {"K", {k.fx_px, 0, k.cx_px, 0, k.fy_px, k.cy_px, 0, 0, 1}},
                        {"R", {1, 0, 0, 0, 1, 0, 0, 0, 1}},
                        {"P", {k.fx_px, 0, k.cx_px, 0, 0, k.fy_px, k.cy_px, 0, 0, 0, 1, 0}}}
      .dump();
}

CameraLogChannels::CameraLogChannels(data::McapWriter* writer,
                                     const std::vector<model::CameraSpec>& cameras)
    : writer_(writer) {
  for (const model::CameraSpec& camera : cameras) {
    Channels c;
    c.camera = camera.name;
    c.image = writer->AddJsonChannel(CameraTopic(camera.name, "image"), "foxglove.CompressedImage",
                                     CompressedImageSchema());
    if (camera.depth) {
      c.depth = writer->AddJsonChannel(CameraTopic(camera.name, "depth"), "foxglove.RawImage",
                                       RawImageSchema());
    }
    c.calibration = writer->AddJsonChannel(CameraTopic(camera.name, "calibration"),
                                           "foxglove.CameraCalibration", CalibrationSchema());
    channels_.push_back(c);
  }
}

void CameraLogChannels::Write(const CameraFrame& frame) {
  for (const Channels& c : channels_) {
    if (c.camera != frame.camera) continue;
    const std::uint64_t log_ns = Nanoseconds(frame.stamp_s);
    const std::uint64_t publish_ns = Nanoseconds(frame.available_s);
    writer_->Write(c.image, log_ns, publish_ns, CompressedImageJson(frame));
    if (c.depth != 0 && frame.depth.width_px > 0) {
      writer_->Write(c.depth, log_ns, publish_ns, DepthImageJson(frame));
    }
    writer_->Write(c.calibration, log_ns, publish_ns, CalibrationJson(frame));
    return;
  }
}

}  // namespace tianmu::perception
