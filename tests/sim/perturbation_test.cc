#include "tianmu/sim/perturbation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tianmu/core/error.h"

namespace tianmu::sim {
namespace {

using ::testing::HasSubstr;

TEST(Perturbation, ParsesForceForm) {
  const Perturbation p = ParsePerturbation("t=3,body=pelvis,f=200,0,-10,dur=0.1");
  EXPECT_DOUBLE_EQ(p.start_s, 3.0);
  EXPECT_EQ(p.body, "pelvis");
  EXPECT_DOUBLE_EQ(p.force_N[0], 200.0);
  EXPECT_DOUBLE_EQ(p.force_N[2], -10.0);
  EXPECT_DOUBLE_EQ(p.duration_s, 0.1);
  EXPECT_NEAR(p.ImpulseNs(), std::hypot(200.0, 10.0) * 0.1, 1e-12);
}

TEST(Perturbation, ImpulseFormDividesByDuration) {
  const Perturbation p = ParsePerturbation("t=1.5, body=base, impulse=0,25,0, dur=0.2");
  EXPECT_DOUBLE_EQ(p.force_N[1], 125.0);  // 25 N·s over 0.2 s
  EXPECT_DOUBLE_EQ(p.ImpulseNs(), 25.0);
}

TEST(Perturbation, DefaultDurationIsATenthOfASecond) {
  EXPECT_DOUBLE_EQ(ParsePerturbation("t=0,body=torso,f=1,2,3").duration_s, 0.1);
}

TEST(Perturbation, TorqueOnly) {
  const Perturbation p = ParsePerturbation("t=0,body=torso,tau=0,0,5");
  EXPECT_DOUBLE_EQ(p.torque_Nm[2], 5.0);
}

void ExpectError(const std::string& text, const std::string& fragment) {
  try {
    ParsePerturbation(text);
    FAIL() << "accepted " << text;
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(fragment)) << text;
    EXPECT_THAT(e.what(), HasSubstr("form:"));
  }
}

TEST(Perturbation, RejectsMalformedText) {
  ExpectError("body=pelvis,f=1,0,0", "t: missing");
  ExpectError("t=1,f=1,0,0", "body: missing");
  ExpectError("t=1,body=pelvis", "exactly one of");
  ExpectError("t=1,body=pelvis,f=1,0", "f: expected 3 components");
  ExpectError("t=1,body=pelvis,f=1,0,0,0", "f: expected 3 components");
  ExpectError("t=x,body=pelvis,f=1,0,0", "t: expected a finite number");
  ExpectError("t=-1,body=pelvis,f=1,0,0", "t: expected a time >= 0");
  ExpectError("t=1,body=pelvis,f=1,0,0,dur=0", "dur:");
  ExpectError("t=1,body=pelvis,f=nan,0,0", "expected a finite number");
  ExpectError("t=1,body=pelvis,speed=3", "unknown key 'speed'");
  ExpectError("t=1,body=pelvis,f=1,0,0,impulse=1,0,0", "both given");
  ExpectError("3,body=pelvis", "is not key=value");
}

}  // namespace
}  // namespace tianmu::sim
