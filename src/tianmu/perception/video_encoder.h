// VideoEncoder: writes RGB frames to an MP4 file with FFmpeg's libraries (H.264 through libx264
// when the encoder exists, else MPEG-4 Part 2), for videos people can watch of a run.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tianmu/perception/image.h"

namespace tianmu::perception {

/// An MP4 file being written, frame by frame, at a constant frame rate.
class VideoEncoder {
 public:
  /// Opens `path` (written as path + ".partial", renamed by Finish) for `width_px` x
  /// `height_px` frames (even numbers, as 4:2:0 chroma needs) at `fps` frames per second.
  /// Raises RuntimeError when no encoder exists or the file cannot be opened.
  VideoEncoder(const std::filesystem::path& path, int width_px, int height_px, int fps);
  /// Frees everything; a file not finished stays a ".partial" file.
  ~VideoEncoder();
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  /// Encodes the next frame (its size must be the video's). Raises RuntimeError on failure.
  void AddFrame(const RgbImage& image);
  /// Flushes the encoder, writes the MP4 index and renames the file into place.
  void Finish();

  /// "libx264" or "mpeg4".
  const std::string& codec_name() const { return codec_name_; }
  /// Frames added so far.
  int frames() const { return frames_; }

 private:
  struct Av;  // FFmpeg's format, codec, frame, packet and scaler objects
  void Drain(bool flushing);

  std::unique_ptr<Av> av_;
  std::filesystem::path path_;
  std::filesystem::path partial_path_;
  std::string codec_name_;
  int width_px_ = 0;
  int height_px_ = 0;
  int frames_ = 0;
  bool finished_ = false;
};

/// What a video file holds, by decoding every frame.
struct VideoInfo {
  int width_px = 0;
  int height_px = 0;
  int frames = 0;          ///< frames decoded
  double fps = 0;          ///< the stream's average frame rate
  std::string codec_name;  ///< decoder name, e.g. "h264"
};

/// Decodes the first video stream of `path`; raises RuntimeError when it cannot be read.
VideoInfo ProbeVideo(const std::filesystem::path& path);

}  // namespace tianmu::perception
