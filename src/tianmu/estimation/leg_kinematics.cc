#include "tianmu/estimation/leg_kinematics.h"

#include <cmath>
#include <string>

#include "tianmu/core/error.h"

namespace tianmu::estimation {
namespace {

Eigen::Map<const Eigen::Vector3d> Vec3(const mjtNum* p) {
  return Eigen::Map<const Eigen::Vector3d>(p);
}

Eigen::Matrix3d Mat3(const mjtNum* p) {
  return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(p);
}

}  // namespace

void CheckLegKinematics(const model::RobotSpec& spec) {
  const mjModel* m = spec.model.get();
  const model::RobotBinding binding = model::BindRobot(spec, m);
  // Errors point at the robot.yaml line of the field when the loader recorded it.
  auto fail = [&spec](const std::string& field, const std::string& expected) {
    const auto line = spec.yaml_lines.find(field);
    throw InputError(spec.yaml_path.string(), line == spec.yaml_lines.end() ? 0 : line->second,
                     field, expected);
  };
  const char* sides[2] = {"left", "right"};
  for (int foot = 0; foot < 2; ++foot) {
    const std::string field = std::string("feet.") + sides[foot] + ".sole_site";
    int body = m->site_bodyid[binding.feet[foot].sole_site];
    for (; body > 0 && body != binding.base_body; body = m->body_parentid[body]) {
      for (int k = 0; k < m->body_jntnum[body]; ++k) {
        const int jnt = m->body_jntadr[body] + k;
        if (m->jnt_type[jnt] != mjJNT_HINGE && m->jnt_type[jnt] != mjJNT_SLIDE) {
          fail(field, "expected only hinge and slide joints between the base and a sole (joint '" +
                          std::string(mj_id2name(m, mjOBJ_JOINT, jnt)) + "')");
        }
      }
    }
    if (body != binding.base_body) {
      fail(field, "expected a sole site on a body below the base body '" + spec.base_body + "'");
    }
  }
  // The IMU may sit on any body of the robot (torso behind a waist, head): its pose in the base
  // frame follows the joints between them, which must be ones the encoders measure.
  int body = m->site_bodyid[binding.imu_site];
  for (; body > 0 && body != binding.base_body; body = m->body_parentid[body]) {
    for (int k = 0; k < m->body_jntnum[body]; ++k) {
      const int jnt = m->body_jntadr[body] + k;
      if (m->jnt_type[jnt] != mjJNT_HINGE && m->jnt_type[jnt] != mjJNT_SLIDE) {
        fail("imu.site",
             "expected only hinge and slide joints between the base and the IMU site (joint '" +
                 std::string(mj_id2name(m, mjOBJ_JOINT, jnt)) + "')");
      }
    }
  }
  if (body != binding.base_body) {
    fail("imu.site", "expected the IMU site '" + spec.imu.site + "' on the base body '" +
                         spec.base_body + "' or a body below it");
  }
}

LegKinematics::LegKinematics(const model::RobotSpec& spec)
    : model_(spec.model),
      data_(model::MakeData(spec.model.get())),
      binding_(model::BindRobot(spec, spec.model.get())) {
  CheckLegKinematics(spec);
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  std::vector<int> spec_index_of_joint(m->njnt, -1);
  for (int j = 0; j < static_cast<int>(binding_.joint_id.size()); ++j) {
    spec_index_of_joint[binding_.joint_id[j]] = j;
  }
  for (int foot = 0; foot < 2; ++foot) {
    std::vector<ChainJoint> reversed;
    for (int body = m->site_bodyid[binding_.feet[foot].sole_site];
         body > 0 && body != binding_.base_body; body = m->body_parentid[body]) {
      // Joints of one body are applied in order; walking up, push them last-first.
      for (int k = m->body_jntnum[body] - 1; k >= 0; --k) {
        const int jnt = m->body_jntadr[body] + k;
        reversed.push_back(
            {spec_index_of_joint[jnt], jnt, m->jnt_qposadr[jnt], m->jnt_type[jnt] == mjJNT_HINGE});
      }
    }
    chain_[foot].assign(reversed.rbegin(), reversed.rend());
    jacobian_B_[foot].setZero(3, static_cast<int>(chain_[foot].size()));
    angular_jacobian_B_[foot].setZero(3, static_cast<int>(chain_[foot].size()));
  }
  std::vector<ChainJoint> reversed;
  for (int body = m->site_bodyid[binding_.imu_site]; body > 0 && body != binding_.base_body;
       body = m->body_parentid[body]) {
    for (int k = m->body_jntnum[body] - 1; k >= 0; --k) {
      const int jnt = m->body_jntadr[body] + k;
      reversed.push_back(
          {spec_index_of_joint[jnt], jnt, m->jnt_qposadr[jnt], m->jnt_type[jnt] == mjJNT_HINGE});
    }
  }
  imu_chain_.assign(reversed.rbegin(), reversed.rend());
  imu_angular_jacobian_B_.setZero(3, static_cast<int>(imu_chain_.size()));
  mj_resetData(m, d);
  const int q0 = binding_.base_qpos_adr;
  for (int k = 0; k < 7; ++k) d->qpos[q0 + k] = (k == 3) ? 1.0 : 0.0;
  std::vector<double> nominal = spec.NominalPosture();
  Update(nominal.data());
}

void LegKinematics::Update(const double* q_rad) {
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  for (int foot = 0; foot < 2; ++foot) {
    for (const ChainJoint& joint : chain_[foot]) {
      if (joint.spec_index >= 0) d->qpos[joint.qpos_adr] = q_rad[joint.spec_index];
    }
  }
  for (const ChainJoint& joint : imu_chain_) {
    if (joint.spec_index >= 0) d->qpos[joint.qpos_adr] = q_rad[joint.spec_index];
  }
  mj_kinematics(m, d);
  imu_position_B_ = Vec3(d->site_xpos + 3 * binding_.imu_site);
  imu_orientation_B_ = Eigen::Quaterniond(Mat3(d->site_xmat + 9 * binding_.imu_site)).normalized();
  for (int c = 0; c < static_cast<int>(imu_chain_.size()); ++c) {
    imu_angular_jacobian_B_.col(c) =
        imu_chain_[c].hinge ? Eigen::Vector3d(Vec3(d->xaxis + 3 * imu_chain_[c].mj_joint))
                            : Eigen::Vector3d::Zero();
  }
  for (int foot = 0; foot < 2; ++foot) {
    const int site = binding_.feet[foot].sole_site;
    sole_position_B_[foot] = Vec3(d->site_xpos + 3 * site);
    sole_rotation_B_[foot] = Mat3(d->site_xmat + 9 * site);
    const std::vector<ChainJoint>& chain = chain_[foot];
    for (int c = 0; c < static_cast<int>(chain.size()); ++c) {
      const Eigen::Vector3d axis = Vec3(d->xaxis + 3 * chain[c].mj_joint);
      if (chain[c].hinge) {
        const Eigen::Vector3d anchor = Vec3(d->xanchor + 3 * chain[c].mj_joint);
        jacobian_B_[foot].col(c) = axis.cross(sole_position_B_[foot] - anchor);
        angular_jacobian_B_[foot].col(c) = axis;
      } else {
        jacobian_B_[foot].col(c) = axis;
      }
    }
    jacobian_squared_norm_[foot] = jacobian_B_[foot].squaredNorm();
  }
}

Eigen::Vector3d LegKinematics::PointRelativeVelocity(int foot, const Eigen::Vector3d& offset_B,
                                                     const double* dq_radps) const {
  Eigen::Vector3d linear = Eigen::Vector3d::Zero();
  Eigen::Vector3d angular = Eigen::Vector3d::Zero();
  const std::vector<ChainJoint>& chain = chain_[foot];
  for (int c = 0; c < static_cast<int>(chain.size()); ++c) {
    if (chain[c].spec_index < 0) continue;
    const double dq = dq_radps[chain[c].spec_index];
    linear += jacobian_B_[foot].col(c) * dq;
    angular += angular_jacobian_B_[foot].col(c) * dq;
  }
  return linear + angular.cross(offset_B);
}

Eigen::Vector3d LegKinematics::FootRelativeAngularVelocity(int foot, const double* dq_radps) const {
  Eigen::Vector3d angular = Eigen::Vector3d::Zero();
  const std::vector<ChainJoint>& chain = chain_[foot];
  for (int c = 0; c < static_cast<int>(chain.size()); ++c) {
    if (chain[c].spec_index >= 0) {
      angular += angular_jacobian_B_[foot].col(c) * dq_radps[chain[c].spec_index];
    }
  }
  return angular;
}

Eigen::Vector3d LegKinematics::ImuRelativeAngularVelocity(const double* dq_radps) const {
  Eigen::Vector3d angular = Eigen::Vector3d::Zero();
  for (int c = 0; c < static_cast<int>(imu_chain_.size()); ++c) {
    if (imu_chain_[c].spec_index >= 0) {
      angular += imu_angular_jacobian_B_.col(c) * dq_radps[imu_chain_[c].spec_index];
    }
  }
  return angular;
}

bool LegKinematics::ChainsFinite(const double* values) const {
  for (int foot = 0; foot < 2; ++foot) {
    for (const ChainJoint& joint : chain_[foot]) {
      if (joint.spec_index >= 0 && !std::isfinite(values[joint.spec_index])) return false;
    }
  }
  for (const ChainJoint& joint : imu_chain_) {
    if (joint.spec_index >= 0 && !std::isfinite(values[joint.spec_index])) return false;
  }
  return true;
}

}  // namespace tianmu::estimation
