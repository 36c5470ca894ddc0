// HumanoidController's hands, gaze and held objects: the additive API over the hand pose and
// gaze tasks and the payload of the dynamics model (kept apart from balance and walking).
#include <cmath>

#include "tianmu/control/cerebellum/humanoid_controller.h"

namespace tianmu::control {

void HumanoidController::AddManipulationTasks() {
  const mjModel* m = dynamics_.model();
  for (std::size_t h = 0; h < spec_.hands.size(); ++h) {
    hand_tasks_.push_back(std::make_unique<wbc::HandPoseTask>(
        spec_.hands[h].side + "_hand", dynamics_.binding().hand_palm_site[h], dynamics_.nv(),
        config_.hand_position_weight, config_.hand_orientation_weight,
        wbc::TaskGains{config_.hand_kp, config_.hand_kd},
        wbc::TaskGains{config_.hand_kp, config_.hand_kd}));
    qp_.AddTask(hand_tasks_.back().get());
  }
  hand_force_N_.assign(spec_.hands.size(), Eigen::Vector3d::Zero());
  hand_force_on_.assign(spec_.hands.size(), 0);
  hand_jacobian_.setZero(6, dynamics_.nv());
  hand_generalized_force_.setZero(dynamics_.nv());
  const int camera =
      spec_.head_camera.empty() ? -1 : mj_name2id(m, mjOBJ_CAMERA, spec_.head_camera.c_str());
  if (camera >= 0) {
    gaze_task_ = std::make_unique<wbc::GazeTask>("gaze", m, camera, config_.gaze_weight,
                                                 wbc::TaskGains{config_.gaze_kp, config_.gaze_kd});
    qp_.AddTask(gaze_task_.get());
  }
}

bool HumanoidController::SetHandTarget(int hand, const Eigen::Vector3d& position_m,
                                       const Eigen::Matrix3d& rotation) {
  if (hand < 0 || hand >= static_cast<int>(hand_tasks_.size())) return false;
  if (!position_m.allFinite() || !rotation.allFinite()) return false;
  hand_tasks_[hand]->SetTarget(position_m, rotation);
  return true;
}

bool HumanoidController::SetHandPositionTarget(int hand, const Eigen::Vector3d& position_m) {
  if (hand < 0 || hand >= static_cast<int>(hand_tasks_.size())) return false;
  if (!position_m.allFinite()) return false;
  hand_tasks_[hand]->SetPositionTarget(position_m);
  return true;
}

void HumanoidController::ClearHandTarget(int hand) {
  if (hand >= 0 && hand < static_cast<int>(hand_tasks_.size())) hand_tasks_[hand]->ClearTarget();
  ClearHandForce(hand);
}

bool HumanoidController::SetHandForce(int hand, const Eigen::Vector3d& force_N) {
  if (hand < 0 || hand >= static_cast<int>(hand_force_N_.size()) || !force_N.allFinite()) {
    return false;
  }
  hand_force_N_[hand] = force_N;
  hand_force_on_[hand] = 1;
  return true;
}

void HumanoidController::ClearHandForce(int hand) {
  if (hand < 0 || hand >= static_cast<int>(hand_force_N_.size())) return;
  hand_force_N_[hand].setZero();
  hand_force_on_[hand] = 0;
}

Eigen::Vector3d HumanoidController::hand_force(int hand) const {
  if (hand < 0 || hand >= static_cast<int>(hand_force_N_.size())) return Eigen::Vector3d::Zero();
  return hand_force_N_[hand];
}

void HumanoidController::UpdateHandForces() {
  bool any = false;
  hand_generalized_force_.setZero();
  for (std::size_t h = 0; h < hand_force_N_.size(); ++h) {
    if (!hand_force_on_[h]) continue;
    any = true;
    // The object pushes back on the palm with -f: as a generalised force, -J_pᵀ f.
    dynamics_.SiteJacobian(dynamics_.binding().hand_palm_site[h], &hand_jacobian_);
    hand_generalized_force_.noalias() -= hand_jacobian_.topRows<3>().transpose() * hand_force_N_[h];
  }
  if (any) {
    qp_.SetExternalGeneralizedForce(hand_generalized_force_);
  } else {
    qp_.ClearExternalGeneralizedForce();
  }
}

bool HumanoidController::SetGazeTarget(const Eigen::Vector3d& point_m) {
  if (!gaze_task_ || !point_m.allFinite()) return false;
  gaze_task_->SetTarget(point_m);
  return true;
}

void HumanoidController::ClearGazeTarget() {
  if (gaze_task_) gaze_task_->ClearTarget();
}

const wbc::HandPoseTask* HumanoidController::hand_task(int hand) const {
  if (hand < 0 || hand >= static_cast<int>(hand_tasks_.size())) return nullptr;
  return hand_tasks_[hand].get();
}

void HumanoidController::UpdateDynamicsAfterModelChange() {
  // The model changed: its quantities at the current estimate again, for this tick's users
  // (before the first tick there is no estimate yet; Compute updates them anyway).
  const RobotState& estimate = estimator_.state();
  if (estimate.q_rad.size() == spec_.num_joints()) dynamics_.Update(estimate);
}

bool HumanoidController::SetHeldObject(const HeldObject& object) {
  if (!(object.mass_kg > 0) || object.hands.empty() || !object.com_m.allFinite()) return false;
  for (int h : object.hands) {
    if (h < 0 || h >= static_cast<int>(spec_.hands.size())) return false;
  }
  ClearHeldObject();
  // Each holding hand carries an equal share of the object at the object's CoM: together they
  // are the object's mass and inertia exactly.
  const double share = 1.0 / static_cast<double>(object.hands.size());
  const mjModel* m = dynamics_.model();
  for (int h : object.hands) {
    const int body = m->site_bodyid[dynamics_.binding().hand_palm_site[h]];
    const Eigen::Matrix3d R = dynamics_.BodyRotation(body);
    const Eigen::Vector3d com_in_body =
        R.transpose() * (object.com_m - dynamics_.BodyPosition(body));
    dynamics_.SetPayload(body, share * object.mass_kg, com_in_body,
                         share * R.transpose() * object.inertia_kgm2 * R);
    payload_bodies_.push_back(body);
  }
  UpdateDynamicsAfterModelChange();
  return true;
}

void HumanoidController::ClearHeldObject() {
  if (payload_bodies_.empty()) return;
  for (int body : payload_bodies_) dynamics_.ClearPayload(body);
  payload_bodies_.clear();
  UpdateDynamicsAfterModelChange();
}

}  // namespace tianmu::control
