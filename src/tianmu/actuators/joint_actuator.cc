#include "tianmu/actuators/joint_actuator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tianmu::actuators {
namespace {

// The envelope shared by AvailableTorqueNm and JointActuator::Step (which caches its inputs).
// `peak_out` is the motor peak at the output, `current_limit_out` the driver current limit at the
// output (infinite when unlimited), `inv_no_load_out` 1 / output no-load speed.
inline double Envelope(double peak_out, double current_limit_out, double inv_no_load_out,
                       double tau, double dq) {
  double limit = peak_out;
  // Motoring: the back-EMF leaves less voltage for current as speed rises.
  if (tau * dq > 0) {
    limit *= std::max(0.0, 1.0 - std::abs(dq) * inv_no_load_out);
  }
  return std::min(limit, current_limit_out);
}

double PeakOut(const IntegratedJointSheet& s) {
  return s.motor.peak_torque_Nm * s.reducer.ratio * s.reducer.efficiency;
}

double CurrentLimitOut(const IntegratedJointSheet& s) {
  if (s.driver.max_current_A <= 0) {
    return std::numeric_limits<double>::infinity();
  }
  return s.motor.torque_constant_Nm_per_A * s.driver.max_current_A * s.reducer.ratio *
         s.reducer.efficiency;
}

double InverseNoLoadOut(const IntegratedJointSheet& s) {
  const double w0 = s.NoLoadSpeedRadps();
  return w0 > 0 ? 1.0 / w0 : std::numeric_limits<double>::infinity();
}

}  // namespace

double DeratingFactor(const MotorSheet& motor, double temperature_C) {
  if (temperature_C <= motor.derating_start_C) {
    return 1.0;
  }
  if (temperature_C < motor.max_winding_temperature_C) {
    return (motor.max_winding_temperature_C - temperature_C) /
           (motor.max_winding_temperature_C - motor.derating_start_C);
  }
  return 0.0;  // also for a NaN temperature: no torque is the safe answer
}

double AvailableTorqueNm(const IntegratedJointSheet& sheet, double tau_request_Nm, double dq_radps,
                         double temperature_C) {
  return Envelope(PeakOut(sheet), CurrentLimitOut(sheet), InverseNoLoadOut(sheet), tau_request_Nm,
                  dq_radps) *
         DeratingFactor(sheet.motor, temperature_C);
}

double SteadyStateTemperatureC(const IntegratedJointSheet& sheet, double output_torque_Nm,
                               double ambient_C) {
  const double motor_torque = output_torque_Nm / (sheet.reducer.ratio * sheet.reducer.efficiency);
  const double current = motor_torque / sheet.motor.torque_constant_Nm_per_A;
  const double copper = kCopperLossFactor * current * current * sheet.motor.winding_resistance_ohm;
  return ambient_C + copper * sheet.motor.thermal_resistance_K_per_W;
}

double ThermalContinuousTorqueNm(const IntegratedJointSheet& sheet, double ambient_C) {
  const double rise = sheet.motor.derating_start_C - ambient_C;
  if (rise <= 0) {
    return 0.0;
  }
  const double current = std::sqrt(rise / (kCopperLossFactor * sheet.motor.winding_resistance_ohm *
                                           sheet.motor.thermal_resistance_K_per_W));
  return current * sheet.motor.torque_constant_Nm_per_A * sheet.reducer.ratio *
         sheet.reducer.efficiency;
}

JointActuator::JointActuator(const IntegratedJointSheet& sheet, double ambient_temperature_C)
    : sheet_(sheet), ambient_C_(ambient_temperature_C) {
  ratio_ = sheet_.reducer.ratio;
  efficiency_ = sheet_.reducer.efficiency;
  peak_out_Nm_ = PeakOut(sheet_);
  current_limit_out_Nm_ = CurrentLimitOut(sheet_);
  inv_no_load_speed_out_ = InverseNoLoadOut(sheet_);
  const double kt = sheet_.motor.torque_constant_Nm_per_A;
  inv_torque_constant_ = kt > 0 ? 1.0 / kt : 0.0;
  copper_factor_ohm_ = kCopperLossFactor * sheet_.motor.winding_resistance_ohm;
  Reset();
}

void JointActuator::Reset() {
  state_ = JointActuatorState{};
  state_.winding_temperature_C = ambient_C_;
  state_.max_winding_temperature_C = ambient_C_;
}

double JointActuator::Step(double tau_request_Nm, double dq_radps, double dt_s) {
  JointActuatorState& s = state_;
  const bool finite = std::isfinite(tau_request_Nm) && std::isfinite(dq_radps);
  if (!finite) {
    tau_request_Nm = dq_radps = 0.0;  // safe fallback: no torque
  }
  if (!(dt_s > 0) || !std::isfinite(dt_s)) {
    dt_s = 0.0;
  }

  const double available = Envelope(peak_out_Nm_, current_limit_out_Nm_, inv_no_load_speed_out_,
                                    tau_request_Nm, dq_radps) *
                           DeratingFactor(sheet_.motor, s.winding_temperature_C);
  const double out = std::clamp(tau_request_Nm, -available, available);
  s.saturated = !finite || std::abs(tau_request_Nm) > available;

  // Motoring (including standstill) the reducer losses come from the motor; braking the load
  // drives the motor through the reducer and the losses are taken from the load.
  const double motor_torque =
      out * dq_radps < 0 ? out * efficiency_ / ratio_ : out / (ratio_ * efficiency_);
  const double current = motor_torque * inv_torque_constant_;
  const double copper = copper_factor_ohm_ * current * current;
  const double power = motor_torque * (dq_radps * ratio_) + copper;

  s.output_torque_Nm = out;
  s.motor_torque_Nm = motor_torque;
  s.current_A = current;
  s.copper_loss_W = copper;
  s.electrical_power_W = power;
  if (dt_s > 0) {
    s.energy_J += std::max(power, 0.0) * dt_s;
    s.elapsed_s += dt_s;
    s.torque_squared_integral_Nm2s += out * out * dt_s;
    if (dt_s != last_dt_s_) {  // the step is usually constant: one exp per actuator per run
      const double tau_th = sheet_.motor.thermal_time_constant_s;
      last_decay_ = tau_th > 0 ? std::exp(-dt_s / tau_th) : 0.0;
      last_dt_s_ = dt_s;
    }
    const double steady = ambient_C_ + copper * sheet_.motor.thermal_resistance_K_per_W;
    s.winding_temperature_C = steady + (s.winding_temperature_C - steady) * last_decay_;
  }
  s.max_winding_temperature_C = std::max(s.max_winding_temperature_C, s.winding_temperature_C);
  return out;
}

double JointActuator::RmsOutputTorqueNm() const {
  if (!(state_.elapsed_s > 0)) {
    return 0.0;
  }
  return std::sqrt(state_.torque_squared_integral_Nm2s / state_.elapsed_s);
}

ContinuousDutyCheck JointActuator::CheckContinuousDuty() const {
  ContinuousDutyCheck c;
  c.rms_output_torque_Nm = RmsOutputTorqueNm();
  c.continuous_torque_Nm = sheet_.ContinuousTorqueNm();
  c.duty_ratio = c.continuous_torque_Nm > 0 ? c.rms_output_torque_Nm / c.continuous_torque_Nm
                                            : std::numeric_limits<double>::infinity();
  c.steady_temperature_C = SteadyStateTemperatureC(sheet_, c.rms_output_torque_Nm, ambient_C_);
  c.max_temperature_C = state_.max_winding_temperature_C;
  c.ok = c.rms_output_torque_Nm <= c.continuous_torque_Nm &&
         c.steady_temperature_C <= sheet_.motor.derating_start_C;
  return c;
}

double QuantizePosition(double q_rad, double resolution_rad) {
  if (!(resolution_rad > 0)) {
    return q_rad;
  }
  return std::round(q_rad / resolution_rad) * resolution_rad;
}

}  // namespace tianmu::actuators
