// perf.payload's measurement: a box held between the palms by friction alone, carried 5 m at
// 0.3 m/s. Judged from simulator ground truth over seeds; a box far beyond the arms' torque
// makes the same run fail, so the measurement can tell a carry from a drop.
#include "tianmu/certify/items/payload_carry.h"

#include <gtest/gtest.h>

#include <iostream>

#include "tianmu/core/error.h"
#include "tianmu/model/robot_spec.h"

namespace tianmu::certify {
namespace {

const model::RobotSpec& Tm1() {
  static const model::RobotSpec spec = model::LoadRobotByNameOrPath("tm1");
  return spec;
}

TEST(PayloadCarry, Tm1CarriesTheFiveKilogramCartonFiveMetresOverSeeds) {
  for (std::uint64_t seed : {1, 2, 3}) {
    PayloadCarryOptions options;
    options.mass_kg = 5;
    options.seed = seed;
    const PayloadCarryResult r = RunPayloadCarry(Tm1(), options);
    EXPECT_TRUE(r.reached) << "seed " << seed;
    EXPECT_TRUE(r.carried) << "seed " << seed << ": " << r.reason;
    EXPECT_FALSE(r.fell) << "seed " << seed;
    EXPECT_FALSE(r.dropped) << "seed " << seed;
    EXPECT_GE(r.distance_m, 5.0) << "seed " << seed;
    std::cout << "[ figures  ] seed " << seed << ": carried " << r.carried << ", distance "
              << r.distance_m << " m, box sag " << r.lowest_box_drop_m * 100 << " cm, squeeze "
              << r.squeeze_N << " N per palm, " << r.simulated_s << " s simulated\n";
  }
}

TEST(PayloadCarry, ABoxFarTooHeavyIsNotCarried) {
  PayloadCarryOptions options;
  options.mass_kg = 60;  // more than the robot's own mass
  const PayloadCarryResult r = RunPayloadCarry(Tm1(), options);
  EXPECT_FALSE(r.carried);
  EXPECT_FALSE(r.reason.empty());
  std::cout << "[ figures  ] 60 kg: " << r.reason << ", distance " << r.distance_m << " m\n";
}

TEST(PayloadCarry, BadOptionsAreRefused) {
  PayloadCarryOptions options;
  options.mass_kg = -1;
  EXPECT_THROW(RunPayloadCarry(Tm1(), options), InputError);
  options.mass_kg = 5;
  options.box_id = "no_such_box";
  EXPECT_THROW(RunPayloadCarry(Tm1(), options), InputError);
}

}  // namespace
}  // namespace tianmu::certify
