#include "tianmu/runtime/run_log.h"

#include <charconv>
#include <cmath>
#include <map>

namespace tianmu::runtime {
namespace {

// Appends JSON fragments quickly (this runs every control tick).
void Num(std::string* out, double v) {
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity
    out->append("null");
    return;
  }
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof(buf), v);  // shortest round-trip form
  out->append(buf, result.ptr);
}

void Array(std::string* out, const double* v, std::size_t n) {
  out->push_back('[');
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out->push_back(',');
    Num(out, v[i]);
  }
  out->push_back(']');
}

void Field(std::string* out, const char* name, const std::vector<double>& v) {
  out->append(",\"").append(name).append("\":");
  Array(out, v.data(), v.size());
}

template <std::size_t N>
void Field(std::string* out, const char* name, const std::array<double, N>& v) {
  out->append(",\"").append(name).append("\":");
  Array(out, v.data(), N);
}

void Stamp(std::string* out, double t) {
  const auto ns = static_cast<std::uint64_t>(t * 1e9 + 0.5);
  out->append("{\"timestamp\":{\"sec\":");
  out->append(std::to_string(ns / 1000000000ULL));
  out->append(",\"nsec\":");
  out->append(std::to_string(ns % 1000000000ULL));
  out->append("}");
}

const char* kVector = R"({"type":"array","items":{"type":"number"}})";

std::string ArraySchema(const std::string& title, const std::vector<std::string>& fields,
                        const std::string& extra = "") {
  std::string s =
      R"({"title":")" + title +
      R"(","type":"object","properties":{"timestamp":{"type":"object","properties":{"sec":{"type":"integer"},"nsec":{"type":"integer"}}})";
  for (const std::string& f : fields) s += ",\"" + f + "\":" + kVector;
  s += extra + "}}";
  return s;
}

}  // namespace

RunLog::RunLog(const std::filesystem::path& path, const model::RobotSpec& spec,
               data::McapCompression compression)
    : writer_(path, [&] {
        data::McapWriterOptions options;
        options.compression = compression;
        options.profile = "";
        return options;
      }()) {
  std::string names;
  for (const model::JointSpec& joint : spec.joints)
    names += (names.empty() ? "" : ",") + joint.name;
  // Joint arrays follow the robot's joint order; the names travel in the channel metadata.
  const std::uint16_t joint_schema = writer_.AddSchema(
      "tianmu.JointState", "jsonschema",
      ArraySchema("tianmu.JointState",
                  {"position_rad", "velocity_radps", "torque_Nm", "temperature_C"}));
  joints_ = writer_.AddChannel(joint_schema, kJointStateTopic, "json",
                               {{"joint_names", names}, {"robot", spec.name}});
  imu_ = writer_.AddJsonChannel(
      kImuTopic, "tianmu.Imu",
      ArraySchema("tianmu.Imu",
                  {"orientation_wxyz", "angular_velocity_radps", "linear_acceleration_mps2"}));
  feet_ = writer_.AddJsonChannel(
      kFootWrenchTopic, "tianmu.FootWrenches",
      ArraySchema("tianmu.FootWrenches",
                  {"left_force_N", "left_torque_Nm", "right_force_N", "right_torque_Nm"}));
  const std::uint16_t command_schema = writer_.AddSchema(
      "tianmu.JointCommand", "jsonschema",
      ArraySchema("tianmu.JointCommand",
                  {"q_des_rad", "dq_des_radps", "kp_Nm_per_rad", "kd_Nms_per_rad", "tau_ff_Nm"},
                  R"(,"mode":{"type":"string"})"));
  command_ = writer_.AddChannel(command_schema, kCommandTopic, "json",
                                {{"joint_names", names}, {"robot", spec.name}});
  // Foxglove's PoseInFrame layout, so its 3D and plot panels understand the base pose.
  pose_ = writer_.AddJsonChannel(
      kBasePoseTopic, "foxglove.PoseInFrame",
      R"({"title":"foxglove.PoseInFrame","type":"object","properties":{"timestamp":{"type":"object","properties":{"sec":{"type":"integer"},"nsec":{"type":"integer"}}},"frame_id":{"type":"string"},"pose":{"type":"object","properties":{"position":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"number"}}},"orientation":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"number"},"w":{"type":"number"}}}}}}})");
  buffer_.reserve(4096);
}

void RunLog::Write(const hal::LowState& state, const hal::LowCmd& cmd,
                   const sim::GroundTruth& truth) {
  const auto t_ns = static_cast<std::uint64_t>(state.time_s * 1e9 + 0.5);
  // Uncontended except while another thread writes a camera frame.
  const std::lock_guard<std::mutex> lock(mutex_);
  std::string* b = &buffer_;

  b->clear();
  Stamp(b, state.time_s);
  Field(b, "position_rad", state.q_rad);
  Field(b, "velocity_radps", state.dq_radps);
  Field(b, "torque_Nm", state.tau_measured_Nm);
  Field(b, "temperature_C", state.temperature_C);
  b->push_back('}');
  writer_.Write(joints_, t_ns, t_ns, *b);

  b->clear();
  Stamp(b, state.time_s);
  Field(b, "orientation_wxyz", state.imu.orientation_wxyz);
  Field(b, "angular_velocity_radps", state.imu.angular_velocity_radps);
  Field(b, "linear_acceleration_mps2", state.imu.linear_acceleration_mps2);
  b->push_back('}');
  writer_.Write(imu_, t_ns, t_ns, *b);

  b->clear();
  Stamp(b, state.time_s);
  Field(b, "left_force_N", state.feet[0].force_N);
  Field(b, "left_torque_Nm", state.feet[0].torque_Nm);
  Field(b, "right_force_N", state.feet[1].force_N);
  Field(b, "right_torque_Nm", state.feet[1].torque_Nm);
  b->push_back('}');
  writer_.Write(feet_, t_ns, t_ns, *b);

  b->clear();
  Stamp(b, state.time_s);
  b->append(",\"mode\":\"").append(hal::CommandModeName(cmd.mode)).append("\"");
  Field(b, "q_des_rad", cmd.q_des_rad);
  Field(b, "dq_des_radps", cmd.dq_des_radps);
  Field(b, "kp_Nm_per_rad", cmd.kp_Nm_per_rad);
  Field(b, "kd_Nms_per_rad", cmd.kd_Nms_per_rad);
  Field(b, "tau_ff_Nm", cmd.tau_ff_Nm);
  b->push_back('}');
  writer_.Write(command_, t_ns, t_ns, *b);

  b->clear();
  const auto truth_ns = static_cast<std::uint64_t>(truth.time_s * 1e9 + 0.5);
  Stamp(b, truth.time_s);
  b->append(",\"frame_id\":\"world\",\"pose\":{\"position\":{\"x\":");
  Num(b, truth.base_position_m[0]);
  b->append(",\"y\":");
  Num(b, truth.base_position_m[1]);
  b->append(",\"z\":");
  Num(b, truth.base_position_m[2]);
  b->append("},\"orientation\":{\"x\":");
  Num(b, truth.base_orientation_wxyz[1]);
  b->append(",\"y\":");
  Num(b, truth.base_orientation_wxyz[2]);
  b->append(",\"z\":");
  Num(b, truth.base_orientation_wxyz[3]);
  b->append(",\"w\":");
  Num(b, truth.base_orientation_wxyz[0]);
  b->append("}}}");
  writer_.Write(pose_, truth_ns, truth_ns, *b);
}

void RunLog::Close() {
  const std::lock_guard<std::mutex> lock(mutex_);
  writer_.Close();
  closed_ = true;
}

void RunLog::WithWriter(const std::function<void(data::McapWriter*)>& write) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!closed_) write(&writer_);
}

}  // namespace tianmu::runtime
