#include "tianmu/motion/robot_clip.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

namespace tianmu::motion {
namespace {

constexpr const char* kFormat = "tianmu-robot-clip";

double Finite(const nlohmann::json& j, const std::string& src, const std::string& field) {
  if (!j.is_number() || !std::isfinite(j.get<double>())) {
    throw InputError(src, 0, field, "a finite number");
  }
  return j.get<double>();
}

template <std::size_t N>
std::array<double, N> FixedArray(const nlohmann::json& j, const std::string& src,
                                 const std::string& field) {
  if (!j.is_array() || j.size() != N) {
    throw InputError(src, 0, field, "an array of " + std::to_string(N) + " numbers");
  }
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = Finite(j[i], src, field);
  return out;
}

std::string Text(const nlohmann::json& j, const char* key, const std::string& src, bool required) {
  if (!j.contains(key)) {
    if (required) throw InputError(src, 0, key, "a string");
    return "";
  }
  if (!j[key].is_string()) throw InputError(src, 0, key, "a string");
  return j[key].get<std::string>();
}

}  // namespace

nlohmann::json RobotClipToJson(const RobotClip& clip) {
  nlohmann::json frames = nlohmann::json::array();
  for (const RobotFrame& f : clip.frames) {
    frames.push_back({{"q_rad", f.q_rad},
                      {"base_pos_m", f.base_pos_m},
                      {"base_quat_wxyz", f.base_quat_wxyz},
                      {"contact", f.contact}});
  }
  return {{"format", kFormat},
          {"version", 1},
          {"name", clip.name},
          {"robot", clip.robot},
          {"kind", clip.kind},
          {"fps", clip.fps},
          {"source", clip.source},
          {"licence", clip.licence},
          {"description", clip.description},
          {"joint_names", clip.joint_names},
          {"metrics", clip.metrics},
          {"frames", frames}};
}

RobotClip RobotClipFromJson(const nlohmann::json& j, const std::string& src) {
  // Not j.value("format", ""): it throws json's type_error when "format" is not a string.
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat) {
    throw InputError(src, 0, "format", std::string("\"") + kFormat + "\"");
  }
  if (!j.contains("version") || j["version"] != 1) throw InputError(src, 0, "version", "1");
  RobotClip clip;
  clip.name = Text(j, "name", src, true);
  clip.robot = Text(j, "robot", src, true);
  clip.kind = Text(j, "kind", src, true);
  if (clip.kind != "upper_body" && clip.kind != "whole_body") {
    throw InputError(src, 0, "kind", "\"upper_body\" or \"whole_body\", got '" + clip.kind + "'");
  }
  clip.source = Text(j, "source", src, true);
  clip.licence = Text(j, "licence", src, true);
  clip.description = Text(j, "description", src, false);
  if (!j.contains("fps")) throw InputError(src, 0, "fps", "a frame rate > 0");
  clip.fps = Finite(j["fps"], src, "fps");
  if (!(clip.fps > 0 && clip.fps <= 1000)) throw InputError(src, 0, "fps", "a rate in (0, 1000]");
  if (!j.contains("joint_names") || !j["joint_names"].is_array()) {
    throw InputError(src, 0, "joint_names", "an array of joint names");
  }
  for (const auto& n : j["joint_names"]) {
    if (!n.is_string()) throw InputError(src, 0, "joint_names", "strings");
    clip.joint_names.push_back(n.get<std::string>());
  }
  if (j.contains("metrics") && j["metrics"].is_object()) clip.metrics = j["metrics"];
  if (!j.contains("frames") || !j["frames"].is_array() || j["frames"].empty()) {
    throw InputError(src, 0, "frames", "a non-empty array of frames");
  }
  const std::size_t n = clip.joint_names.size();
  for (std::size_t i = 0; i < j["frames"].size(); ++i) {
    const auto& fj = j["frames"][i];
    const std::string field = "frames[" + std::to_string(i) + "]";
    if (!fj.is_object() || !fj.contains("q_rad") || !fj["q_rad"].is_array() ||
        fj["q_rad"].size() != n) {
      throw InputError(src, 0, field + ".q_rad", std::to_string(n) + " joint positions");
    }
    RobotFrame f;
    for (const auto& v : fj["q_rad"]) f.q_rad.push_back(Finite(v, src, field + ".q_rad"));
    if (fj.contains("base_pos_m")) {
      f.base_pos_m = FixedArray<3>(fj["base_pos_m"], src, field + ".base_pos_m");
    }
    if (fj.contains("base_quat_wxyz")) {
      f.base_quat_wxyz = FixedArray<4>(fj["base_quat_wxyz"], src, field + ".base_quat_wxyz");
    }
    if (fj.contains("contact")) {
      const auto& c = fj["contact"];
      if (!c.is_array() || c.size() != 2 || !c[0].is_boolean() || !c[1].is_boolean()) {
        throw InputError(src, 0, field + ".contact", "[left, right] booleans");
      }
      f.contact = {c[0].get<bool>(), c[1].get<bool>()};
    }
    clip.frames.push_back(std::move(f));
  }
  return clip;
}

void SaveRobotClip(const RobotClip& clip, const std::filesystem::path& path) {
  WriteFileAtomically(path, RobotClipToJson(clip).dump() + "\n");
}

RobotClip LoadRobotClip(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "", "a readable robot clip file");
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e999
    throw InputError(path.string(), 0, "", std::string("valid JSON (") + e.what() + ")");
  }
  return RobotClipFromJson(j, path.string());
}

}  // namespace tianmu::motion
