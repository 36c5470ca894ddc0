#include "tianmu/runtime/command_schedule.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "tianmu/core/config_node.h"
#include "tianmu/core/error.h"

namespace tianmu::runtime {

control::locomotion::VelocityCommand ParseVelocityCommand(const std::string& text,
                                                          const std::string& flag) {
  std::vector<double> values;
  std::stringstream s(text);
  std::string word;
  while (std::getline(s, word, ',')) {
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    if (word.empty() || end != word.c_str() + word.size() || !std::isfinite(v)) {
      throw InputError(flag + ": expected three numbers \"vx,vy,wz\" (m/s, m/s, rad/s), got '" +
                       text + "'");
    }
    values.push_back(v);
  }
  if (values.size() != 3) {
    throw InputError(flag + ": expected three numbers \"vx,vy,wz\" (m/s, m/s, rad/s), got '" +
                     text + "'");
  }
  return {values[0], values[1], values[2]};
}

std::vector<control::TimedCommand> LoadCommandSchedule(const std::filesystem::path& file) {
  const ConfigNode root = ConfigNode::LoadFile(file);
  root.RejectUnknownKeys({"commands"});
  std::vector<control::TimedCommand> out;
  for (const ConfigNode& item : root.Required("commands").SequenceItems()) {
    item.RejectUnknownKeys({"t", "vx", "vy", "wz"});
    control::TimedCommand c;
    c.time_s = item.Required("t").AsNonNegativeDouble();
    if (!out.empty() && c.time_s < out.back().time_s) {
      item.Required("t").Fail("a time >= the previous command's (" +
                              std::to_string(out.back().time_s) + " s)");
    }
    if (auto v = item.Optional("vx")) c.command.vx_mps = v->AsDouble();
    if (auto v = item.Optional("vy")) c.command.vy_mps = v->AsDouble();
    if (auto v = item.Optional("wz")) c.command.wz_radps = v->AsDouble();
    out.push_back(c);
  }
  if (out.empty()) root.Required("commands").Fail("at least one command");
  return out;
}

}  // namespace tianmu::runtime
