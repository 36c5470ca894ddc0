// The physics of one integrated joint, applied each simulation step: torque-speed envelope,
// thermal derating from a first-order winding model, reducer efficiency, and electrical power.
// Reducer Coulomb and viscous friction are NOT applied here: the simulator sets them as the
// MuJoCo joint's frictionloss and damping (and the reflected inertia as its armature).
#pragma once

#include "tianmu/actuators/datasheet.h"

namespace tianmu::actuators {

/// Copper loss per (RMS phase current)² per ohm of phase-to-phase resistance: a wye winding
/// carries the RMS phase current I through three phase resistances of R/2, so P = 3·I²·R/2.
inline constexpr double kCopperLossFactor = 1.5;

/// What one actuator did in the last step (and a few running totals since start).
struct JointActuatorState {
  double winding_temperature_C = 25;        ///< first-order thermal model state
  double output_torque_Nm = 0;              ///< torque delivered at the joint output
  double motor_torque_Nm = 0;               ///< torque the motor produced (motor side)
  double current_A = 0;                     ///< motor phase current (RMS) = motor torque / k_t
  double copper_loss_W = 0;                 ///< 1.5·I²·R (see kCopperLossFactor)
  double electrical_power_W = 0;            ///< mechanical power at the motor plus copper loss
  double energy_J = 0;                      ///< integral of positive electrical power since start
  bool saturated = false;                   ///< the request exceeded the available torque
  double elapsed_s = 0;                     ///< time stepped since start
  double torque_squared_integral_Nm2s = 0;  ///< ∫ output_torque² dt, for the RMS torque
  double max_winding_temperature_C = 25;    ///< hottest winding temperature reached
};

/// Derating factor in [0, 1]: 1 up to derating_start_C, falling linearly to 0 at
/// max_winding_temperature_C, 0 above.
double DeratingFactor(const MotorSheet& motor, double temperature_C);

/// Largest output torque magnitude available in the direction of `tau_request_Nm` at output
/// speed `dq_radps` and winding temperature `temperature_C`. Motoring (tau·dq > 0): the motor
/// peak × ratio × efficiency falls linearly to zero at the output no-load speed; braking
/// (tau·dq <= 0, which includes standstill): that peak at any speed. The result is then limited
/// by the driver current (k_t × max_current_A × ratio × efficiency, when max_current_A > 0) in
/// both quadrants and multiplied by DeratingFactor().
double AvailableTorqueNm(const IntegratedJointSheet& sheet, double tau_request_Nm, double dq_radps,
                         double temperature_C);

/// Winding temperature (°C) at which a constant output torque (or an RMS torque) held at
/// standstill settles: ambient + 1.5·I²·R·R_th with I = tau / (ratio·eff·k_t).
double SteadyStateTemperatureC(const IntegratedJointSheet& sheet, double output_torque_Nm,
                               double ambient_C);

/// The output torque whose steady winding temperature equals derating_start_C at `ambient_C`
/// (0 when ambient is already at or above it): what the thermal model sustains indefinitely.
double ThermalContinuousTorqueNm(const IntegratedJointSheet& sheet, double ambient_C);

/// Continuous-duty verdict for a run of one actuator.
struct ContinuousDutyCheck {
  double rms_output_torque_Nm = 0;  ///< sqrt(∫tau² dt / t) over the run
  double continuous_torque_Nm = 0;  ///< sheet.ContinuousTorqueNm()
  double duty_ratio = 0;            ///< rms / continuous
  double steady_temperature_C = 0;  ///< SteadyStateTemperatureC() at the RMS torque
  double max_temperature_C = 0;     ///< hottest winding temperature reached in the run
  bool ok = true;                   ///< rms <= continuous, steady temperature <= derating start
};

/// One joint's actuator with its thermal state. Copyable; Step allocates nothing.
class JointActuator {
 public:
  JointActuator(const IntegratedJointSheet& sheet, double ambient_temperature_C);

  /// Clamps the request to AvailableTorqueNm() at the winding temperature at the start of the
  /// step, converts to motor torque through the reducer (motoring, including standstill:
  /// tau / (N·eta); braking: tau·eta / N), computes current and power (electrical = motor torque
  /// × motor speed + copper loss; negative when regenerating), adds max(power, 0)·dt to the
  /// energy, advances the winding temperature by dt_s with the exact solution of
  /// dT/dt = (P_copper·R_th − (T − T_ambient)) / tau_th for constant P_copper, and returns the
  /// delivered output torque. A non-finite request or speed gives zero torque and `saturated`.
  double Step(double tau_request_Nm, double dq_radps, double dt_s);

  const JointActuatorState& state() const { return state_; }
  const IntegratedJointSheet& sheet() const { return sheet_; }
  double ambient_temperature_C() const { return ambient_C_; }
  /// Sets the winding temperature (tests and fault injection).
  void set_temperature_C(double t) { state_.winding_temperature_C = t; }
  /// Back to ambient temperature with zero energy and running totals.
  void Reset();
  /// RMS output torque since start (0 before the first step).
  double RmsOutputTorqueNm() const;
  /// Whether the run so far stayed within the continuous rating.
  ContinuousDutyCheck CheckContinuousDuty() const;

 private:
  IntegratedJointSheet sheet_;
  double ambient_C_;
  JointActuatorState state_;
  // Figures derived once from sheet_ so that Step does no divisions it can avoid.
  double ratio_ = 1;
  double efficiency_ = 1;
  double peak_out_Nm_ = 0;            ///< motor peak × N × eta (no current limit)
  double current_limit_out_Nm_ = 0;   ///< k_t × I_max × N × eta; infinite when unlimited
  double inv_no_load_speed_out_ = 0;  ///< 1 / (no-load speed / N)
  double inv_torque_constant_ = 0;
  double copper_factor_ohm_ = 0;  ///< 1.5 × R
  double last_dt_s_ = -1;         ///< dt of the cached decay factor
  double last_decay_ = 1;         ///< exp(-dt / tau_th) for last_dt_s_
};

/// Rounds `q_rad` to the nearest multiple of `resolution_rad` (encoder quantisation); returns
/// `q_rad` unchanged when the resolution is not positive.
double QuantizePosition(double q_rad, double resolution_rad);

}  // namespace tianmu::actuators
