// Loading component datasheets: the fixture library, derived figures, swaps and bad input.
#include "tianmu/actuators/datasheet.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <numbers>
#include <string>

#include "tianmu/core/error.h"

namespace tianmu::actuators {
namespace {

const std::filesystem::path kData = TIANMU_TEST_DATA_DIR;

// Runs `load`, which must raise InputError, and returns the error.
InputError ExpectInputError(const std::function<void()>& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError("no error");
}

// Loads one bad fixture file into an empty library and returns the error.
InputError LoadBadFile(const std::string& name) {
  ComponentLibrary lib;
  return ExpectInputError([&] { LoadComponentFile(kData / "bad" / name, &lib); });
}

// Asserts the message carries "FILE:LINE: FIELD: " and the `expected` words.
void ExpectNames(const InputError& e, const std::filesystem::path& file, int line,
                 const std::string& field, const std::string& expected) {
  const std::string what = e.what();
  EXPECT_EQ(e.file(), file.string()) << what;
  EXPECT_EQ(e.line(), line) << what;
  EXPECT_EQ(e.field(), field) << what;
  EXPECT_NE(what.find(file.string() + ":" + std::to_string(line) + ": " + field + ": "),
            std::string::npos)
      << what;
  EXPECT_NE(what.find(expected), std::string::npos) << what;
}

TEST(Datasheet, FixtureLibraryLoadsEveryKindRecursivelyWithYamlAndYmlFiles) {
  const ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  EXPECT_EQ(lib.motors.size(), 1u);
  EXPECT_EQ(lib.reducers.size(), 1u);
  EXPECT_EQ(lib.encoders.size(), 2u);
  EXPECT_EQ(lib.drivers.size(), 2u);  // d15 is a .yml file in nested/
  EXPECT_EQ(lib.joints.size(), 2u);   // j1-limited is in nested/
  EXPECT_EQ(lib.files.size(), 8u);    // README.md in nested/ is ignored
  EXPECT_EQ(lib.files.at("d15"), kData / "good" / "nested" / "d15.yml");

  const MotorSheet& m = lib.motors.at("m1");
  EXPECT_EQ(m.id, "m1");
  EXPECT_DOUBLE_EQ(m.torque_constant_Nm_per_A, 0.1);
  EXPECT_DOUBLE_EQ(m.peak_torque_Nm, 2);
  EXPECT_DOUBLE_EQ(m.continuous_torque_Nm, 0.5);
  EXPECT_DOUBLE_EQ(m.no_load_speed_radps, 100);
  EXPECT_DOUBLE_EQ(m.winding_resistance_ohm, 0.5);
  EXPECT_DOUBLE_EQ(m.thermal_resistance_K_per_W, 2);
  EXPECT_DOUBLE_EQ(m.thermal_time_constant_s, 10);
  EXPECT_DOUBLE_EQ(m.max_winding_temperature_C, 125);
  EXPECT_DOUBLE_EQ(m.derating_start_C, 100);
  EXPECT_DOUBLE_EQ(m.rotor_inertia_kgm2, 1e-4);
  EXPECT_EQ(m.source, "test fixture: round numbers for hand-computed expectations");

  const ReducerSheet& r = lib.reducers.at("r1");
  EXPECT_EQ(r.type, ReducerType::kPlanetary);
  EXPECT_STREQ(ReducerTypeName(r.type), "planetary");
  EXPECT_DOUBLE_EQ(r.ratio, 10);
  EXPECT_DOUBLE_EQ(r.efficiency, 0.8);
  EXPECT_DOUBLE_EQ(r.backlash_rad, 0.001);
  EXPECT_DOUBLE_EQ(r.coulomb_friction_Nm, 0.5);
  EXPECT_DOUBLE_EQ(r.viscous_friction_Nms_per_rad, 0.1);
  EXPECT_DOUBLE_EQ(r.inertia_kgm2, 5e-5);

  EXPECT_EQ(lib.encoders.at("e1").bits, 12);
  EXPECT_FALSE(lib.encoders.at("e1").on_output);
  EXPECT_TRUE(lib.encoders.at("e2").on_output);

  const DriverSheet& d = lib.drivers.at("d15");
  EXPECT_DOUBLE_EQ(d.control_rate_hz, 2000);
  EXPECT_DOUBLE_EQ(d.latency_s, 0.001);
  EXPECT_DOUBLE_EQ(d.max_current_A, 15);
  EXPECT_DOUBLE_EQ(d.bus_voltage_V, 24);

  const IntegratedJointSheet& j = lib.Joint("j1");
  EXPECT_EQ(j.motor.id, "m1");
  EXPECT_EQ(j.reducer.id, "r1");
  EXPECT_EQ(j.encoder.id, "e1");
  EXPECT_EQ(j.driver.id, "d0");
  EXPECT_EQ(j.source, "test fixture");
}

TEST(Datasheet, DerivedOutputFiguresFollowFromTheParts) {
  const ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  const IntegratedJointSheet& j = lib.Joint("j1");
  // No driver limit (d0): peak = 2 Nm × 10 × 0.8 = 16 Nm; continuous = 0.5 × 10 × 0.8 = 4 Nm.
  EXPECT_DOUBLE_EQ(j.MotorPeakTorqueNm(), 2.0);
  EXPECT_DOUBLE_EQ(j.PeakTorqueNm(), 16.0);
  EXPECT_DOUBLE_EQ(j.ContinuousTorqueNm(), 4.0);
  // No-load speed 100 rad/s / 10 = 10 rad/s.
  EXPECT_DOUBLE_EQ(j.NoLoadSpeedRadps(), 10.0);
  // (1e-4 + 5e-5) kg m² × 10² = 0.015 kg m².
  EXPECT_DOUBLE_EQ(j.ReflectedInertiaKgm2(), 0.015);
  // Motor-side 12-bit encoder: 2π / 4096 / 10 = 1.5339808e-4 rad at the output.
  EXPECT_DOUBLE_EQ(j.EncoderResolutionRad(), 2 * std::numbers::pi / 4096 / 10);

  const IntegratedJointSheet& limited = lib.Joint("j1-limited");
  // 15 A × 0.1 Nm/A = 1.5 Nm < 2 Nm motor peak: peak = 1.5 × 10 × 0.8 = 12 Nm.
  EXPECT_DOUBLE_EQ(limited.MotorPeakTorqueNm(), 1.5);
  EXPECT_DOUBLE_EQ(limited.PeakTorqueNm(), 12.0);
  // Continuous 0.5 Nm is below the 1.5 Nm current limit: still 4 Nm.
  EXPECT_DOUBLE_EQ(limited.ContinuousTorqueNm(), 4.0);
  // Output 14-bit encoder: 2π / 16384 = 3.8349519e-4 rad.
  EXPECT_DOUBLE_EQ(limited.EncoderResolutionRad(), 2 * std::numbers::pi / 16384);
}

TEST(Datasheet, UnknownJointIdIsAnInputErrorListingTheKnownOnes) {
  const ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  const InputError e = ExpectInputError([&] { lib.Joint("j9"); });
  EXPECT_NE(std::string(e.what()).find("'j9'"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("j1, j1-limited"), std::string::npos) << e.what();
  const InputError part = ExpectInputError([&] { lib.Joint("m1"); });
  EXPECT_NE(std::string(part.what()).find("'m1' is a motor"), std::string::npos) << part.what();
}

// ---- bad input: each message names file, line and field ----

TEST(DatasheetErrors, NegativeValueNamesFileLineAndField) {
  ExpectNames(LoadBadFile("negative_value.yaml"), kData / "bad" / "negative_value.yaml", 8,
              "winding_resistance_ohm", "expected a number > 0, got '-0.5'");
}

TEST(DatasheetErrors, MissingFieldIsNamed) {
  // A missing field has no line of its own; the map's line (the first key) is given.
  ExpectNames(LoadBadFile("missing_field.yaml"), kData / "bad" / "missing_field.yaml", 1,
              "no_load_speed_radps", "missing required field");
}

TEST(DatasheetErrors, MissingSourceIsNamed) {
  ExpectNames(LoadBadFile("missing_source.yaml"), kData / "bad" / "missing_source.yaml", 1,
              "source", "missing required field");
}

TEST(DatasheetErrors, UnknownKeyIsRejectedWithTheAllowedFields) {
  ExpectNames(LoadBadFile("unknown_key.yaml"), kData / "bad" / "unknown_key.yaml", 5, "ratoi",
              "unknown field (expected one of: kind, id, source, type, ratio, efficiency");
}

TEST(DatasheetErrors, WrongKindListsTheKinds) {
  ExpectNames(
      LoadBadFile("wrong_kind.yaml"), kData / "bad" / "wrong_kind.yaml", 1, "kind",
      "expected one of motor, reducer, encoder, driver, integrated_joint, imu, got 'gearbox'");
}

TEST(DatasheetErrors, MalformedYamlGivesTheSyntaxErrorLine) {
  const InputError e = LoadBadFile("malformed.yaml");
  EXPECT_EQ(e.file(), (kData / "bad" / "malformed.yaml").string());
  // yaml-cpp reports the unclosed flow sequence at the token where it gives up (line 4 or 5).
  EXPECT_GE(e.line(), 4) << e.what();
  EXPECT_LE(e.line(), 6) << e.what();
  EXPECT_NE(std::string(e.what()).find("YAML syntax error"), std::string::npos) << e.what();
}

TEST(DatasheetErrors, NotANumberIsNamed) {
  ExpectNames(LoadBadFile("not_a_number.yaml"), kData / "bad" / "not_a_number.yaml", 5,
              "peak_torque_Nm", "got 'lots'");
}

TEST(DatasheetErrors, ContinuousAbovePeakIsRejected) {
  ExpectNames(LoadBadFile("continuous_above_peak.yaml"),
              kData / "bad" / "continuous_above_peak.yaml", 6, "continuous_torque_Nm",
              "expected a number <= peak_torque_Nm (2), got '2.5'");
}

TEST(DatasheetErrors, DeratingStartAtOrAboveMaximumIsRejected) {
  ExpectNames(LoadBadFile("derating_above_max.yaml"), kData / "bad" / "derating_above_max.yaml", 12,
              "derating_start_C", "expected a number < max_winding_temperature_C (125)");
}

TEST(DatasheetErrors, EfficiencyAboveOneIsRejected) {
  ExpectNames(LoadBadFile("efficiency_above_one.yaml"), kData / "bad" / "efficiency_above_one.yaml",
              6, "efficiency", "expected a number in (0, 1], got '1.2'");
}

TEST(DatasheetErrors, DirectDriveNeedsRatioOne) {
  ExpectNames(LoadBadFile("direct_ratio.yaml"), kData / "bad" / "direct_ratio.yaml", 5, "ratio",
              "expected 1 for a direct drive");
}

TEST(DatasheetErrors, EncoderBitsOutOfRangeAreRejected) {
  ExpectNames(LoadBadFile("encoder_bits.yaml"), kData / "bad" / "encoder_bits.yaml", 4, "bits",
              "expected an integer in [8, 32], got '40'");
}

TEST(DatasheetErrors, ImuFigureInTheWrongUnitIsRejectedAtItsLine) {
  ExpectNames(LoadBadFile("imu_gyro_in_degrees.yaml"), kData / "bad" / "imu_gyro_in_degrees.yaml",
              5, "gyro_noise_density_rad_per_s_sqrt_hz", "expected a number in [0, 0.01]");
}

TEST(DatasheetErrors, UnknownAhrsFieldIsRejected) {
  const InputError e = LoadBadFile("imu_ahrs_unknown_key.yaml");
  EXPECT_EQ(e.line(), 15) << e.what();
  EXPECT_NE(std::string(e.what()).find("yaw_drift_deg_per_min"), std::string::npos) << e.what();
}

TEST(DatasheetErrors, IdWithSpacesOrCapitalsIsRejected) {
  ExpectNames(LoadBadFile("bad_id.yaml"), kData / "bad" / "bad_id.yaml", 2, "id",
              "expected an id made of a-z, 0-9");
}

TEST(DatasheetErrors, DanglingPartReferenceNamesJointFileLineAndKnownParts) {
  const std::filesystem::path dir = kData / "bad-dirs" / "dangling";
  const InputError e = ExpectInputError([&] { LoadComponentLibrary(dir); });
  ExpectNames(e, dir / "j1.yaml", 4, "motor", "no motor with id 'm9' (known: m1)");
}

TEST(DatasheetErrors, PartOfTheWrongKindIsNamed) {
  const std::filesystem::path dir = kData / "bad-dirs" / "wrong_part_kind";
  const InputError e = ExpectInputError([&] { LoadComponentLibrary(dir); });
  ExpectNames(e, dir / "j1.yaml", 4, "motor", "'r1' is a reducer, not a motor");
}

TEST(DatasheetErrors, DuplicateIdAcrossKindsNamesBothFiles) {
  const std::filesystem::path dir = kData / "bad-dirs" / "duplicate";
  const InputError e = ExpectInputError([&] { LoadComponentLibrary(dir); });
  // Files load in sorted order: a.yaml (motor m1) first, so b.yaml (encoder m1) is the duplicate.
  ExpectNames(e, dir / "b.yaml", 2, "id",
              "duplicate id 'm1' (also defined as a motor in " + (dir / "a.yaml").string());
}

TEST(DatasheetErrors, DuplicateIntegratedJointIdNamesBothFiles) {
  const std::filesystem::path dir = kData / "bad-dirs" / "duplicate_joints";
  const InputError e = ExpectInputError([&] { LoadComponentLibrary(dir); });
  // "j1-copy.yaml" sorts before "j1.yaml" ('-' < '.'), so j1.yaml is reported.
  ExpectNames(e, dir / "j1.yaml", 2, "id",
              "duplicate id 'j1' (also defined as an integrated_joint in " +
                  (dir / "j1-copy.yaml").string());
}

TEST(DatasheetErrors, MissingOrEmptyDirectoryIsAnInputError) {
  const InputError missing =
      ExpectInputError([&] { LoadComponentLibrary(kData / "no-such-directory"); });
  EXPECT_NE(std::string(missing.what()).find("no-such-directory"), std::string::npos);
  EXPECT_NE(std::string(missing.what()).find("not found"), std::string::npos);
  const InputError empty =
      ExpectInputError([&] { LoadComponentLibrary(kData / "bad-dirs" / "empty"); });
  EXPECT_NE(std::string(empty.what()).find("no datasheets found"), std::string::npos);
}

TEST(DatasheetErrors, MissingFileIsAnInputError) {
  const InputError e = LoadBadFile("no-such-file.yaml");
  EXPECT_EQ(e.file(), (kData / "bad" / "no-such-file.yaml").string());
  EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
}

// ---- single-file loads (component swaps) ----

TEST(DatasheetSwap, IntegratedJointOfTheSameIdIsReplaced) {
  ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  LoadComponentFile(kData / "swap" / "j1-output-encoder.yaml", &lib);
  EXPECT_EQ(lib.Joint("j1").encoder.id, "e2");
  EXPECT_EQ(lib.Joint("j1").source, "test fixture: swapped encoder");
  EXPECT_EQ(lib.files.at("j1"), kData / "swap" / "j1-output-encoder.yaml");
}

TEST(DatasheetSwap, NewPartIsAdded) {
  ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  LoadComponentFile(kData / "swap" / "e3.yaml", &lib);
  EXPECT_EQ(lib.encoders.at("e3").bits, 16);
}

TEST(DatasheetSwap, DuplicatePartNamesBothFilesAndLeavesTheLibraryUnchanged) {
  ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  const InputError e =
      ExpectInputError([&] { LoadComponentFile(kData / "swap" / "m1-again.yaml", &lib); });
  ExpectNames(e, kData / "swap" / "m1-again.yaml", 2, "id",
              "also defined as a motor in " + (kData / "good" / "m1.yaml").string());
  EXPECT_EQ(lib.motors.at("m1").source,
            "test fixture: round numbers for hand-computed expectations");
}

TEST(DatasheetSwap, DanglingReferenceLeavesTheLibraryUnchanged) {
  ComponentLibrary lib = LoadComponentLibrary(kData / "good");
  const InputError e =
      ExpectInputError([&] { LoadComponentFile(kData / "swap" / "j2-dangling.yaml", &lib); });
  ExpectNames(e, kData / "swap" / "j2-dangling.yaml", 7, "driver",
              "no driver with id 'd99' (known: d0, d15)");
  EXPECT_EQ(lib.joints.count("j2"), 0u);
  EXPECT_EQ(lib.files.count("j2"), 0u);
}

}  // namespace
}  // namespace tianmu::actuators
