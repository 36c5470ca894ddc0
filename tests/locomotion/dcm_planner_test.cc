#include "tianmu/control/locomotion/dcm_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "lipm.h"
#include "test_robots.h"
#include "tianmu/control/locomotion/footstep_planner.h"
#include "tianmu/control/locomotion/support_polygon.h"

namespace tianmu::control::locomotion {
namespace {

TEST(DcmPlanner, HoldsAtMostSixSegments) {
  DcmPlanner dcm(3.0);
  dcm.Reset(0, Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero());
  for (int i = 0; i < DcmPlanner::kMaxSegments; ++i) {
    EXPECT_TRUE(dcm.AddSegment(Eigen::Vector2d(i, 0), 0.1, 0.4));
  }
  EXPECT_FALSE(dcm.AddSegment(Eigen::Vector2d(9, 0), 0.1, 0.4));
}

class DcmReference : public ::testing::Test {
 protected:
  // Short plan (fits kMaxSegments): start shift, four footsteps, stop.
  void SetUp() override {
    const LocomotionConfig& c = TestConfig("tm1");
    const FootstepPlanner planner(c);
    const double half = 0.5 * c.nominal_step_width_m;
    feet_ = {Foot(0, -half)};
    FootSide side = FootSide::kRight;
    for (int i = 0; i < 3; ++i) {
      feet_.push_back(planner.NextStep(feet_.back(), Other(side), {0.5, 0, 0}));
      side = Other(side);
    }
    feet_.push_back(planner.SideBySide(feet_.back(), Other(side)));
    dcm_.Reset(0, Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero());
    dcm_.AddSegment(feet_[0].position_m.head<2>(), c.start_transfer_duration_s,
                    c.single_support_duration_s());
    for (std::size_t i = 1; i + 1 < feet_.size(); ++i) {
      dcm_.AddSegment(feet_[i].position_m.head<2>(), c.double_support_duration_s(),
                      c.single_support_duration_s());
    }
    final_cop_ =
        0.5 * (feet_[feet_.size() - 2].position_m.head<2>() + feet_.back().position_m.head<2>());
    dcm_.AddSegment(final_cop_, c.final_transfer_duration_s, 0);
    dcm_.Finalize();
    end_s_ = dcm_.HoldStartTime(dcm_.size() - 1);
  }
  // Every phase boundary: transfer starts and ends.
  std::vector<double> Boundaries() const {
    std::vector<double> out;
    for (int i = 0; i < dcm_.size(); ++i) {
      out.push_back(dcm_.TransferStartTime(i));
      out.push_back(dcm_.HoldStartTime(i));
    }
    return out;
  }
  DcmPlanner dcm_{TestConfig("tm1").omega()};
  std::vector<FootPose> feet_;
  Eigen::Vector2d final_cop_;
  double end_s_ = 0;
};

TEST_F(DcmReference, DcmAndItsVelocityAreContinuousAtEveryPhaseBoundary) {
  // One-sided values 1 µs either side of each boundary: a jump would show as a difference far
  // above the ξ̈·1 µs (< 1e-5 m/s) a smooth reference changes by.
  constexpr double kEps = 1e-6;
  for (double t : Boundaries()) {
    if (t <= kEps) continue;
    const DcmSample before = dcm_.Evaluate(t - kEps);
    const DcmSample after = dcm_.Evaluate(t + kEps);
    EXPECT_LT((after.dcm_m - before.dcm_m).norm(), 1e-5) << "at t = " << t;
    EXPECT_LT((after.dcm_velocity_mps - before.dcm_velocity_mps).norm(), 1e-4) << "at t = " << t;
    EXPECT_LT((after.cop_m - before.cop_m).norm(), 1e-4) << "at t = " << t;
  }
}

TEST_F(DcmReference, DcmVelocityIsTheDerivativeOfTheDcm) {
  constexpr double kDt = 1e-5;
  double worst = 0;
  for (double t = 0.001; t < end_s_ + 0.5; t += 0.0137) {
    const Eigen::Vector2d numeric =
        (dcm_.Evaluate(t + kDt).dcm_m - dcm_.Evaluate(t - kDt).dcm_m) / (2 * kDt);
    worst = std::max(worst, (numeric - dcm_.Evaluate(t).dcm_velocity_mps).norm());
  }
  EXPECT_LT(worst, 1e-4);  // central-difference error ~ ξ⃛·dt² ≪ 1e-4 m/s
}

TEST_F(DcmReference, CopIsOnTheStanceFootInSingleSupportAndBetweenTheFeetInDoubleSupport) {
  const LocomotionConfig& c = TestConfig("tm1");
  for (int i = 0; i < dcm_.size(); ++i) {
    // Single support: exactly on the stance sole centre.
    if (i + 1 < dcm_.size()) {
      for (double t = dcm_.HoldStartTime(i) + 1e-9; t < dcm_.HoldEndTime(i); t += 0.01) {
        EXPECT_LT((dcm_.Evaluate(t).cop_m - dcm_.cop(i)).norm(), 1e-12);
      }
    }
    // Double support into segment i: inside the hull of the two loaded soles (2 mm tolerance
    // for the cubic's small overshoot).
    const FootPose& from = i == 0 ? Foot(0, 0.5 * c.nominal_step_width_m) : feet_[i - 1];
    const FootPose& to = i + 1 < dcm_.size() ? feet_[i] : feet_.back();
    const SupportPolygon hull =
        SupportPolygon::FromFeet(from, to, c.foot_length_m, c.foot_width_m, 0);
    for (double t = dcm_.TransferStartTime(i); t < dcm_.HoldStartTime(i); t += 0.005) {
      EXPECT_LT(hull.SignedDistance(dcm_.Evaluate(t).cop_m), 0.002)
          << "segment " << i << " t " << t;
    }
  }
}

TEST_F(DcmReference, DcmComesToRestOnTheFinalCop) {
  const DcmSample end = dcm_.Evaluate(end_s_);
  EXPECT_LT((end.dcm_m - final_cop_).norm(), 1e-12);
  EXPECT_LT(end.dcm_velocity_mps.norm(), 1e-12);
  const DcmSample later = dcm_.Evaluate(end_s_ + 10);
  EXPECT_LT((later.dcm_m - final_cop_).norm(), 1e-12);
}

TEST_F(DcmReference, IntegratedComStaysWithinTheFootstepsHull) {
  // ẋ = ω(ξ − x) from the standing CoM; the CoM lags the DCM and stays between the feet: within
  // the soles in use (previous and current, or current and next footstep) expanded by 3 cm.
  const LocomotionConfig& c = TestConfig("tm1");
  const double omega = c.omega();
  const FootPose standing_left = Foot(0, 0.5 * c.nominal_step_width_m);
  const int last = dcm_.size() - 1;
  Eigen::Vector2d com = Eigen::Vector2d::Zero();
  constexpr double kDt = 0.001;
  double worst = -1;
  for (double t = 0; t < end_s_ + 1; t += kDt) {
    com += (1 - std::exp(-omega * kDt)) * (dcm_.Evaluate(t).dcm_m - com);
    int i = 0;
    while (i < last && t >= dcm_.TransferStartTime(i + 1)) ++i;
    double distance;
    if (i == last) {
      distance =
          SupportPolygon::FromFeet(feet_[last - 1], feet_[last], c.foot_length_m, c.foot_width_m, 0)
              .SignedDistance(com);
    } else {
      const FootPose& previous = i == 0 ? standing_left : feet_[i - 1];
      distance = std::min(
          SupportPolygon::FromFeet(previous, feet_[i], c.foot_length_m, c.foot_width_m, 0)
              .SignedDistance(com),
          SupportPolygon::FromFeet(feet_[i], feet_[i + 1], c.foot_length_m, c.foot_width_m, 0)
              .SignedDistance(com));
    }
    worst = std::max(worst, distance);
  }
  EXPECT_LT(worst, 0.03);
}

TEST_F(DcmReference, ReplanFromTheCurrentStateKeepsTheReferenceUnchanged) {
  // Re-planning at a transfer start from the reference's own state, with the same footsteps,
  // must reproduce the reference (this is what the pattern generator does at every touchdown).
  const LocomotionConfig& c = TestConfig("tm1");
  const double t0 = dcm_.TransferStartTime(2);
  const DcmSample state = dcm_.Evaluate(t0);
  DcmPlanner replanned(c.omega());
  replanned.Reset(t0, state.dcm_m, state.dcm_velocity_mps);
  for (int i = 2; i < dcm_.size(); ++i) {
    const double hold = i + 1 < dcm_.size() ? c.single_support_duration_s() : 0;
    const double transfer =
        i + 1 < dcm_.size() ? c.double_support_duration_s() : c.final_transfer_duration_s;
    replanned.AddSegment(dcm_.cop(i), transfer, hold);
  }
  replanned.Finalize();
  for (double t = t0; t < end_s_ + 0.2; t += 0.003) {
    EXPECT_LT((replanned.Evaluate(t).dcm_m - dcm_.Evaluate(t).dcm_m).norm(), 1e-9);
  }
}

TEST(DcmTracking, LipmFollowingTheDcmLawRemovesAnInitialDcmError) {
  // Closed loop on a pendulum: p_cmd = p_ref + (1 + k/ω)(ξ − ξ_ref), ẍ = ω²(x − p_cmd). With
  // an unclipped CoP the error obeys ė = −k e; the 1 mm allowance covers the 1 ms zero-order
  // hold of p_cmd while the reference CoP sweeps between the feet (up to ~2 m/s in double
  // support), which drives the error by ~ω·ṗ·dt²/2 per tick.
  const LocomotionConfig& c = TestConfig("tm1");
  const double omega = c.omega();
  const double k = c.dcm_gain * omega;
  DcmPlanner dcm(omega);
  dcm.Reset(0, Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero());
  dcm.AddSegment(Eigen::Vector2d(0, -0.09), 0.5, 0.43);
  dcm.AddSegment(Eigen::Vector2d(0.25, 0.09), 0.08, 0.43);
  dcm.AddSegment(Eigen::Vector2d(0.25, 0), 0.5, 0);
  dcm.Finalize();
  Lipm lipm;
  lipm.omega = omega;
  lipm.velocity_mps << 0.03 * omega, -0.02 * omega;  // DCM error (3, −2) cm
  const double e0 = (lipm.Dcm() - dcm.Evaluate(0).dcm_m).norm();
  constexpr double kDt = 0.001;
  for (int tick = 0; tick < 1500; ++tick) {
    const double t = tick * kDt;
    const DcmSample ref = dcm.Evaluate(t);
    const Eigen::Vector2d cop = ref.cop_m + (1 + c.dcm_gain) * (lipm.Dcm() - ref.dcm_m);
    lipm.Step(cop, kDt);
    const double error = (lipm.Dcm() - dcm.Evaluate(t + kDt).dcm_m).norm();
    EXPECT_LT(error, e0 * std::exp(-k * (t + kDt)) * 1.05 + 1e-3) << "t = " << t;
  }
}

}  // namespace
}  // namespace tianmu::control::locomotion
