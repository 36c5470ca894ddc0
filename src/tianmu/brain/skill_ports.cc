#include "tianmu/brain/skill_ports.h"

#include <map>

namespace tianmu::brain {
namespace {

PortSpec In(const std::string& name, bool required, const std::string& type,
            const std::string& description) {
  return {name, required, "", type, description, false};
}

}  // namespace

std::vector<PortSpec> SkillPorts(const std::string& skill) {
  static const std::map<std::string, std::vector<PortSpec>> kPorts = {
      {"look_at",
       {In("target", true, "vector3", "point to look at, world frame (m)"),
        In("tolerance_deg", false, "double", "gaze tolerance (deg)"),
        In("hold_s", false, "double", "time to hold the gaze (s)"),
        In("timeout_s", false, "double", "time limit (s)")}},
      {"reach",
       {In("hand", false, "string", "left or right"),
        In("target", true, "vector3", "palm target, world frame (m)"),
        In("tolerance_m", false, "double", "position tolerance (m)"),
        In("hold_s", false, "double", "time to hold (s)"),
        In("timeout_s", false, "double", "time limit (s)")}},
      {"turn_to",
       {In("heading_deg", true, "double", "world yaw to face (deg)"),
        In("tolerance_deg", false, "double", "heading tolerance (deg)"),
        In("timeout_s", false, "double", "time limit (s)")}},
      {"walk_to",
       {In("target", true, "vector3", "floor point X,Y[,Z], world frame (m)"),
        In("heading_deg", false, "double", "world yaw to end at (deg)"),
        In("tolerance_m", false, "double", "position tolerance (m)"),
        In("tolerance_deg", false, "double", "heading tolerance (deg)"),
        In("speed_mps", false, "double", "walking speed (m/s)"),
        In("timeout_s", false, "double", "time limit (s)")}},
      {"wave",
       {In("hand", false, "string", "left or right"),
        In("cycles", false, "double", "number of swings"),
        In("frequency_hz", false, "double", "swing frequency (Hz)"),
        In("amplitude_m", false, "double", "half swing (m)"),
        In("timeout_s", false, "double", "time limit (s)")}},
  };
  const auto found = kPorts.find(skill);
  return found == kPorts.end() ? std::vector<PortSpec>{} : found->second;
}

}  // namespace tianmu::brain
