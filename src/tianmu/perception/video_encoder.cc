#include "tianmu/perception/video_encoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <cstdint>
#include <system_error>

#include "tianmu/core/error.h"

namespace tianmu::perception {
namespace {

std::string AvErrorText(int code) {
  char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buffer, sizeof(buffer));
  return buffer;
}

void Check(int code, const std::string& what) {
  if (code < 0) throw RuntimeError("video: " + what + ": " + AvErrorText(code));
}

// Owners of FFmpeg's C objects, each with its own free function.
struct CodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct ScalerDeleter {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
// An output format context together with its open file.
struct OutputDeleter {
  void operator()(AVFormatContext* f) const {
    if (f->pb != nullptr && !(f->oformat->flags & AVFMT_NOFILE)) avio_closep(&f->pb);
    avformat_free_context(f);
  }
};
// An input format context opened by avformat_open_input.
struct InputDeleter {
  void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;

}  // namespace

struct VideoEncoder::Av {
  std::unique_ptr<AVFormatContext, OutputDeleter> format;
  CodecContextPtr codec;
  FramePtr frame;
  PacketPtr packet;
  std::unique_ptr<SwsContext, ScalerDeleter> scaler;
  AVStream* stream = nullptr;  // owned by format
};

VideoEncoder::VideoEncoder(const std::filesystem::path& path, int width_px, int height_px, int fps)
    : av_(std::make_unique<Av>()),
      path_(path),
      partial_path_(path.string() + ".partial"),
      width_px_(width_px),
      height_px_(height_px) {
  if (width_px <= 0 || height_px <= 0 || width_px % 2 != 0 || height_px % 2 != 0) {
    throw RuntimeError("video: frame size must be even and positive, got " +
                       std::to_string(width_px) + "x" + std::to_string(height_px));
  }
  if (fps <= 0) throw RuntimeError("video: frame rate must be positive");
  const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (encoder == nullptr) encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
  if (encoder == nullptr)
    throw RuntimeError("video: FFmpeg has neither an H.264 nor an MPEG-4 encoder");
  codec_name_ = encoder->name;
  // libx264 prints its statistics at the default level; only errors belong on stderr.
  av_log_set_level(AV_LOG_ERROR);

  AVFormatContext* format = nullptr;
  Check(avformat_alloc_output_context2(&format, nullptr, "mp4", partial_path_.c_str()),
        "MP4 muxer");
  av_->format.reset(format);
  av_->stream = avformat_new_stream(format, nullptr);
  if (av_->stream == nullptr) throw RuntimeError("video: cannot add a stream");

  av_->codec.reset(avcodec_alloc_context3(encoder));
  if (!av_->codec) throw RuntimeError("video: cannot allocate the encoder");
  AVCodecContext* c = av_->codec.get();
  c->width = width_px;
  c->height = height_px;
  c->time_base = AVRational{1, fps};
  c->framerate = AVRational{fps, 1};
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->gop_size = 2 * fps;
  if (encoder->id == AV_CODEC_ID_H264) {
    // Quality-driven rate control; "veryfast" keeps encoding well below rendering time.
    av_opt_set(c->priv_data, "preset", "veryfast", 0);
    av_opt_set(c->priv_data, "crf", "23", 0);
  } else {
    c->bit_rate = 4'000'000;
    c->max_b_frames = 0;
  }
  if (format->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  Check(avcodec_open2(c, encoder, nullptr), "opening encoder " + codec_name_);
  Check(avcodec_parameters_from_context(av_->stream->codecpar, c), "stream parameters");
  av_->stream->time_base = c->time_base;

  Check(avio_open(&format->pb, partial_path_.c_str(), AVIO_FLAG_WRITE),
        "opening " + partial_path_.string());
  Check(avformat_write_header(format, nullptr), "writing the MP4 header");

  av_->frame.reset(av_frame_alloc());
  av_->packet.reset(av_packet_alloc());
  if (!av_->frame || !av_->packet) throw RuntimeError("video: out of memory");
  AVFrame* frame = av_->frame.get();
  frame->format = c->pix_fmt;
  frame->width = width_px;
  frame->height = height_px;
  Check(av_frame_get_buffer(frame, 0), "frame buffer");
  av_->scaler.reset(sws_getContext(width_px, height_px, AV_PIX_FMT_RGB24, width_px, height_px,
                                   AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!av_->scaler) throw RuntimeError("video: cannot make the RGB to YUV converter");
}

VideoEncoder::~VideoEncoder() = default;

void VideoEncoder::AddFrame(const RgbImage& image) {
  if (finished_) throw RuntimeError("video: frame added after Finish");
  if (image.width_px != width_px_ || image.height_px != height_px_) {
    throw RuntimeError("video: frame is " + std::to_string(image.width_px) + "x" +
                       std::to_string(image.height_px) + ", the video " +
                       std::to_string(width_px_) + "x" + std::to_string(height_px_));
  }
  AVFrame* frame = av_->frame.get();
  // The encoder may still hold the previous buffer.
  Check(av_frame_make_writable(frame), "frame buffer");
  const std::uint8_t* source[1] = {image.rgb.data()};
  const int source_stride[1] = {3 * image.width_px};
  sws_scale(av_->scaler.get(), source, source_stride, 0, height_px_, frame->data, frame->linesize);
  frame->pts = frames_;
  Check(avcodec_send_frame(av_->codec.get(), frame), "encoding frame " + std::to_string(frames_));
  ++frames_;
  Drain(false);
}

void VideoEncoder::Drain(bool flushing) {
  AVPacket* packet = av_->packet.get();
  while (true) {
    const int status = avcodec_receive_packet(av_->codec.get(), packet);
    if (status == AVERROR(EAGAIN) || (flushing && status == AVERROR_EOF)) return;
    Check(status, "encoding");
    // Each frame lasts one tick of the codec's time base; without it the MP4 gives the last
    // frame no duration and players (and the edit list) cut it.
    if (packet->duration == 0) packet->duration = 1;
    av_packet_rescale_ts(packet, av_->codec->time_base, av_->stream->time_base);
    packet->stream_index = av_->stream->index;
    const int written = av_interleaved_write_frame(av_->format.get(), packet);
    av_packet_unref(packet);
    Check(written, "writing a packet");
  }
}

void VideoEncoder::Finish() {
  if (finished_) return;
  finished_ = true;
  Check(avcodec_send_frame(av_->codec.get(), nullptr), "flushing the encoder");
  Drain(true);
  Check(av_write_trailer(av_->format.get()), "writing the MP4 index");
  avio_closep(&av_->format->pb);
  std::error_code error;
  std::filesystem::rename(partial_path_, path_, error);
  if (error) {
    throw RuntimeError("video: cannot rename " + partial_path_.string() + " to " + path_.string() +
                       ": " + error.message());
  }
}

VideoInfo ProbeVideo(const std::filesystem::path& path) {
  AVFormatContext* raw = nullptr;
  Check(avformat_open_input(&raw, path.c_str(), nullptr, nullptr), "opening " + path.string());
  std::unique_ptr<AVFormatContext, InputDeleter> input(raw);
  Check(avformat_find_stream_info(input.get(), nullptr), "reading " + path.string());
  const AVCodec* decoder = nullptr;
  const int stream = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  Check(stream, "finding a video stream in " + path.string());
  CodecContextPtr codec(avcodec_alloc_context3(decoder));
  if (!codec) throw RuntimeError("video: cannot allocate a decoder");
  Check(avcodec_parameters_to_context(codec.get(), input->streams[stream]->codecpar),
        "decoder parameters");
  Check(avcodec_open2(codec.get(), decoder, nullptr), "opening decoder");

  VideoInfo info;
  info.width_px = codec->width;
  info.height_px = codec->height;
  info.codec_name = decoder->name;
  const AVRational rate = input->streams[stream]->avg_frame_rate;
  info.fps = rate.den != 0 ? av_q2d(rate) : 0;
  PacketPtr packet(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  const auto receive_all = [&] {
    while (true) {
      const int status = avcodec_receive_frame(codec.get(), frame.get());
      if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return;
      Check(status, "decoding");
      ++info.frames;
    }
  };
  while (av_read_frame(input.get(), packet.get()) >= 0) {
    if (packet->stream_index == stream) {
      const int sent = avcodec_send_packet(codec.get(), packet.get());
      av_packet_unref(packet.get());
      Check(sent, "decoding");
      receive_all();
    } else {
      av_packet_unref(packet.get());
    }
  }
  Check(avcodec_send_packet(codec.get(), nullptr), "flushing the decoder");
  receive_all();
  return info;
}

}  // namespace tianmu::perception
