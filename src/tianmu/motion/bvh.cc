#include "tianmu/motion/bvh.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::motion {
namespace {

struct Token {
  std::string text;
  int line = 0;
};

// Splits into whitespace-separated tokens, each with its 1-based line.
std::vector<Token> Tokenise(const std::string& text) {
  std::vector<Token> tokens;
  int line = 1;
  std::string current;
  int current_line = 1;
  for (char c : text) {
    if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
      if (!current.empty()) tokens.push_back({current, current_line});
      current.clear();
      if (c == '\n') ++line;
    } else {
      if (current.empty()) current_line = line;
      current.push_back(c);
    }
  }
  if (!current.empty()) tokens.push_back({current, current_line});
  return tokens;
}

class Parser {
 public:
  Parser(const std::string& text, std::string source)
      : tokens_(Tokenise(text)), source_(std::move(source)) {}

  HumanClip Parse() {
    Expect("HIERARCHY", "the BVH header 'HIERARCHY'");
    Expect("ROOT", "'ROOT' and the root joint's name");
    ParseJoint(-1, /*end_site=*/false);
    if (AtEnd() || Peek().text != "MOTION") {
      Fail(AtEnd() ? LastLine() : Peek().line, "MOTION",
           AtEnd() ? "the 'MOTION' section, got the end of the file"
                   : "'MOTION' after the hierarchy, got '" + Peek().text + "'");
    }
    const int motion_line = Next().line;
    Expect("Frames:", "'Frames:' and the frame count");
    const Token count_token = NextOr("Frames", "a frame count");
    const double count = Number(count_token, "Frames");
    if (count < 1 || count != std::floor(count) || count > 1e7) {
      Fail(count_token.line, "Frames",
           "a whole number of frames >= 1, got '" + count_token.text + "'");
    }
    Expect("Frame", "'Frame Time:' and the time between frames in seconds");
    Expect("Time:", "'Frame Time:' and the time between frames in seconds");
    const Token time_token = NextOr("Frame Time", "the time between frames in seconds");
    clip_.frame_time_s = Number(time_token, "Frame Time");
    if (!(clip_.frame_time_s > 0) || clip_.frame_time_s > 10) {
      Fail(time_token.line, "Frame Time",
           "a time between frames in (0, 10] s, got '" + time_token.text + "'");
    }
    (void)motion_line;
    ParseFrames(static_cast<int>(count));
    return std::move(clip_);
  }

 private:
  bool AtEnd() const { return pos_ >= tokens_.size(); }
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_++]; }
  int LastLine() const { return tokens_.empty() ? 1 : tokens_.back().line; }

  [[noreturn]] void Fail(int line, const std::string& field, const std::string& expected) const {
    throw InputError(source_, line, field, expected);
  }

  const Token& NextOr(const std::string& field, const std::string& expected) {
    if (AtEnd()) Fail(LastLine(), field, expected + ", got the end of the file");
    return Next();
  }

  void Expect(const std::string& word, const std::string& expected) {
    const Token& t = NextOr(word, expected);
    if (t.text != word) Fail(t.line, word, expected + ", got '" + t.text + "'");
  }

  double Number(const Token& t, const std::string& field) const {
    const char* begin = t.text.c_str();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin || *end != '\0' || !std::isfinite(v)) {
      Fail(t.line, field, "a number, got '" + t.text + "'");
    }
    return v;
  }

  static bool ParseChannel(const std::string& s, Channel* c) {
    static const std::pair<const char*, Channel> kNames[] = {
        {"Xposition", Channel::kXposition}, {"Yposition", Channel::kYposition},
        {"Zposition", Channel::kZposition}, {"Xrotation", Channel::kXrotation},
        {"Yrotation", Channel::kYrotation}, {"Zrotation", Channel::kZrotation}};
    for (const auto& [name, channel] : kNames) {
      if (s == name) {
        *c = channel;
        return true;
      }
    }
    return false;
  }

  // After "ROOT"/"JOINT" (or "End" "Site"): name, '{', OFFSET, CHANNELS, children, '}'.
  void ParseJoint(int parent, bool end_site) {
    HumanJoint joint;
    joint.parent = parent;
    joint.end_site = end_site;
    if (end_site) {
      joint.name = clip_.joints[static_cast<std::size_t>(parent)].name + "_end";
    } else {
      const Token& name = NextOr("JOINT", "a joint name");
      if (name.text == "{") Fail(name.line, "JOINT", "a joint name before '{'");
      joint.name = name.text;
      if (clip_.JointIndex(joint.name) >= 0) {
        Fail(name.line, joint.name, "a joint name used once, got a second '" + name.text + "'");
      }
    }
    const int open_line = AtEnd() ? LastLine() : Peek().line;
    Expect("{", "'{' opening joint '" + joint.name + "'");
    (void)open_line;
    Expect("OFFSET", "'OFFSET x y z' for joint '" + joint.name + "'");
    for (int k = 0; k < 3; ++k) {
      const Token& t = NextOr("OFFSET", "three numbers for joint '" + joint.name + "'");
      joint.offset[k] = Number(t, "OFFSET");
    }
    const int index = static_cast<int>(clip_.joints.size());
    if (!end_site) {
      const Token& kw = NextOr("CHANNELS", "'CHANNELS n ...' for joint '" + joint.name + "'");
      if (kw.text != "CHANNELS") {
        Fail(kw.line, "CHANNELS",
             "'CHANNELS n ...' for joint '" + joint.name + "', got '" + kw.text + "'");
      }
      const Token& n_token = NextOr("CHANNELS", "a channel count");
      const double n = Number(n_token, "CHANNELS");
      if (n < 0 || n > 6 || n != std::floor(n)) {
        Fail(n_token.line, "CHANNELS", "a channel count 0..6, got '" + n_token.text + "'");
      }
      bool seen[6] = {false, false, false, false, false, false};
      for (int k = 0; k < static_cast<int>(n); ++k) {
        const Token& c = NextOr("CHANNELS", "a channel name");
        Channel channel;
        if (!ParseChannel(c.text, &channel)) {
          Fail(c.line, "CHANNELS",
               "a channel (Xposition Yposition Zposition Xrotation Yrotation Zrotation), got '" +
                   c.text + "'");
        }
        if (seen[static_cast<int>(channel)]) {
          Fail(c.line, "CHANNELS", "each channel once per joint, got '" + c.text + "' twice");
        }
        seen[static_cast<int>(channel)] = true;
        joint.channels.push_back(channel);
      }
      num_channels_ += static_cast<int>(n);
    }
    clip_.joints.push_back(joint);
    bool has_child = false;
    for (;;) {
      const Token& t = NextOr(joint.name, "'}' closing joint '" + joint.name + "'");
      if (t.text == "}") break;
      if (end_site) Fail(t.line, joint.name, "'}' closing the End Site, got '" + t.text + "'");
      if (t.text == "JOINT") {
        ParseJoint(index, false);
      } else if (t.text == "End") {
        Expect("Site", "'End Site'");
        ParseJoint(index, true);
      } else {
        Fail(t.line, joint.name,
             "'JOINT', 'End Site' or '}' inside joint '" + joint.name + "', got '" + t.text + "'");
      }
      has_child = true;
    }
    (void)has_child;
  }

  void ParseFrames(int count) {
    const std::size_t n = clip_.joints.size();
    clip_.frames.reserve(static_cast<std::size_t>(count));
    std::vector<double> values;
    for (int f = 0; f < count; ++f) {
      if (AtEnd()) {
        Fail(LastLine(), "MOTION",
             "Frames: " + std::to_string(count) + " frames, got only " + std::to_string(f));
      }
      const int line = Peek().line;
      values.clear();
      while (!AtEnd() && Peek().line == line) {
        values.push_back(Number(Next(), "frame " + std::to_string(f)));
      }
      if (static_cast<int>(values.size()) != num_channels_) {
        Fail(line, "frame " + std::to_string(f),
             std::to_string(num_channels_) + " channel values on one line, got " +
                 std::to_string(values.size()));
      }
      HumanFrame frame;
      frame.rotation.assign(n, Eigen::Quaterniond::Identity());
      frame.translation.assign(n, Eigen::Vector3d::Zero());
      std::size_t k = 0;
      for (std::size_t j = 0; j < n; ++j) {
        const HumanJoint& joint = clip_.joints[j];
        std::vector<Channel> rotations;
        std::vector<double> angles;
        for (Channel c : joint.channels) {
          const double v = values[k++];
          switch (c) {
            case Channel::kXposition:
              frame.translation[j].x() = v;
              break;
            case Channel::kYposition:
              frame.translation[j].y() = v;
              break;
            case Channel::kZposition:
              frame.translation[j].z() = v;
              break;
            default:
              rotations.push_back(c);
              angles.push_back(v);
          }
        }
        frame.rotation[j] = ComposeChannelRotation(rotations, angles);
      }
      clip_.frames.push_back(std::move(frame));
    }
    if (!AtEnd()) {
      Fail(Peek().line, "MOTION",
           "Frames: " + std::to_string(count) + " frames, got more lines after them");
    }
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::string source_;
  HumanClip clip_;
  int num_channels_ = 0;
};

int AxisOf(Channel c) {
  switch (c) {
    case Channel::kXrotation:
      return 0;
    case Channel::kYrotation:
      return 1;
    case Channel::kZrotation:
      return 2;
    default:
      return -1;
  }
}

// Euler angles (degrees) of `r` in the order of `axes` (1, 2 or 3 distinct axes).
std::vector<double> EulerDegrees(const Eigen::Matrix3d& r, const std::vector<int>& axes) {
  std::vector<double> out(axes.size(), 0.0);
  if (axes.size() == 3) {
    const Eigen::Vector3d e = r.eulerAngles(axes[0], axes[1], axes[2]);
    for (int i = 0; i < 3; ++i) out[static_cast<std::size_t>(i)] = e[i] * 180.0 / M_PI;
  } else if (axes.size() == 1) {
    const Eigen::AngleAxisd aa(r);
    out[0] = aa.angle() * aa.axis()[axes[0]] * 180.0 / M_PI;
  } else if (axes.size() == 2) {
    // Complete to three axes with the missing one last, and drop it (assumed ~0).
    int third = 3 - axes[0] - axes[1];
    const Eigen::Vector3d e = r.eulerAngles(axes[0], axes[1], third);
    out[0] = e[0] * 180.0 / M_PI;
    out[1] = e[1] * 180.0 / M_PI;
  }
  return out;
}

void AppendNumber(std::string* out, double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  *out += buf;
}

void WriteJoint(const HumanClip& clip, std::size_t j, int depth, int decimals, std::string* out) {
  const HumanJoint& joint = clip.joints[j];
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  if (joint.end_site) {
    *out += indent + "End Site\n";
  } else {
    *out += indent + (joint.parent < 0 ? "ROOT " : "JOINT ") + joint.name + "\n";
  }
  *out += indent + "{\n" + indent + "  OFFSET";
  for (int k = 0; k < 3; ++k) {
    *out += ' ';
    AppendNumber(out, joint.offset[k], decimals);
  }
  *out += "\n";
  if (!joint.end_site) {
    *out += indent + "  CHANNELS " + std::to_string(joint.channels.size());
    for (Channel c : joint.channels) *out += std::string(" ") + ChannelName(c);
    *out += "\n";
  }
  for (std::size_t c = j + 1; c < clip.joints.size(); ++c) {
    if (clip.joints[c].parent == static_cast<int>(j)) WriteJoint(clip, c, depth + 1, decimals, out);
  }
  *out += indent + "}\n";
}

}  // namespace

HumanClip ParseBvh(const std::string& text, const std::string& source_name) {
  return Parser(text, source_name).Parse();
}

HumanClip LoadBvh(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "", "a readable BVH file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseBvh(text.str(), path.string());
}

std::string WriteBvh(const HumanClip& clip, int decimals) {
  std::string out = "HIERARCHY\n";
  if (!clip.joints.empty()) WriteJoint(clip, 0, 0, decimals, &out);
  out += "MOTION\nFrames: " + std::to_string(clip.frames.size()) + "\nFrame Time: ";
  AppendNumber(&out, clip.frame_time_s, 9);
  out += "\n";
  // Channel values in hierarchy (depth-first) order, which is the joints' storage order when
  // the clip came from ParseBvh; WriteJoint walks the same order.
  std::vector<std::size_t> order;
  std::vector<std::size_t> stack = {0};
  while (!stack.empty() && !clip.joints.empty()) {
    const std::size_t j = stack.back();
    stack.pop_back();
    order.push_back(j);
    for (std::size_t c = clip.joints.size(); c-- > j + 1;) {
      if (clip.joints[c].parent == static_cast<int>(j)) stack.push_back(c);
    }
  }
  for (const HumanFrame& frame : clip.frames) {
    bool first = true;
    for (std::size_t j : order) {
      const HumanJoint& joint = clip.joints[j];
      std::vector<int> axes;
      for (Channel c : joint.channels) {
        if (AxisOf(c) >= 0) axes.push_back(AxisOf(c));
      }
      const std::vector<double> angles = EulerDegrees(frame.rotation[j].toRotationMatrix(), axes);
      std::size_t r = 0;
      for (Channel c : joint.channels) {
        double v = 0;
        if (c == Channel::kXposition) v = frame.translation[j].x();
        if (c == Channel::kYposition) v = frame.translation[j].y();
        if (c == Channel::kZposition) v = frame.translation[j].z();
        if (AxisOf(c) >= 0) v = angles[r++];
        if (!first) out += ' ';
        first = false;
        AppendNumber(&out, v, decimals);
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace tianmu::motion
