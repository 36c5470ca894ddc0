// Component datasheets (整零协同): motors, reducers, encoders and drivers as their makers
// publish them, and integrated joints combining one of each. Loaded from assets/components/.
// Field names, units and ranges are documented in docs/components.md.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "tianmu/actuators/imu_sheet.h"

namespace tianmu::actuators {

/// A brushless motor, motor side (before the reducer). Currents are RMS phase currents and
/// k_t is per RMS ampere; see docs/components.md for the copper-loss convention.
struct MotorSheet {
  std::string id;
  double torque_constant_Nm_per_A = 0;    ///< k_t, N·m per A (RMS phase current)
  double peak_torque_Nm = 0;              ///< short-time maximum at stall
  double continuous_torque_Nm = 0;        ///< sustainable at ambient temperature (<= peak)
  double no_load_speed_radps = 0;         ///< speed where available torque reaches zero
  double winding_resistance_ohm = 0;      ///< phase-to-phase resistance used for copper loss
  double thermal_resistance_K_per_W = 0;  ///< winding to ambient
  double thermal_time_constant_s = 0;     ///< winding thermal time constant
  double max_winding_temperature_C = 0;   ///< derating reaches zero torque here
  double derating_start_C = 0;            ///< derating begins above this temperature (< max)
  double rotor_inertia_kgm2 = 0;          ///< rotor inertia about its axis
  std::string source;                     ///< where the figures come from
};

/// Reducer type; affects only documentation and defaults, the numbers carry the physics.
enum class ReducerType { kHarmonic, kPlanetary, kCycloidal, kDirect };

/// The YAML spelling of a reducer type: "harmonic", "planetary", "cycloidal" or "direct".
const char* ReducerTypeName(ReducerType type);

/// A gear reducer between motor and joint output. Coulomb and viscous friction are applied by
/// the simulator as MuJoCo joint frictionloss and damping, not by JointActuator::Step.
struct ReducerSheet {
  std::string id;
  ReducerType type = ReducerType::kPlanetary;
  double ratio = 1;                         ///< motor turns per output turn (>= 1)
  double efficiency = 1;                    ///< forward (motor drives load) efficiency in (0, 1]
  double backlash_rad = 0;                  ///< output-side backlash (informational, not simulated)
  double coulomb_friction_Nm = 0;           ///< output-side friction torque
  double viscous_friction_Nms_per_rad = 0;  ///< output-side viscous friction
  double inertia_kgm2 = 0;                  ///< reducer input-side inertia (adds to rotor)
  std::string source;
};

/// A position encoder.
struct EncoderSheet {
  std::string id;
  int bits = 14;          ///< counts per turn = 2^bits (8..32)
  bool on_output = true;  ///< true: on the joint output; false: on the motor (divide by ratio)
  std::string source;
};

/// A motor driver running the joint PD loop.
struct DriverSheet {
  std::string id;
  double control_rate_hz = 1000;  ///< PD update rate
  double latency_s = 0;           ///< command-to-torque delay
  double max_current_A = 0;       ///< RMS phase current limit (0 = no extra limit)
  double bus_voltage_V = 48;
  std::string source;
};

/// An integrated joint module: one motor, reducer, encoder and driver. Output-side figures
/// are derived from the parts.
struct IntegratedJointSheet {
  std::string id;
  MotorSheet motor;
  ReducerSheet reducer;
  EncoderSheet encoder;
  DriverSheet driver;
  std::string source;
  /// Fail-safe holding brake: the largest output torque it holds while the drive is not powered
  /// (damping or off mode); 0 for a module without a brake.
  double brake_holding_torque_Nm = 0;

  /// Motor-side torque limit: motor peak, limited by k_t × driver max current when that is set.
  double MotorPeakTorqueNm() const;
  /// Peak output torque: motor peak (limited by driver current) × ratio × efficiency.
  double PeakTorqueNm() const;
  /// Continuous output torque: motor continuous × ratio × efficiency (also limited by the
  /// driver current, so it never exceeds PeakTorqueNm()).
  double ContinuousTorqueNm() const;
  /// Output speed at which available torque falls to zero: no-load speed / ratio.
  double NoLoadSpeedRadps() const;
  /// Rotor plus reducer input inertia reflected to the output: (J_m + J_r) × ratio².
  double ReflectedInertiaKgm2() const;
  /// Output damping when the driver shorts the motor phases (dynamic braking, what a drive does
  /// in damping mode and when power is removed): k_t² / R × ratio² × efficiency, N·m·s/rad.
  double ShortCircuitDampingNmsPerRad() const;
  /// Position resolution at the output in radians: 2π / 2^bits, divided by the ratio for a
  /// motor-side encoder.
  double EncoderResolutionRad() const;
};

/// Every datasheet found in a components directory, by id.
struct ComponentLibrary {
  std::map<std::string, MotorSheet> motors;
  std::map<std::string, ReducerSheet> reducers;
  std::map<std::string, EncoderSheet> encoders;
  std::map<std::string, DriverSheet> drivers;
  std::map<std::string, IntegratedJointSheet> joints;
  std::map<std::string, ImuSheet> imus;  ///< inertial measurement units (`kind: imu`)
  /// The file each id (of any kind) was loaded from, for duplicate-id messages.
  std::map<std::string, std::filesystem::path> files;

  /// The integrated joint `id`; raises InputError naming `id` if absent.
  const IntegratedJointSheet& Joint(const std::string& id) const;
};

/// Loads every *.yaml and *.yml below `dir`, recursively, in sorted path order (one component
/// per file, `kind:` says which). Validates every field (positive where physical,
/// cross-references between parts, ids unique across all kinds) and raises InputError with
/// file, line and field on the first problem. Integrated joints may name parts defined in any
/// file of the directory.
ComponentLibrary LoadComponentLibrary(const std::filesystem::path& dir);

/// Loads one datasheet file into `library` (used for component-in-the-loop swaps). An
/// integrated joint replaces one of the same id; its parts must already be in `library`. Any
/// other id already present is a duplicate and raises InputError naming both files. On error
/// `library` is unchanged.
void LoadComponentFile(const std::filesystem::path& file, ComponentLibrary* library);

}  // namespace tianmu::actuators
