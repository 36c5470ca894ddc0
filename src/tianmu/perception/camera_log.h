// Camera frames in MCAP logs, as Foxglove's JSON-encoded messages: foxglove.CompressedImage (PNG)
// for RGB, foxglove.RawImage (32FC1, metres) for depth and foxglove.CameraCalibration for the
// intrinsics, on /camera/<name>/image, /camera/<name>/depth and /camera/<name>/calibration.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tianmu/data/mcap_writer.h"
#include "tianmu/model/robot_spec.h"
#include "tianmu/perception/camera_runner.h"

namespace tianmu::perception {

/// The topic of camera `camera`'s `kind` stream ("image", "depth", "calibration").
std::string CameraTopic(const std::string& camera, const std::string& kind);

/// A frame's RGB image as a foxglove.CompressedImage JSON message (PNG, base64 data), in the
/// camera's optical frame (frame_id = camera name), stamped with the frame's state time.
std::string CompressedImageJson(const CameraFrame& frame);
/// A frame's depth image as a foxglove.RawImage JSON message (encoding 32FC1, little-endian
/// float metres along the optical axis, 0 = no reading).
std::string DepthImageJson(const CameraFrame& frame);
/// A frame's intrinsics as a foxglove.CameraCalibration JSON message (no distortion).
std::string CalibrationJson(const CameraFrame& frame);

/// Declares the camera channels on an MCAP writer and writes frames to them. Not thread-safe:
/// the caller serialises it with the writer's other users.
class CameraLogChannels {
 public:
  /// Adds the channels of every camera in `cameras` (depth only where the camera has depth) to
  /// `writer`, which must outlive this object.
  CameraLogChannels(data::McapWriter* writer, const std::vector<model::CameraSpec>& cameras);
  /// Writes `frame` on its camera's channels at log time = the frame's stamp (simulated time)
  /// and publish time = when it is delivered (stamp + latency). Frames of unknown cameras are
  /// ignored.
  void Write(const CameraFrame& frame);

 private:
  struct Channels {
    std::string camera;
    std::uint16_t image = 0;
    std::uint16_t depth = 0;  // 0: the camera gives no depth
    std::uint16_t calibration = 0;
  };
  data::McapWriter* writer_;
  std::vector<Channels> channels_;
};

}  // namespace tianmu::perception
