#include "tianmu/service/telemetry.h"

#include <algorithm>
#include <cmath>

namespace tianmu::service {
namespace {

nlohmann::json Stamp(std::int64_t ns) {
  return {{"sec", ns / 1000000000}, {"nsec", ns % 1000000000}};
}

nlohmann::json Vec3(const std::array<double, 3>& v) {
  return {{"x", v[0]}, {"y", v[1]}, {"z", v[2]}};
}

const char* kTimeSchema = R"("timestamp":{"type":"object","properties":{"sec":{"type":"integer"},)"
                          R"("nsec":{"type":"integer"}}})";

std::string Vec3Schema() {
  return R"({"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},)"
         R"("z":{"type":"number"}}})";
}

std::string ObjectSchema(const std::string& properties) {
  return std::string(R"({"type":"object","properties":{)") + kTimeSchema + "," + properties + "}}";
}

std::string NumberArray() { return R"({"type":"array","items":{"type":"number"}})"; }

}  // namespace

const std::vector<TelemetryChannel>& TelemetryChannels() {
  static const std::vector<TelemetryChannel> channels = [] {
    std::vector<TelemetryChannel> c;
    c.push_back({1, "/joint_states", "tianmu.JointStates",
                 ObjectSchema(R"("name":{"type":"array","items":{"type":"string"}},)"
                              R"("position":)" +
                              NumberArray() + R"(,"velocity":)" + NumberArray() + R"(,"effort":)" +
                              NumberArray() + R"(,"temperature":)" + NumberArray())});
    c.push_back({2, "/base_pose", "foxglove.PoseInFrame",
                 ObjectSchema(R"("frame_id":{"type":"string"},"pose":{"type":"object",)"
                              R"("properties":{"position":)" +
                              Vec3Schema() +
                              R"(,"orientation":{"type":"object","properties":{)"
                              R"("x":{"type":"number"},"y":{"type":"number"},)"
                              R"("z":{"type":"number"},"w":{"type":"number"}}}}})")});
    c.push_back(
        {3, "/base_twist", "tianmu.BaseTwist",
         ObjectSchema(R"("linear_mps":)" + Vec3Schema() + R"(,"angular_radps":)" + Vec3Schema())});
    const std::string wrench = R"({"type":"object","properties":{"force_N":)" + Vec3Schema() +
                               R"(,"torque_Nm":)" + Vec3Schema() + R"(,"contact_force_N":)" +
                               Vec3Schema() + "}}";
    c.push_back({4, "/foot_wrenches", "tianmu.FootWrenches",
                 ObjectSchema(R"("left":)" + wrench + R"(,"right":)" + wrench)});
    c.push_back(
        {5, "/controller_status", "tianmu.ControllerStatus",
         ObjectSchema(R"("time_s":{"type":"number"},"mode":{"type":"string"},)"
                      R"("estop":{"type":"boolean"},"fallen":{"type":"boolean"},)"
                      R"("estop_time_s":{"type":"number"},"stopped_time_s":{"type":"number"},)"
                      R"("command":{"type":"object","properties":{"vx_mps":{"type":"number"},)"
                      R"("vy_mps":{"type":"number"},"wz_radps":{"type":"number"}}},)"
                      R"("power_W":{"type":"number"},"energy_J":{"type":"number"},)"
                      R"("ticks":{"type":"integer"},"deadline_misses":{"type":"integer"})")});
    c.push_back({6, "/body_poses", "tianmu.BodyPoses",
                 ObjectSchema(R"("name":{"type":"array","items":{"type":"string"}},)"
                              R"("pose":{"type":"array","items":)" +
                              NumberArray() + "}")});
    return c;
  }();
  return channels;
}

std::string TelemetryMessage(std::uint32_t id, const RobotSnapshot& s, const model::RobotSpec& spec,
                             const std::vector<std::string>& body_names) {
  nlohmann::json j;
  j["timestamp"] = Stamp(s.wall_time_ns);
  switch (id) {
    case 1: {
      nlohmann::json names = nlohmann::json::array();
      for (const model::JointSpec& joint : spec.joints) names.push_back(joint.name);
      j["name"] = std::move(names);
      j["position"] = s.q_rad;
      j["velocity"] = s.dq_radps;
      j["effort"] = s.tau_Nm;
      j["temperature"] = s.temperature_C;
      break;
    }
    case 2: {
      const auto& q = s.base_orientation_wxyz;
      j["frame_id"] = "world";
      j["pose"] = {{"position", Vec3(s.base_position_m)},
                   {"orientation", {{"x", q[1]}, {"y", q[2]}, {"z", q[3]}, {"w", q[0]}}}};
      break;
    }
    case 3:
      j["linear_mps"] = Vec3(s.base_linear_velocity_mps);
      j["angular_radps"] = Vec3(s.base_angular_velocity_radps);
      break;
    case 4: {
      const char* sides[2] = {"left", "right"};
      for (int f = 0; f < 2; ++f) {
        j[sides[f]] = {{"force_N", Vec3(s.foot_force_N[f])},
                       {"torque_Nm", Vec3(s.foot_torque_Nm[f])},
                       {"contact_force_N", Vec3(s.foot_contact_force_N[f])}};
      }
      break;
    }
    case 5:
      j["time_s"] = s.time_s;
      j["mode"] = s.mode;
      j["estop"] = s.estop;
      j["fallen"] = s.fallen;
      j["estop_time_s"] = s.estop_time_s;
      j["stopped_time_s"] = s.stopped_time_s;
      j["command"] = {{"vx_mps", s.command.vx_mps},
                      {"vy_mps", s.command.vy_mps},
                      {"wz_radps", s.command.wz_radps}};
      j["power_W"] = s.power_W;
      j["energy_J"] = s.energy_J;
      j["ticks"] = s.stats.ticks;
      j["deadline_misses"] = s.stats.deadline_misses;
      break;
    case 6:
      j["name"] = body_names;
      j["pose"] = s.body_pose;
      break;
    default:
      return "";
  }
  return j.dump();
}

nlohmann::json StateJson(const RobotSnapshot& s, const model::RobotSpec& spec) {
  nlohmann::json joints = nlohmann::json::array();
  for (std::size_t i = 0; i < spec.joints.size() && i < s.q_rad.size(); ++i) {
    joints.push_back({{"name", spec.joints[i].name},
                      {"position_rad", s.q_rad[i]},
                      {"velocity_radps", s.dq_radps[i]},
                      {"torque_Nm", s.tau_Nm[i]},
                      {"temperature_C", s.temperature_C[i]}});
  }
  const double tilt_rad =
      2 *
      std::asin(std::min(1.0, std::hypot(s.base_orientation_wxyz[1], s.base_orientation_wxyz[2])));
  return {
      {"sequence", s.sequence},
      {"wall_time_ns", s.wall_time_ns},
      {"time_s", s.time_s},
      {"mode", s.mode},
      {"estop", s.estop},
      {"fallen", s.fallen},
      {"estop_time_s", s.estop_time_s},
      {"stopped_time_s", s.stopped_time_s},
      {"command",
       {{"vx_mps", s.command.vx_mps},
        {"vy_mps", s.command.vy_mps},
        {"wz_radps", s.command.wz_radps}}},
      {"base",
       {{"position_m", s.base_position_m},
        {"orientation_wxyz", s.base_orientation_wxyz},
        {"linear_velocity_mps", s.base_linear_velocity_mps},
        {"angular_velocity_radps", s.base_angular_velocity_radps},
        {"tilt_rad", tilt_rad}}},
      {"feet",
       {{"left", {{"force_N", s.foot_force_N[0]}, {"contact_force_N", s.foot_contact_force_N[0]}}},
        {"right",
         {{"force_N", s.foot_force_N[1]}, {"contact_force_N", s.foot_contact_force_N[1]}}}}},
      {"joints", joints},
      {"power_W", s.power_W},
      {"energy_J", s.energy_J},
      {"motion", s.motion.empty()
                     ? nlohmann::json()
                     : nlohmann::json{{"name", s.motion}, {"progress", s.motion_progress}}},
      {"recording", s.recording},
      {"loop",
       {{"ticks", s.stats.ticks},
        {"deadline_misses", s.stats.deadline_misses},
        {"max_tick_ms", s.stats.max_tick_ms},
        {"max_lateness_ms", s.stats.max_lateness_ms},
        {"resets", s.stats.resets},
        {"scheduling", s.stats.scheduling}}},
  };
}

}  // namespace tianmu::service
