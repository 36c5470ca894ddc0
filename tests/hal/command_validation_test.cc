#include "tianmu/hal/command_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tianmu::hal {
namespace {

using ::testing::HasSubstr;

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

LowCmd Nominal() {
  LowCmd cmd;
  cmd.Resize(Tm1().num_joints());
  cmd.q_des_rad = Tm1().NominalPosture();
  for (int j = 0; j < Tm1().num_joints(); ++j) {
    cmd.kp_Nm_per_rad[j] = Tm1().joints[j].kp_Nm_per_rad;
    cmd.kd_Nms_per_rad[j] = Tm1().joints[j].kd_Nms_per_rad;
  }
  return cmd;
}

CommandStatus Check(const LowCmd& cmd, std::string* reason = nullptr) {
  return ValidateCommand(cmd, Tm1(), CommandLimits{}, reason);
}

TEST(CommandValidation, NominalPostureHoldIsAccepted) {
  EXPECT_EQ(Check(Nominal()), CommandStatus::kAccepted);
}

TEST(CommandValidation, NanAndInfinityAreRejectedNamingTheJoint) {
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    LowCmd cmd = Nominal();
    cmd.tau_ff_Nm[3] = bad;
    std::string reason;
    EXPECT_EQ(Check(cmd, &reason), CommandStatus::kNotFinite);
    EXPECT_THAT(reason, HasSubstr(Tm1().joints[3].name));
    EXPECT_THAT(reason, HasSubstr("tau_ff_Nm"));
  }
  // Even in damping mode a NaN is refused: garbage never reaches a driver.
  LowCmd damping = Nominal();
  damping.mode = CommandMode::kDamping;
  damping.q_des_rad[0] = std::nan("");
  EXPECT_EQ(Check(damping), CommandStatus::kNotFinite);
}

TEST(CommandValidation, WrongSizeIsRejected) {
  LowCmd cmd = Nominal();
  cmd.kp_Nm_per_rad.pop_back();
  EXPECT_EQ(Check(cmd), CommandStatus::kWrongSize);
}

TEST(CommandValidation, OutOfRangeValuesAreRejected) {
  const int k = Tm1().JointIndex("left_knee");
  ASSERT_GE(k, 0);
  const model::JointSpec& knee = Tm1().joints[k];
  ASSERT_TRUE(knee.limited);
  std::string reason;
  LowCmd cmd = Nominal();
  cmd.q_des_rad[k] = knee.upper_rad + 0.2;
  EXPECT_EQ(Check(cmd, &reason), CommandStatus::kOutOfRange);
  EXPECT_THAT(reason, HasSubstr("q_des_rad"));
  cmd = Nominal();
  cmd.tau_ff_Nm[k] = 1.01 * knee.peak_torque_Nm;
  EXPECT_EQ(Check(cmd), CommandStatus::kOutOfRange);
  cmd = Nominal();
  cmd.kp_Nm_per_rad[k] = -1;
  EXPECT_EQ(Check(cmd), CommandStatus::kOutOfRange);
  cmd = Nominal();
  cmd.kd_Nms_per_rad[k] = 1e6;
  EXPECT_EQ(Check(cmd), CommandStatus::kOutOfRange);
  cmd = Nominal();
  cmd.dq_des_radps[k] = 2 * knee.max_velocity_radps;
  EXPECT_EQ(Check(cmd), CommandStatus::kOutOfRange);
}

}  // namespace
}  // namespace tianmu::hal
