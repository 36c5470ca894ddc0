// LowState: everything a robot's sensors report in one control tick, as a real robot would
// deliver it (encoders, IMU, foot force/torque, touch). Plain data; sizes fixed at construction.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace tianmu::hal {

/// IMU reading in the IMU site frame.
struct ImuState {
  std::array<double, 4> orientation_wxyz{1, 0, 0, 0};  ///< world <- IMU rotation, unit quaternion
  /// False when the IMU has no orientation output (gyro + accelerometer only); orientation_wxyz
  /// then holds NaN.
  bool orientation_valid = true;
  std::array<double, 3> angular_velocity_radps{};  ///< gyro, IMU frame
  std::array<double, 3>
      linear_acceleration_mps2{};  ///< specific force (gravity included), IMU frame
};

/// A six-axis force/torque reading in the foot's sole frame (force on the robot from outside).
struct FootWrench {
  std::array<double, 3> force_N{};
  std::array<double, 3> torque_Nm{};
  bool valid = false;  ///< false when the robot has no F/T sensor at this foot
};

/// One tick of sensor data. Joint arrays follow RobotSpec::joints order.
struct LowState {
  std::uint64_t tick = 0;               ///< counter of control ticks since start
  double time_s = 0;                    ///< robot time of the reading
  std::vector<double> q_rad;            ///< joint positions (encoder, quantised)
  std::vector<double> dq_radps;         ///< joint velocities
  std::vector<double> tau_measured_Nm;  ///< joint output torque as the driver estimates it
  std::vector<double> temperature_C;    ///< motor winding temperature
  ImuState imu;
  std::array<FootWrench, 2> feet;  ///< [0] left, [1] right
  std::vector<double> touch_N;     ///< touch patch normal forces, RobotSpec::touch_sensors order

  /// Sizes the joint and touch arrays (zero-filled).
  void Resize(int num_joints, int num_touch) {
    q_rad.assign(num_joints, 0.0);
    dq_radps.assign(num_joints, 0.0);
    tau_measured_Nm.assign(num_joints, 0.0);
    temperature_C.assign(num_joints, 0.0);
    touch_N.assign(num_touch, 0.0);
  }
};

}  // namespace tianmu::hal
