#include "tianmu/capability/capability_key.h"

namespace tianmu::capability {

const std::vector<CapabilityKey>& CapabilityKeys() {
  // Keys and units follow certify::ProfileJson (src/tianmu/certify/report.cc) and the items'
  // registry; tests/capability checks both so the three cannot drift apart.
  static const std::vector<CapabilityKey> keys = {
      {"speeds.max_walk_speed_mps", "m/s", false, "perf.max_walk_speed", "certification",
       "fastest sustained walking speed"},
      {"speeds.turn_rate_radps", "rad/s", false, "perf.turn_rate", "certification",
       "sustained turning rate in place"},
      {"terrain.max_slope_deg", "deg", false, "perf.max_slope", "certification",
       "steepest ramp climbed blind"},
      {"terrain.max_step_m", "m", false, "perf.max_step", "certification",
       "highest step climbed blind"},
      {"payload_kg", "kg", false, "perf.payload", "certification",
       "heaviest box carried with both hands while walking"},
      {"push_tolerance.standing_worst_Ns", "N s", false, "perf.standing_push", "certification",
       "smallest survivable standing push over directions"},
      {"push_tolerance.walking_lateral_Ns", "N s", false, "perf.walking_lateral_push",
       "certification", "survivable lateral push while walking"},
      {"energy.cost_of_transport", "1", true, "perf.cost_of_transport", "certification",
       "cost of transport at 0.5 m/s"},
      {"energy.endurance_min", "min", false, "perf.endurance", "certification",
       "continuous walking time on the declared battery"},
      {"navigation.walk_to_target_error_m", "m", true, "perf.walk_to_target", "certification",
       "final distance from a target 5 m away"},
      {"safety.estop_stop_time_s", "s", true, "safety.estop_stop_time", "certification",
       "category-1 stop time from top speed"},
      // A mean of the stop trials' distances: results.json gives it no interval.
      {"safety.estop_stopping_distance_m", "m", true, "", "certification",
       "distance travelled during the category-1 stop"},
      {"safety.contact_force_pct_of_limit", "%", true, "safety.contact_force", "certification",
       "peak contact force, % of the ISO/TS 15066 transient limit"},
      {"safety.contact_pressure_pct_of_limit", "%", true, "safety.contact_pressure",
       "certification", "peak contact pressure, % of the ISO/TS 15066 transient limit"},
      {"safety.fall_detection_latency_s", "s", true, "safety.fall_detection_latency",
       "certification", "time from losing balance to the fall being detected"},
      {"safety.fall_peak_head_g", "g", true, "safety.fall_head_acceleration", "certification",
       "peak head acceleration in a protective fall"},
      {"safety.watchdog_reaction_s", "s", true, "safety.watchdog", "certification",
       "reaction to a lost command stream"},
      {"reliability.falls_per_hour", "1/h", true, "rel.long_run", "certification",
       "falls per hour of random velocity commands"},
      {"reliability.final_pose_spread_m", "m", true, "rel.repeatability", "certification",
       "RMS spread of the final pose over seeds"},
      // Pass-rate items sit only under profile.json `figures`, keyed by item id.
      {"figures.safety.joint_limits", "%", false, "safety.joint_limits", "certification",
       "trials without a joint limit violation"},
      {"figures.safety.invalid_commands", "%", false, "safety.invalid_commands", "certification",
       "trials with every invalid command rejected"},
      {"figures.rel.fault_imu", "%", false, "rel.fault_imu", "certification",
       "trials passed with IMU bias and noise x3"},
      {"figures.rel.fault_stale_encoders", "%", false, "rel.fault_stale_encoders", "certification",
       "trials passed with 10 ms of stale encoder readings"},
      {"figures.rel.fault_weak_knee", "%", false, "rel.fault_weak_knee", "certification",
       "trials passed with one knee actuator weakened 30 %"},
      {"figures.rel.fault_command_latency", "%", false, "rel.fault_command_latency",
       "certification", "trials passed with 5 ms command latency"},
      // Not measured: declared by the robot's description.
      {"hands", "1", false, "", "robot.yaml", "number of hands (robot.yaml `hands:`)"},
      {"reach_m", "m", false, "", "robot.yaml", "arm reach from the shoulder (not declared yet)"},
  };
  return keys;
}

const CapabilityKey* FindCapabilityKey(const std::string& key) {
  for (const CapabilityKey& k : CapabilityKeys()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

std::string CapabilityKeyList() {
  std::string out;
  for (const CapabilityKey& k : CapabilityKeys()) out += (out.empty() ? "" : ", ") + k.key;
  return out;
}

}  // namespace tianmu::capability
