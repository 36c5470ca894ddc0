#include "tianmu/control/locomotion/locomotion_config.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tianmu/core/error.h"
#include "tianmu/core/shortest_number.h"
#include "tianmu/model/mujoco_handles.h"
#include "tianmu/model/robot_binding.h"

namespace tianmu::control::locomotion {
namespace {

// Leg length and step duration of the reference: a 1.6 m human-sized robot walks with 0.5 s steps.
constexpr double kReferenceLegLengthM = 0.9;
constexpr double kReferenceStepDurationS = 0.5;
// A leg is not stretched beyond this share of its chain length (a straight knee is singular).
constexpr double kLegReachShare = 0.97;
// How far out from the vertical a leg of the widest standing recovery stance leans (rad, 17.5°),
// and of the widest adjusted step while walking (15°). 15° for both was a choice; at 17.5° TM-1S
// survives its lateral 19 N·s standing pushes on 60 of 60 seeds and directions (11–30 held
// out) where 15° survived 48 of 60, but its side pushes while walking fell on 2 more of 10 with
// the wider adjusted steps (NOTES.md). TM-1 keeps 10 of 10 in every push row either way.
constexpr double kRecoverySplayRad = 0.3054;
constexpr double kAdjustedSplayRad = 0.26;

std::string Number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Tree depth of a body (world = 0), to order a leg's joints from hip to ankle.
int BodyDepth(const mjModel* m, int body) {
  int depth = 0;
  while (body > 0) {
    body = m->body_parentid[body];
    ++depth;
  }
  return depth;
}

// The leg group's joint nearest the base (the hip), as a MuJoCo joint id.
int FirstLegJoint(const model::RobotSpec& spec, const model::RobotBinding& binding,
                  const mjModel* m, const std::string& group) {
  const model::GroupSpec* leg = spec.Group(group);
  int first = binding.joint_id[leg->joints.front()];
  for (int j : leg->joints) {
    const int id = binding.joint_id[j];
    if (BodyDepth(m, m->jnt_bodyid[id]) < BodyDepth(m, m->jnt_bodyid[first])) first = id;
  }
  return first;
}

// Sole distance of a stance whose legs, stretched to their reach with the CoM between the feet,
// lean `splay_rad` out from the vertical.
double WidthForSplay(const LocomotionConfig& c, double splay_rad) {
  return c.hip_width_m + 2 * kLegReachShare * c.leg_length_m * std::sin(splay_rad);
}

// Length of the kinematic chain from the leg's first joint axis point to its sole site. The
// distance between consecutive joint anchors is fixed in the link between them, so the sum does
// not depend on the posture: it is the leg's reach when stretched.
double LegChainLength(const model::RobotSpec& spec, const model::RobotBinding& binding,
                      const mjModel* m, const mjData* d, const std::string& group, int sole_site) {
  const model::GroupSpec* leg = spec.Group(group);
  std::vector<int> joints;
  for (int j : leg->joints) joints.push_back(binding.joint_id[j]);
  std::stable_sort(joints.begin(), joints.end(), [m](int a, int b) {
    return BodyDepth(m, m->jnt_bodyid[a]) < BodyDepth(m, m->jnt_bodyid[b]);
  });
  double length = 0;
  for (std::size_t i = 0; i < joints.size(); ++i) {
    const double* a = d->xanchor + 3 * joints[i];
    const double* b =
        i + 1 < joints.size() ? d->xanchor + 3 * joints[i + 1] : d->site_xpos + 3 * sole_site;
    length += std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                        (a[2] - b[2]) * (a[2] - b[2]));
  }
  return length;
}

// Command limits that keep every footstep of a steady gait inside the step limits: forward and
// backward steps advance v·T, lateral and yaw motion happens on the leading foot's steps only
// (2·v·T every other step).
void DeriveCommandLimits(LocomotionConfig* c, bool vx, bool back, bool vy, bool wz) {
  const double t = c->step_duration_s;
  if (vx) c->max_vx_mps = c->max_step_length_m / c->fast_step_duration_s;
  if (back) c->max_backward_vx_mps = c->max_step_back_m / t;
  if (vy) c->max_vy_mps = c->max_step_width_m / (2 * t);
  if (wz) c->max_wz_radps = c->max_step_yaw_rad / (2 * t);
}

// One violated consistency rule: the field to blame, the other field involved, the message.
struct Inconsistency {
  std::string field;
  std::string other_field;
  std::string message;
};

std::optional<Inconsistency> FindInconsistency(const LocomotionConfig& c) {
  constexpr double kTol = 1e-9;
  const double t = c.step_duration_s;
  for (const auto& [key, width] :
       {std::pair<const char*, double>{"recovery_max_step_width_m", c.recovery_max_step_width_m},
        std::pair<const char*, double>{"adjusted_max_step_width_m", c.adjusted_max_step_width_m}}) {
    if (width < c.min_step_width_m) {
      return Inconsistency{key, "min_step_width_m",
                           std::string("expected ") + key + " >= min_step_width_m (" +
                               Number(width) + " < " + Number(c.min_step_width_m) + ")"};
    }
  }
  if (!(c.min_step_width_m > 0) || c.min_step_width_m > c.nominal_step_width_m) {
    return Inconsistency{"min_step_width_m", "nominal_step_width_m",
                         "expected 0 < min_step_width_m <= nominal_step_width_m (" +
                             Number(c.nominal_step_width_m) + "), got " +
                             Number(c.min_step_width_m)};
  }
  if (!(c.fast_step_duration_s <= t)) {
    return Inconsistency{"fast_step_duration_s", "step_duration_s",
                         "expected fast_step_duration_s <= step_duration_s (" + Number(t) +
                             "), got " + Number(c.fast_step_duration_s)};
  }
  if (c.cadence_step_length_m > c.max_step_length_m) {
    return Inconsistency{"cadence_step_length_m", "max_step_length_m",
                         "expected cadence_step_length_m <= max_step_length_m (" +
                             Number(c.max_step_length_m) + "), got " +
                             Number(c.cadence_step_length_m)};
  }
  if (c.max_vx_mps * c.fast_step_duration_s > c.max_step_length_m + kTol) {
    return Inconsistency{"max_vx_mps", "max_step_length_m",
                         "expected max_vx_mps * fast_step_duration_s <= max_step_length_m "
                         "(max_vx_mps <= " +
                             Number(c.max_step_length_m / c.fast_step_duration_s) + "), got " +
                             Number(c.max_vx_mps)};
  }
  if (c.max_backward_vx_mps * t > c.max_step_back_m + kTol) {
    return Inconsistency{"max_backward_vx_mps", "max_step_back_m",
                         "expected max_backward_vx_mps * step_duration_s <= max_step_back_m "
                         "(max_backward_vx_mps <= " +
                             Number(c.max_step_back_m / t) + "), got " +
                             Number(c.max_backward_vx_mps)};
  }
  if (2 * c.max_vy_mps * t > c.max_step_width_m + kTol) {
    return Inconsistency{"max_vy_mps", "max_step_width_m",
                         "expected 2 * max_vy_mps * step_duration_s <= max_step_width_m "
                         "(max_vy_mps <= " +
                             Number(c.max_step_width_m / (2 * t)) + "), got " +
                             Number(c.max_vy_mps)};
  }
  if (2 * c.max_wz_radps * t > c.max_step_yaw_rad + kTol) {
    return Inconsistency{"max_wz_radps", "max_step_yaw_rad",
                         "expected 2 * max_wz_radps * step_duration_s <= max_step_yaw_rad "
                         "(max_wz_radps <= " +
                             Number(c.max_step_yaw_rad / (2 * t)) + "), got " +
                             Number(c.max_wz_radps)};
  }
  const double fast_single =
      c.fast_step_duration_s * (1 - c.DoubleSupportFractionFor(c.fast_step_duration_s));
  if (c.adjustment_lock_time_s >= fast_single) {
    return Inconsistency{"adjustment_lock_time_s", "step_duration_s",
                         "expected adjustment_lock_time_s < the fastest single-support time " +
                             Number(fast_single) + " s, got " + Number(c.adjustment_lock_time_s)};
  }
  if (c.min_swing_duration_s > c.single_support_duration_s()) {
    return Inconsistency{"min_swing_duration_s", "step_duration_s",
                         "expected min_swing_duration_s <= the single-support time " +
                             Number(c.single_support_duration_s()) + " s, got " +
                             Number(c.min_swing_duration_s)};
  }
  const double half_sole = 0.5 * std::min(c.foot_length_m, c.foot_width_m);
  if (c.cop_margin_m >= half_sole) {
    return Inconsistency{"cop_margin_m", "foot_width_m",
                         "expected cop_margin_m < half the smaller sole side (" +
                             Number(half_sole) + "), got " + Number(c.cop_margin_m)};
  }
  return std::nullopt;
}

// The numeric fields a configuration file may set, with their valid ranges.
struct Field {
  const char* key;
  double* value;
  double lo;
  double hi;
};

std::vector<Field> NumericFields(LocomotionConfig* c) {
  constexpr double kInf = 1e9;
  return {
      {"nominal_com_height_m", &c->nominal_com_height_m, 0.05, 5},
      {"nominal_step_width_m", &c->nominal_step_width_m, 0.01, 2},
      {"foot_length_m", &c->foot_length_m, 0.01, 1},
      {"foot_width_m", &c->foot_width_m, 0.01, 1},
      {"gravity_mps2", &c->gravity_mps2, 0.1, 100},
      {"step_duration_s", &c->step_duration_s, 0.1, 5},
      {"fast_step_duration_s", &c->fast_step_duration_s, 0.1, 5},
      {"double_support_fraction", &c->double_support_fraction, 0.05, 0.5},
      {"start_transfer_duration_s", &c->start_transfer_duration_s, 0.05, 10},
      {"final_transfer_duration_s", &c->final_transfer_duration_s, 0.05, 10},
      {"swing_apex_height_m", &c->swing_apex_height_m, 0, 0.5},
      {"swing_landing_velocity_mps", &c->swing_landing_velocity_mps, 0, 1},
      {"early_touchdown_phase", &c->early_touchdown_phase, 0.5, 1},
      {"max_step_length_m", &c->max_step_length_m, 0.001, 3},
      {"cadence_step_length_m", &c->cadence_step_length_m, 0.001, 3},
      {"max_step_back_m", &c->max_step_back_m, 0, 3},
      {"max_step_width_m", &c->max_step_width_m, 0, 3},
      {"min_step_width_m", &c->min_step_width_m, 0.001, 2},
      {"max_step_yaw_rad", &c->max_step_yaw_rad, 0, 1.6},
      {"max_vx_mps", &c->max_vx_mps, 0, kInf},
      {"max_backward_vx_mps", &c->max_backward_vx_mps, 0, kInf},
      {"max_vy_mps", &c->max_vy_mps, 0, kInf},
      {"max_wz_radps", &c->max_wz_radps, 0, kInf},
      {"dcm_gain", &c->dcm_gain, 0.1, 10},
      {"cop_margin_m", &c->cop_margin_m, 0, 0.5},
      {"step_trigger_margin_m", &c->step_trigger_margin_m, -0.5, 0.5},
      {"adjustment_lock_time_s", &c->adjustment_lock_time_s, 0, 5},
      {"lateral_velocity_gain", &c->lateral_velocity_gain, 0, 5},
      {"lateral_velocity_integral_gain_per_s", &c->lateral_velocity_integral_gain_per_s, 0, 5},
      {"min_swing_duration_s", &c->min_swing_duration_s, 0.05, 5},
      {"recovery_reach_scale", &c->recovery_reach_scale, 1, 3},
      {"recovery_max_step_width_m", &c->recovery_max_step_width_m, 0.01, 3},
      {"adjusted_max_step_width_m", &c->adjusted_max_step_width_m, 0.01, 3},
      {"max_com_drop_share", &c->max_com_drop_share, 0, 0.5},
      {"hip_height_m", &c->hip_height_m, 0.01, 5},
      {"hip_width_m", &c->hip_width_m, 0, 2},
      {"com_height_kp_per_s2", &c->com_height_kp_per_s2, 0, 1e4},
      {"com_height_kd_per_s", &c->com_height_kd_per_s, 0, 1e3},
      {"walking_com_height_kp_per_s2", &c->walking_com_height_kp_per_s2, 0, 1e4},
      {"walking_com_height_kd_per_s", &c->walking_com_height_kd_per_s, 0, 1e3},
  };
}

// The yes/no fields a configuration file may set.
std::vector<std::pair<const char*, bool*>> FlagFields(LocomotionConfig* c) {
  return {
      {"push_recovery_steps", &c->push_recovery_steps},
      {"step_adjustment", &c->step_adjustment},
      {"step_timing_adaptation", &c->step_timing_adaptation},
  };
}

}  // namespace

double LocomotionConfig::omega() const { return std::sqrt(gravity_mps2 / nominal_com_height_m); }

double LocomotionConfig::single_support_duration_s() const {
  return step_duration_s * (1 - double_support_fraction);
}

double LocomotionConfig::double_support_duration_s() const {
  return step_duration_s * double_support_fraction;
}

double LocomotionConfig::DoubleSupportFractionFor(double step_s) const {
  const double ratio = std::min(step_s / step_duration_s, 1.0);
  return double_support_fraction * ratio * ratio;
}

double LocomotionConfig::ComDropForWidth(double width_m) const {
  const double reach = kLegReachShare * leg_length_m;
  const double lateral = std::max(0.5 * (width_m - hip_width_m), 0.0);
  const double height = std::sqrt(std::max(reach * reach - lateral * lateral, 0.0));
  // Relative to the nominal stance: a robot that stands with more bent knees than the reach
  // allows at its own width is not lowered further for it.
  const double nominal_lateral = std::max(0.5 * (nominal_step_width_m - hip_width_m), 0.0);
  const double nominal_height = std::min(
      hip_height_m, std::sqrt(std::max(reach * reach - nominal_lateral * nominal_lateral, 0.0)));
  return std::clamp(nominal_height - height, 0.0, max_com_drop_share * nominal_com_height_m);
}

double LocomotionConfig::StepDurationFor(double vx_mps) const {
  const double speed = std::abs(vx_mps);
  if (speed * step_duration_s <= cadence_step_length_m) return step_duration_s;
  return std::clamp(cadence_step_length_m / speed, std::min(fast_step_duration_s, step_duration_s),
                    step_duration_s);
}

LocomotionConfig DeriveLocomotionConfig(const model::RobotSpec& spec) {
  const mjModel* m = spec.model.get();
  const model::RobotBinding binding = model::BindRobot(spec, m);
  model::MjDataPtr data = model::MakeData(m);
  mjData* d = data.get();
  // Base upright at the origin, joints in the nominal posture (as RobotSpec's standing height).
  double* base = d->qpos + binding.base_qpos_adr;
  base[0] = base[1] = base[2] = 0;
  base[3] = 1;
  base[4] = base[5] = base[6] = 0;
  for (int j = 0; j < spec.num_joints(); ++j) {
    d->qpos[binding.joint_qpos_adr[j]] = spec.joints[j].nominal_rad;
  }
  mj_kinematics(m, d);
  mj_comPos(m, d);

  const double* left = d->site_xpos + 3 * binding.feet[0].sole_site;
  const double* right = d->site_xpos + 3 * binding.feet[1].sole_site;
  const double sole_z = 0.5 * (left[2] + right[2]);
  const double* com = d->subtree_com + 3 * binding.base_body;

  LocomotionConfig c;
  c.nominal_com_height_m = com[2] - sole_z;
  c.nominal_step_width_m = std::abs(left[1] - right[1]);
  c.foot_length_m = std::min(spec.feet[0].sole_length_m, spec.feet[1].sole_length_m);
  c.foot_width_m = std::min(spec.feet[0].sole_width_m, spec.feet[1].sole_width_m);
  c.leg_length_m =
      0.5 * (LegChainLength(spec, binding, m, d, "left_leg", binding.feet[0].sole_site) +
             LegChainLength(spec, binding, m, d, "right_leg", binding.feet[1].sole_site));
  const double leg = c.leg_length_m;
  // The hips: the anchors of each leg's first joint.
  const int left_hip = FirstLegJoint(spec, binding, m, "left_leg");
  const int right_hip = FirstLegJoint(spec, binding, m, "right_leg");
  c.hip_height_m = 0.5 * (d->xanchor[3 * left_hip + 2] + d->xanchor[3 * right_hip + 2]) - sole_z;
  c.hip_width_m = std::abs(d->xanchor[3 * left_hip + 1] - d->xanchor[3 * right_hip + 1]);
  // Five-joint legs (no ankle roll) drift sideways while walking with or without step timing
  // (0.1–1.8 m in 12 s at 0.3 m/s over seeds, NOTES.md): they keep the fixed timing they were
  // tested with until their contact has its own five-row formulation. The same holds for the
  // stiffer walking CoM height gains: at 0.3 m/s, seeds 5–9, TM-1-5DoF fell on 4 of 5 with them
  // and on 2 of 5 with the standing gains.
  if (spec.Group("left_leg")->joints.size() < 6 || spec.Group("right_leg")->joints.size() < 6) {
    c.step_timing_adaptation = false;
    // Measured on tm1-5dof at 0.3 m/s for 12 s, seeds 1, 2, 3, 7 with the datasheet IMU: without
    // it the walk drifts 1.2–2.0 m sideways (or falls); k_p 1 alone 0.17–0.67 m; k_p 1, k_i 0.5
    // 0.28–0.32 m (the first strides' drift, then none), no fall.
    c.lateral_velocity_gain = 1.0;
    c.lateral_velocity_integral_gain_per_s = 0.5;
    c.walking_com_height_kp_per_s2 = c.com_height_kp_per_s2;
    c.walking_com_height_kd_per_s = c.com_height_kd_per_s;
  }

  // Pendulum time scales with √(l/g): so does a comfortable step. Rounded to 10 ms.
  const double t = kReferenceStepDurationS * std::sqrt(leg / kReferenceLegLengthM);
  c.step_duration_s = std::round(std::clamp(t, 0.3, 0.8) * 100) / 100;
  c.start_transfer_duration_s = c.step_duration_s;
  c.final_transfer_duration_s = c.step_duration_s;
  c.swing_apex_height_m = std::clamp(0.075 * leg, 0.03, 0.08);

  // Step limits as fractions of the leg: a 0.9 m leg steps 0.36 m forward at its comfortable
  // cadence, then quicker steps (0.8 T) up to 0.43 m, as people do beyond about 0.7 m/s; 0.18 m
  // sideways.
  c.fast_step_duration_s = std::round(0.8 * c.step_duration_s * 100) / 100;
  c.cadence_step_length_m = 0.4 * leg;
  c.max_step_length_m = 0.48 * leg;
  c.max_step_back_m = 0.25 * leg;
  c.max_step_width_m = 0.2 * leg;
  // Soles never closer than their width plus 2 cm, nor than half the standing width.
  c.min_step_width_m =
      std::clamp(c.foot_width_m + 0.02, 0.5 * c.nominal_step_width_m, c.nominal_step_width_m);
  // A turning step of 35°, as people turn on the spot; 2·wz·T leaves room for heading correction.
  c.max_step_yaw_rad = 0.6;
  DeriveCommandLimits(&c, true, true, true, true);

  c.cop_margin_m = 0.1 * c.foot_width_m;
  c.step_trigger_margin_m = 0.1 * c.foot_width_m;
  c.adjustment_lock_time_s = 0.1 * c.single_support_duration_s();
  // A recovery step may swing twice as fast as a walking step.
  c.min_swing_duration_s = std::round(0.5 * c.single_support_duration_s() * 100) / 100;
  // A recovery step sideways may go as wide as the stretched legs reach leaning 17.5° out (the
  // feet's horizontal force then stays within a third of the vertical one, inside any
  // floor's friction cone), and at least as wide as the scaled walking limit.
  c.recovery_max_step_width_m =
      std::max(c.nominal_step_width_m + c.recovery_reach_scale * c.max_step_width_m,
               WidthForSplay(c, kRecoverySplayRad));
  c.adjusted_max_step_width_m =
      std::max(c.nominal_step_width_m + c.recovery_reach_scale * c.max_step_width_m,
               WidthForSplay(c, kAdjustedSplayRad));
  return c;
}

void ApplyOverrides(const ConfigNode& node, LocomotionConfig* config) {
  LocomotionConfig& c = *config;
  const std::vector<Field> fields = NumericFields(config);
  const std::vector<std::pair<const char*, bool*>> flags = FlagFields(config);
  std::vector<std::string> allowed;
  for (const Field& f : fields) allowed.push_back(f.key);
  for (const auto& [key, value] : flags) allowed.push_back(key);
  allowed.push_back("preview_steps");
  node.RejectUnknownKeys(allowed);

  for (const Field& f : fields) {
    if (auto value = node.Optional(f.key)) *f.value = value->AsDoubleInRange(f.lo, f.hi);
  }
  for (const auto& [key, value] : flags) {
    if (auto given = node.Optional(key)) *value = given->AsBool();
  }
  if (auto preview = node.Optional("preview_steps")) {
    c.preview_steps = preview->AsInt();
    if (c.preview_steps < 1 || c.preview_steps > 3) preview->Fail("an integer in [1, 3]");
  }
  // Fast-walking timing and cadence length not given follow an overridden step time and length.
  if (node.Has("step_duration_s") && !node.Has("fast_step_duration_s")) {
    c.fast_step_duration_s = std::round(0.8 * c.step_duration_s * 100) / 100;
  }
  if (node.Has("max_step_length_m") && !node.Has("cadence_step_length_m")) {
    c.cadence_step_length_m = std::min(c.cadence_step_length_m, c.max_step_length_m);
  }
  // Command limits not given follow the (possibly overridden) step limits and timing.
  DeriveCommandLimits(&c, !node.Has("max_vx_mps"), !node.Has("max_backward_vx_mps"),
                      !node.Has("max_vy_mps"), !node.Has("max_wz_radps"));

  if (std::optional<Inconsistency> bad = FindInconsistency(c)) {
    // Blame the field the file gives (the first one if it gives both), else the map itself.
    std::optional<ConfigNode> at = node.Optional(bad->field);
    if (!at) at = node.Optional(bad->other_field);
    const std::string field =
        at ? at->path() : (node.path().empty() ? bad->field : node.path() + "." + bad->field);
    throw InputError(node.file(), at ? at->line() : node.line(), field, bad->message);
  }
}

void ValidateLocomotionConfig(const LocomotionConfig& config, const std::string& source) {
  if (std::optional<Inconsistency> bad = FindInconsistency(config)) {
    throw InputError(source, 0, bad->field, bad->message);
  }
}

std::vector<LocomotionConfigEntry> LocomotionConfigEntries(const LocomotionConfig& config) {
  LocomotionConfig copy = config;
  std::vector<LocomotionConfigEntry> entries;
  for (const Field& f : NumericFields(&copy)) entries.push_back({f.key, ShortestNumber(*f.value)});
  for (const auto& [key, value] : FlagFields(&copy)) {
    entries.push_back({key, *value ? "true" : "false"});
  }
  entries.push_back({"preview_steps", std::to_string(copy.preview_steps)});
  return entries;
}

}  // namespace tianmu::control::locomotion
