#include "tianmu/sim/world.h"

#include <algorithm>
#include <cmath>

#include "tianmu/core/error.h"
#include "tianmu/sim/scene.h"

namespace tianmu::sim {
namespace {

// MuJoCo's force/torque sensors report the wrench the foot exerts on its parent link (in the
// sensor site frame); the ground's push on the robot has the opposite sign. Checked by
// tests/sim: standing, the vertical forces of both feet sum to the weight above the sensors.
constexpr double kFootSensorSign = -1.0;

// Body `b` is `ancestor` or below it.
bool IsDescendant(const mjModel* m, int b, int ancestor) {
  while (b > 0) {
    if (b == ancestor) return true;
    b = m->body_parentid[b];
  }
  return ancestor == 0;
}

}  // namespace

World::World(const model::RobotSpec& spec, const std::filesystem::path& scene_mjcf,
             const WorldOptions& options)
    : spec_(spec),
      options_(options),
      model_(LoadRobotInScene(spec.model_path, scene_mjcf, options.extra_scene_xml)),
      data_(model::MakeData(model_.get())),
      binding_(model::BindRobot(spec_, model_.get())),
      rng_(options.seed),
      // The IMU draws from its own stream (a fixed odd offset of the seed).
      imu_(spec.imu.sheet,
           ImuWhiteNoise{spec.noise.gyro_std_radps, spec.noise.accelerometer_std_mps2,
                         spec.noise.orientation_std_rad},
           spec.imu.has_orientation(), options.sensor_noise, options.seed ^ 0x9E3779B97F4A7C15ULL) {
  if (!(options_.timestep_s > 0) || options_.timestep_s > 0.01) {
    throw InputError("timestep: expected 0 < timestep <= 0.01 s");
  }
  model_->opt.timestep = options_.timestep_s;
  if (!(options_.friction_impedance_ratio >= 0) || options_.friction_impedance_ratio > 1000) {
    throw InputError("friction_impedance_ratio: expected 0 (the model's own) to 1000");
  }
  if (options_.friction_impedance_ratio > 0) {
    model_->opt.impratio = options_.friction_impedance_ratio;
  }
  ConfigureModelFromComponents();
  drives_.reserve(spec_.joints.size());
  for (const model::JointSpec& joint : spec_.joints) {
    drives_.emplace_back(joint, options_.component_models, options_.ambient_temperature_C);
  }
  geom_on_foot_.assign(model_->ngeom, {false, false});
  for (int g = 0; g < model_->ngeom; ++g) {
    for (int f = 0; f < 2; ++f) {
      geom_on_foot_[g][f] =
          IsDescendant(model_.get(), model_->geom_bodyid[g], binding_.feet[f].body);
    }
  }
  // Bodies allowed on the ground: the base and everything a leg joint moves.
  std::vector<int> leg_roots;
  for (const model::GroupSpec& group : spec_.groups) {
    const bool leg =
        group.name.size() > 4 && group.name.compare(group.name.size() - 4, 4, "_leg") == 0;
    if (leg && !group.joints.empty()) {
      leg_roots.push_back(model_->jnt_bodyid[binding_.joint_id[group.joints.front()]]);
    }
  }
  geom_falls_on_contact_.assign(model_->ngeom, false);
  for (int g = 0; g < model_->ngeom; ++g) {
    const int body = model_->geom_bodyid[g];
    if (body == binding_.base_body || !IsDescendant(model_.get(), body, binding_.base_body)) {
      continue;
    }
    bool on_leg = false;
    for (int root : leg_roots) on_leg = on_leg || IsDescendant(model_.get(), body, root);
    geom_falls_on_contact_[g] = !on_leg;
  }
  head_body_ = binding_.base_body;
  for (const char* group_name : {"waist", "head"}) {
    const model::GroupSpec* group = spec_.Group(group_name);
    if (group != nullptr && !group->joints.empty()) {
      head_body_ = model_->jnt_bodyid[binding_.joint_id[group->joints.back()]];
    }
  }
  for (int f = 0; f < 2; ++f) {
    for (int s = 0; s < model_->nsensor; ++s) {
      if (model_->sensor_adr[s] == binding_.feet[f].force_adr) {
        foot_ft_site_[f] = model_->sensor_objid[s];
      }
    }
  }
  tau_last_Nm_.assign(spec_.joints.size(), 0.0);
  frictionloss_Nm_.resize(spec_.joints.size());
  friction_solref_.resize(spec_.joints.size());
  friction_solimp_.resize(spec_.joints.size());
  for (std::size_t j = 0; j < spec_.joints.size(); ++j) {
    const int dof = binding_.joint_dof_adr[j];
    frictionloss_Nm_[j] = model_->dof_frictionloss[dof];
    friction_solref_[j] = {model_->dof_solref[mjNREF * dof], model_->dof_solref[mjNREF * dof + 1]};
    friction_solimp_[j] = {model_->dof_solimp[mjNIMP * dof], model_->dof_solimp[mjNIMP * dof + 1]};
  }
  Reset();
}

void World::ConfigureModelFromComponents() {
  mjModel* m = model_.get();
  model::ApplyYamlJointRanges(spec_, binding_, m);
  if (options_.component_models) model::AddReflectedRotorInertia(spec_, binding_, m);
  for (std::size_t j = 0; j < spec_.joints.size(); ++j) {
    const int actuator = binding_.actuator_id[j];
    // The drive model clamps a motor's torque; a servo's ctrlrange bounds its setpoint, which
    // ActuatorCtrl respects.
    if (spec_.joints[j].actuator_style == model::ActuatorStyle::kMotor) {
      m->actuator_ctrllimited[actuator] = 0;
    }
    if (!options_.component_models) continue;
    const actuators::IntegratedJointSheet& sheet = spec_.joints[j].sheet;
    const int dof = binding_.joint_dof_adr[j];
    m->dof_frictionloss[dof] += sheet.reducer.coulomb_friction_Nm;
    m->dof_damping[dof] += sheet.reducer.viscous_friction_Nms_per_rad;
  }
}

void World::Reset() {
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  mj_resetData(m, d);
  const int base = binding_.base_qpos_adr;
  d->qpos[base + 0] = 0;
  d->qpos[base + 1] = 0;
  // A millimetre of clearance so the soles settle onto the ground without initial penetration.
  d->qpos[base + 2] = spec_.standing_base_height_m + 0.001;
  d->qpos[base + 3] = 1;
  d->qpos[base + 4] = d->qpos[base + 5] = d->qpos[base + 6] = 0;
  for (std::size_t j = 0; j < spec_.joints.size(); ++j) {
    d->qpos[binding_.joint_qpos_adr[j]] = spec_.joints[j].nominal_rad;
  }
  mj_forward(m, d);
  for (int f = 0; f < 2; ++f) foot_contact_force_N_[f] = FootContactForce(f);
  for (std::size_t j = 0; j < spec_.joints.size(); ++j) {
    drives_[j] =
        JointDrive(spec_.joints[j], options_.component_models, options_.ambient_temperature_C);
  }
  std::fill(tau_last_Nm_.begin(), tau_last_Nm_.end(), 0.0);
  imu_.Reset();
  energy_J_ = 0;
  power_W_ = 0;
}

void World::AddPerturbation(Perturbation p) {
  if (p.body == "base") p.body = spec_.base_body;
  const int body = mj_name2id(model_.get(), mjOBJ_BODY, p.body.c_str());
  if (body <= 0) {
    throw InputError("push body '" + p.body + "': no such body in the robot or scene (use " +
                     "'base' for the robot's base body)");
  }
  perturbations_.push_back(p);
  perturbation_body_.push_back(body);
}

void World::SetWeldActive(const std::string& name, bool active) {
  mjModel* m = model_.get();
  const int eq = mj_name2id(m, mjOBJ_EQUALITY, name.c_str());
  if (eq < 0 || m->eq_type[eq] != mjEQ_WELD) {
    throw InputError("weld '" + name + "': no such <weld> equality in the robot or scene");
  }
  if (active) {
    // eq_data of a weld: anchor (3), then the pose of body2 relative to body1: position (3),
    // quaternion (4), then the torque scale. Capture it now, so the weld holds, not pulls.
    const mjData* d = data_.get();
    const int b1 = m->eq_obj1id[eq];
    const int b2 = m->eq_obj2id[eq];
    mjtNum neg[4], rel_quat[4], dpos[3], rel_pos[3];
    mju_negQuat(neg, d->xquat + 4 * b1);
    mju_mulQuat(rel_quat, neg, d->xquat + 4 * b2);
    mju_sub3(dpos, d->xpos + 3 * b2, d->xpos + 3 * b1);
    mju_rotVecQuat(rel_pos, dpos, neg);
    mjtNum* data = m->eq_data + mjNEQDATA * eq;
    mju_copy3(data + 3, rel_pos);
    mju_copy4(data + 6, rel_quat);
  }
  m->eq_active[eq] = active ? 1 : 0;
}

void World::SetCommand(const hal::LowCmd& cmd) {
  const double now = data_->time;
  for (std::size_t j = 0; j < drives_.size(); ++j) {
    DriveTarget t;
    t.mode = cmd.mode;
    if (cmd.mode == hal::CommandMode::kActive) {
      t.q_des_rad = cmd.q_des_rad[j];
      t.dq_des_radps = cmd.dq_des_radps[j];
      t.kp_Nm_per_rad = cmd.kp_Nm_per_rad[j];
      t.kd_Nms_per_rad = cmd.kd_Nms_per_rad[j];
      t.tau_ff_Nm = cmd.tau_ff_Nm[j];
    }
    drives_[j].Receive(t, now);
  }
}

void World::ApplyPerturbations() {
  const double t = data_->time;
  for (std::size_t i = 0; i < perturbations_.size(); ++i) {
    mjtNum* wrench = data_->xfrc_applied + 6 * perturbation_body_[i];
    for (int k = 0; k < 6; ++k) wrench[k] = 0;
  }
  for (std::size_t i = 0; i < perturbations_.size(); ++i) {
    const Perturbation& p = perturbations_[i];
    if (t + 1e-9 < p.start_s || t + 1e-9 >= p.start_s + p.duration_s) continue;
    mjtNum* wrench = data_->xfrc_applied + 6 * perturbation_body_[i];
    for (int k = 0; k < 3; ++k) {
      wrench[k] += p.force_N[k];
      wrench[3 + k] += p.torque_Nm[k];
    }
  }
}

void World::Step() {
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  ApplyPerturbations();
  power_W_ = 0;
  for (std::size_t j = 0; j < drives_.size(); ++j) {
    const double q = d->qpos[binding_.joint_qpos_adr[j]];
    const double dq = d->qvel[binding_.joint_dof_adr[j]];
    const double tau = drives_[j].Step(d->time, q, dq, m->opt.timestep);
    tau_last_Nm_[j] = tau;
    const int a = binding_.actuator_id[j];
    d->ctrl[a] = ActuatorCtrl(spec_.joints[j], tau, d->actuator_length[a], d->actuator_velocity[a]);
    power_W_ += drives_[j].actuator_state().electrical_power_W;
    // A holding brake acts as dry friction on the joint (MuJoCo's friction loss: it holds up to
    // its torque and slows the joint with it beyond), on a stiff constraint while it grips
    // (little creep under a held load); released, the joint has its usual friction.
    const int dof = binding_.joint_dof_adr[j];
    const double brake_Nm = drives_[j].BrakeTorqueNm();
    model_->dof_frictionloss[dof] = frictionloss_Nm_[j] + brake_Nm;
    model_->dof_solref[mjNREF * dof] = brake_Nm > 0 ? 2 * m->opt.timestep : friction_solref_[j][0];
    model_->dof_solref[mjNREF * dof + 1] = brake_Nm > 0 ? 1 : friction_solref_[j][1];
    model_->dof_solimp[mjNIMP * dof] = brake_Nm > 0 ? 0.99 : friction_solimp_[j][0];
    model_->dof_solimp[mjNIMP * dof + 1] = brake_Nm > 0 ? 0.999 : friction_solimp_[j][1];
  }
  // Without component models there is no power model; count mechanical power instead.
  if (!options_.component_models) {
    power_W_ = 0;
    for (std::size_t j = 0; j < drives_.size(); ++j) {
      power_W_ += std::max(0.0, tau_last_Nm_[j] * d->qvel[binding_.joint_dof_adr[j]]);
    }
  }
  energy_J_ += std::max(0.0, power_W_) * m->opt.timestep;
  // The step in two halves: mj_step2 computes accelerations, constraint forces and the
  // acceleration-stage sensors (accelerometer, force/torque, touch) for the interval just
  // simulated and integrates; mj_step1 then brings positions, velocities and their sensors
  // (orientation, gyro) up to the new time. Contact forces are read in between, while the
  // constraint forces still belong to the contact list they were solved for.
  mj_step2(m, d);
  // The torque the actuator applied: the request, unless a servo's ctrlrange or an MJCF
  // forcerange cut it.
  for (std::size_t j = 0; j < drives_.size(); ++j) {
    tau_last_Nm_[j] = d->actuator_force[binding_.actuator_id[j]] * spec_.joints[j].gear;
  }
  for (int f = 0; f < 2; ++f) foot_contact_force_N_[f] = FootContactForce(f);
  mj_step1(m, d);
}

void World::FillFootWrench(int foot, hal::FootWrench* out) {
  const model::FootBinding& fb = binding_.feet[foot];
  out->valid = fb.force_adr >= 0;
  if (!out->valid) {
    out->force_N = {0, 0, 0};
    out->torque_Nm = {0, 0, 0};
    return;
  }
  const mjData* d = data_.get();
  const int ft_site = foot_ft_site_[foot];
  const mjtNum* R_ft = d->site_xmat + 9 * ft_site;
  const mjtNum* R_sole = d->site_xmat + 9 * fb.sole_site;
  mjtNum f_local[3], t_local[3], f_world[3], t_world[3];
  for (int k = 0; k < 3; ++k) {
    f_local[k] = kFootSensorSign * d->sensordata[fb.force_adr + k];
    t_local[k] = kFootSensorSign * d->sensordata[fb.torque_adr + k];
  }
  mju_mulMatVec(f_world, R_ft, f_local, 3, 3);
  mju_mulMatVec(t_world, R_ft, t_local, 3, 3);
  // Move the torque's reference point from the sensor site to the sole centre.
  mjtNum lever[3], extra[3];
  mju_sub3(lever, d->site_xpos + 3 * ft_site, d->site_xpos + 3 * fb.sole_site);
  mju_cross(extra, lever, f_world);
  mju_addTo3(t_world, extra);
  mjtNum f_sole[3], t_sole[3];
  mju_mulMatTVec(f_sole, R_sole, f_world, 3, 3);
  mju_mulMatTVec(t_sole, R_sole, t_world, 3, 3);
  const double f_std = options_.sensor_noise ? spec_.noise.foot_force_std_N : 0.0;
  const double t_std = options_.sensor_noise ? spec_.noise.foot_torque_std_Nm : 0.0;
  for (int k = 0; k < 3; ++k) {
    out->force_N[k] = f_sole[k] + (f_std > 0 ? rng_.Gaussian(f_std) : 0.0);
    out->torque_Nm[k] = t_sole[k] + (t_std > 0 ? rng_.Gaussian(t_std) : 0.0);
  }
}

void World::Sense(hal::LowState* state) {
  const mjData* d = data_.get();
  const model::SensorNoiseSpec& noise = spec_.noise;
  const bool noisy = options_.sensor_noise;
  auto gaussian = [&](double std) { return noisy && std > 0 ? rng_.Gaussian(std) : 0.0; };
  const int n = spec_.num_joints();
  if (static_cast<int>(state->q_rad.size()) != n ||
      state->touch_N.size() != spec_.touch_sensors.size()) {
    state->Resize(n, static_cast<int>(spec_.touch_sensors.size()));
  }
  state->time_s = d->time;
  for (int j = 0; j < n; ++j) {
    state->q_rad[j] = drives_[j].Encoder(d->qpos[binding_.joint_qpos_adr[j]]);
    state->dq_radps[j] =
        d->qvel[binding_.joint_dof_adr[j]] + gaussian(noise.joint_velocity_std_radps);
    state->tau_measured_Nm[j] = tau_last_Nm_[j] + gaussian(noise.joint_torque_std_Nm);
    state->temperature_C[j] = drives_[j].actuator_state().winding_temperature_C;
  }
  // IMU: the datasheet's biases, scale errors and noise on MuJoCo's ideal readings.
  std::array<double, 3> gyro{}, accel{};
  std::array<double, 4> quat{1, 0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    gyro[k] = d->sensordata[binding_.imu_gyro_adr + k];
    accel[k] = d->sensordata[binding_.imu_accelerometer_adr + k];
  }
  if (binding_.imu_orientation_adr >= 0) {  // an AHRS; without one the model reports NaN
    for (int k = 0; k < 4; ++k) quat[k] = d->sensordata[binding_.imu_orientation_adr + k];
  }
  imu_.Sample(d->time, gyro, accel, quat, &state->imu);
  for (int f = 0; f < 2; ++f) FillFootWrench(f, &state->feet[f]);
  for (std::size_t i = 0; i < spec_.touch_sensors.size(); ++i) {
    state->touch_N[i] =
        std::max(0.0, d->sensordata[binding_.touch_adr[i]] + gaussian(noise.touch_std_N));
  }
}

std::array<double, 3> World::FootContactForce(int foot) const {
  const mjModel* m = model_.get();
  const mjData* d = data_.get();
  std::array<double, 3> total{0, 0, 0};
  for (int i = 0; i < d->ncon; ++i) {
    const mjContact& c = d->contact[i];
    const bool g1 = geom_on_foot_[c.geom1][foot];
    const bool g2 = geom_on_foot_[c.geom2][foot];
    if (g1 == g2) continue;  // neither, or foot against itself
    mjtNum local[6], world[3];
    mj_contactForce(m, d, i, local);
    // The contact frame's rows are its axes; the force acts on geom2 along +normal.
    mju_mulMatTVec(world, c.frame, local, 3, 3);
    const double sign = g2 ? 1.0 : -1.0;
    for (int k = 0; k < 3; ++k) total[k] += sign * world[k];
  }
  return total;
}

GroundTruth World::Truth() const {
  const mjData* d = data_.get();
  GroundTruth t;
  t.time_s = d->time;
  const int q = binding_.base_qpos_adr;
  const int v = binding_.base_dof_adr;
  for (int k = 0; k < 3; ++k) {
    t.base_position_m[k] = d->qpos[q + k];
    t.base_linear_velocity_mps[k] = d->qvel[v + k];
    t.base_angular_velocity_radps[k] = d->qvel[v + 3 + k];
    t.com_m[k] = d->subtree_com[3 * binding_.base_body + k];
  }
  for (int k = 0; k < 4; ++k) t.base_orientation_wxyz[k] = d->qpos[q + 3 + k];
  const mjtNum* R = d->xmat + 9 * binding_.base_body;
  t.tilt_rad = std::acos(std::clamp(R[8], -1.0, 1.0));
  t.foot_contact_force_N = foot_contact_force_N_;
  t.energy_J = energy_J_;
  t.power_W = power_W_;
  return t;
}

bool World::Fallen() const {
  const mjData* d = data_.get();
  const double height = d->qpos[binding_.base_qpos_adr + 2];
  const mjtNum* R = d->xmat + 9 * binding_.base_body;
  const double max_tilt_cos = std::cos(M_PI / 4);
  if (height < 0.25 * spec_.standing_base_height_m || R[8] < max_tilt_cos) return true;
  const mjModel* m = model_.get();
  for (int i = 0; i < d->ncon; ++i) {
    const mjContact& c = d->contact[i];
    const bool ground1 = m->geom_bodyid[c.geom1] == 0, ground2 = m->geom_bodyid[c.geom2] == 0;
    if ((ground1 && geom_falls_on_contact_[c.geom2]) ||
        (ground2 && geom_falls_on_contact_[c.geom1])) {
      return true;
    }
  }
  return false;
}

}  // namespace tianmu::sim
