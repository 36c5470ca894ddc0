// DenseQpSolver on problems whose solution is known in closed form or by hand, plus the status
// reports: infeasible, not convex, invalid input, iteration limit.

#include "tianmu/control/qp/dense_qp.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "qp_test_util.h"

namespace tianmu::qp {
namespace {

using test::kInf;
using test::Unconstrained;

// Solutions here come from well-conditioned small systems: 1e-10 is ~10⁵ ulps of margin.
constexpr double kTight = 1e-10;

Eigen::MatrixXd SpdMatrix3() {
  Eigen::MatrixXd H(3, 3);
  H << 4, 1, 0.5,  //
      1, 3, 0.2,   //
      0.5, 0.2, 2;
  return H;
}

TEST(DenseQp, UnconstrainedProblemSolvesHxEqualsMinusG) {
  const Eigen::MatrixXd H = SpdMatrix3();
  const Eigen::Vector3d g(1, -2, 3);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(Unconstrained(H, g));
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  const Eigen::VectorXd expected = -H.llt().solve(g);
  EXPECT_LT((r.x - expected).cwiseAbs().maxCoeff(), kTight);
  EXPECT_EQ(r.iterations, 0);
  EXPECT_EQ(r.active_set_size, 0);
  EXPECT_NEAR(r.objective, 0.5 * expected.dot(H * expected) + g.dot(expected), kTight);
  EXPECT_TRUE(r.message.empty());
}

TEST(DenseQp, EqualityOnlyProblemMatchesTheKktSolve) {
  QpProblem p = Unconstrained(SpdMatrix3(), Eigen::Vector3d(1, -2, 3));
  p.A_eq.resize(2, 3);
  p.A_eq << 1, 1, 1,  //
      1, -1, 2;
  p.b_eq = Eigen::Vector2d(1, 0.5);
  Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(5, 5);
  kkt.topLeftCorner(3, 3) = p.H;
  kkt.topRightCorner(3, 2) = p.A_eq.transpose();
  kkt.bottomLeftCorner(2, 3) = p.A_eq;
  Eigen::VectorXd rhs(5);
  rhs << -p.g, p.b_eq;
  // KKT unknowns (x, y) with H x + A_eqᵀ y = -g: y is QpResult's y_eq directly.
  const Eigen::VectorXd xy = kkt.fullPivLu().solve(rhs);

  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  EXPECT_LT((r.x - xy.head(3)).cwiseAbs().maxCoeff(), kTight);
  EXPECT_LT((r.y_eq - xy.tail(2)).cwiseAbs().maxCoeff(), kTight);
  EXPECT_EQ(r.active_set_size, 2);
  EXPECT_LT(KktResidual(p, r), kTight);
}

TEST(DenseQp, DiagonalHessianWithSimpleBoundsClampsTheUnconstrainedMinimum) {
  // With diagonal H the problem separates: xᵢ = clamp(-gᵢ/Hᵢᵢ, lᵢ, uᵢ), and the bound multiplier
  // is whatever closes the gradient: y = -(Hᵢᵢxᵢ + gᵢ).
  const Eigen::Vector4d h(2, 1, 4, 0.5);
  const Eigen::Vector4d g(-4, 3, 1, -1);  // unconstrained: (2, -3, -0.25, 2)
  QpProblem p = Unconstrained(h.asDiagonal(), g);
  p.x_lower = Eigen::Vector4d(-1, -1, -1, -kInf);
  p.x_upper = Eigen::Vector4d(1, 1, 1, 1.5);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  const Eigen::Vector4d expected(1, -1, -0.25, 1.5);
  EXPECT_LT((r.x - expected).cwiseAbs().maxCoeff(), kTight);
  const Eigen::Vector4d y = -(h.cwiseProduct(expected) + g);  // (2, -1, 0, -0.25)
  EXPECT_LT((r.y_bound - y).cwiseAbs().maxCoeff(), kTight);
  EXPECT_GT(r.y_bound[0], 0.0);  // upper bound active
  EXPECT_LT(r.y_bound[1], 0.0);  // lower bound active
  EXPECT_EQ(r.active_set_size, 3);
  EXPECT_LT(KktResidual(p, r), kTight);
}

TEST(DenseQp, TwoDimensionalProblemSolvedByHand) {
  // min (x₁-1)² + (x₂-2.5)²  s.t.  -2 ≤ x₁ - 2x₂ ≤ 2,  x₁ + 2x₂ ≤ 6,  x ≥ 0.
  // The unconstrained minimum (1, 2.5) violates x₁ - 2x₂ ≥ -2 only. Projecting it onto that line
  // along the normal (1, -2)/√5 gives x = (1, 2.5) + (2/5)(1, -2) = (1.4, 1.7); there x₁ + 2x₂ =
  // 4.8 < 6 and x > 0, so it is optimal. Stationarity 2(x - (1, 2.5)) + y (1, -2) = 0 gives
  // y = -0.8 (lower side active, so negative). Objective ½xᵀ(2I)x - (2, 5)·x = -6.45.
  QpProblem p = Unconstrained(2.0 * Eigen::Matrix2d::Identity(), Eigen::Vector2d(-2, -5));
  p.C.resize(2, 2);
  p.C << 1, -2,  //
      1, 2;
  p.c_lower = Eigen::Vector2d(-2, -kInf);
  p.c_upper = Eigen::Vector2d(2, 6);
  p.x_lower = Eigen::Vector2d(0, 0);  // x_upper empty: no upper bounds
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  EXPECT_NEAR(r.x[0], 1.4, kTight);
  EXPECT_NEAR(r.x[1], 1.7, kTight);
  EXPECT_NEAR(r.y_ineq[0], -0.8, kTight);
  EXPECT_EQ(r.y_ineq[1], 0.0);
  EXPECT_EQ(r.y_bound.size(), 2);
  EXPECT_EQ(r.y_bound.cwiseAbs().maxCoeff(), 0.0);
  EXPECT_NEAR(r.objective, -6.45, kTight);
  EXPECT_EQ(r.active_set_size, 1);
  EXPECT_EQ(solver.last_active_set_size(), 1);
}

TEST(DenseQp, TwoSidedRowWithEqualBoundsActsAsAnEquality) {
  QpProblem as_equality = Unconstrained(SpdMatrix3(), Eigen::Vector3d(1, -2, 3));
  as_equality.A_eq.resize(1, 3);
  as_equality.A_eq << 1, 2, -1;
  as_equality.b_eq = Eigen::VectorXd::Constant(1, 0.7);
  QpProblem as_row = Unconstrained(SpdMatrix3(), Eigen::Vector3d(1, -2, 3));
  as_row.C = as_equality.A_eq;
  as_row.c_lower = as_equality.b_eq;
  as_row.c_upper = as_equality.b_eq;

  DenseQpSolver solver;
  const QpResult eq = solver.Solve(as_equality);
  const QpResult row = solver.Solve(as_row);
  ASSERT_EQ(eq.status, QpStatus::kSolved);
  ASSERT_EQ(row.status, QpStatus::kSolved) << row.message;
  EXPECT_LT((eq.x - row.x).cwiseAbs().maxCoeff(), kTight);
  // The multiplier keeps its sign freedom, exactly like the equality's.
  EXPECT_NEAR(row.y_ineq[0], eq.y_eq[0], kTight);
  EXPECT_LT(KktResidual(as_row, row), kTight);
}

TEST(DenseQp, EqualSimpleBoundsFixTheVariable) {
  QpProblem p = Unconstrained(SpdMatrix3(), Eigen::Vector3d(1, -2, 3));
  p.x_lower = Eigen::Vector3d(-kInf, 0.25, -kInf);
  p.x_upper = Eigen::Vector3d(kInf, 0.25, kInf);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  EXPECT_NEAR(r.x[1], 0.25, kTight);
  EXPECT_LT(KktResidual(p, r), kTight);
}

// ---- infeasibility ----

TEST(DenseQp, ContradictoryBoundsAndInequalityAreReportedAsInfeasible) {
  // x₀ + x₁ ≥ 3 cannot hold with x ≤ 1. The unconstrained minimum is 0: the row is added first,
  // then the bounds; the second bound is the one that cannot be added.
  QpProblem p = Unconstrained(Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero());
  p.C.resize(1, 2);
  p.C << 1, 1;
  p.c_lower = Eigen::VectorXd::Constant(1, 3.0);
  p.c_upper = Eigen::VectorXd::Constant(1, kInf);
  p.x_upper = Eigen::Vector2d(1, 1);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kInfeasible);
  EXPECT_EQ(r.infeasible_kind, QpConstraintKind::kBoundUpper);
  EXPECT_TRUE(r.infeasible_index == 0 || r.infeasible_index == 1);
  EXPECT_NE(r.message.find("bound upper"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("x_upper[" + std::to_string(r.infeasible_index) + "]"),
            std::string::npos)
      << r.message;
}

TEST(DenseQp, IncompatibleEqualitiesAreReportedWithTheSecondRow) {
  QpProblem p = Unconstrained(SpdMatrix3(), Eigen::Vector3d(1, -2, 3));
  p.A_eq.resize(2, 3);
  p.A_eq << 1, 1, 0,  //
      1, 1, 0;
  p.b_eq = Eigen::Vector2d(1, 2);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kInfeasible);
  EXPECT_EQ(r.infeasible_kind, QpConstraintKind::kEquality);
  EXPECT_EQ(r.infeasible_index, 1);
  EXPECT_NE(r.message.find("equality 1"), std::string::npos) << r.message;
}

TEST(DenseQp, EqualityOutsideABoundIsReportedAsTheBound) {
  QpProblem p = Unconstrained(Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero());
  p.A_eq.resize(1, 2);
  p.A_eq << 1, 0;
  p.b_eq = Eigen::VectorXd::Constant(1, 2.0);
  p.x_upper = Eigen::Vector2d(1, 1);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kInfeasible);
  EXPECT_EQ(r.infeasible_kind, QpConstraintKind::kBoundUpper);
  EXPECT_EQ(r.infeasible_index, 0);
}

TEST(DenseQp, EqualBoundRowContradictingAnEqualityIsReported) {
  QpProblem p = Unconstrained(Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero());
  p.A_eq.resize(1, 2);
  p.A_eq << 1, 0;
  p.b_eq = Eigen::VectorXd::Constant(1, 1.0);
  p.C.resize(1, 2);
  p.C << 1, 0;
  p.c_lower = Eigen::VectorXd::Constant(1, 2.0);
  p.c_upper = Eigen::VectorXd::Constant(1, 2.0);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kInfeasible);
  // x₀ = 1 after the equality, so the row is below its value 2: its lower side fails.
  EXPECT_EQ(r.infeasible_kind, QpConstraintKind::kInequalityLower);
  EXPECT_EQ(r.infeasible_index, 0);
}

// ---- convexity ----

TEST(DenseQp, IndefiniteHessianIsReportedAsNotConvex) {
  const Eigen::Vector2d diagonal(1, -1);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(Unconstrained(diagonal.asDiagonal(), Eigen::Vector2d(1, 1)));
  EXPECT_EQ(r.status, QpStatus::kNotConvex);
  EXPECT_FALSE(r.message.empty());
}

TEST(DenseQp, SingularHessianIsReportedAsNotConvex) {
  // Positive semidefinite is not enough: the dual method needs H⁻¹.
  const Eigen::Vector2d diagonal(1, 0);
  DenseQpSolver solver;
  EXPECT_EQ(solver.Solve(Unconstrained(diagonal.asDiagonal(), Eigen::Vector2d(1, 1))).status,
            QpStatus::kNotConvex);
  EXPECT_EQ(solver.Solve(Unconstrained(Eigen::Matrix2d::Zero(), Eigen::Vector2d(1, 1))).status,
            QpStatus::kNotConvex);
  Eigen::Matrix2d rank_one;
  rank_one << 1, 1,  //
      1, 1;
  EXPECT_EQ(solver.Solve(Unconstrained(rank_one, Eigen::Vector2d(1, 1))).status,
            QpStatus::kNotConvex);
}

TEST(DenseQp, IllConditionedButDefiniteHessianIsSolved) {
  // The WBC's Hessian mixes task weights (~1e4) with regularisation (~1e-7) on contact forces:
  // condition number 1e11, still positive definite and to be solved, not rejected.
  const Eigen::Vector3d diagonal(1e4, 1.0, 1e-7);
  QpProblem p = Unconstrained(diagonal.asDiagonal(), Eigen::Vector3d(-1e4, -1, 1e-7));
  p.x_upper = Eigen::Vector3d(kInf, 0.5, kInf);  // unconstrained minimum (1, 1, -1)
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  EXPECT_NEAR(r.x[0], 1.0, kTight);
  EXPECT_NEAR(r.x[1], 0.5, kTight);
  EXPECT_NEAR(r.x[2], -1.0, 1e-6);  // 1/λ = 1e7 amplifies the ~1e-16 roundoff in g
  EXPECT_NEAR(r.y_bound[1], 0.5, kTight);
}

// ---- invalid input ----

QpProblem ValidProblem() {
  QpProblem p = Unconstrained(SpdMatrix3(), Eigen::Vector3d(1, -2, 3));
  p.A_eq = Eigen::RowVector3d(1, 1, 1);
  p.b_eq = Eigen::VectorXd::Constant(1, 1.0);
  p.C.resize(2, 3);
  p.C << 1, 0, 0,  //
      0, 1, 0;
  p.c_lower = Eigen::Vector2d(-1, -kInf);
  p.c_upper = Eigen::Vector2d(1, 1);
  p.x_lower = Eigen::Vector3d::Constant(-2);
  p.x_upper = Eigen::Vector3d::Constant(2);
  return p;
}

TEST(DenseQp, InvalidInputIsReportedWithTheFieldName) {
  struct Case {
    const char* field;  // expected in the message
    std::function<void(QpProblem&)> spoil;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<Case> cases = {
      {"QpProblem.H", [](QpProblem& p) { p.H.resize(0, 0); }},
      {"QpProblem.H", [](QpProblem& p) { p.H.conservativeResize(3, 2); }},
      {"QpProblem.g", [](QpProblem& p) { p.g.resize(2); }},
      {"QpProblem.A_eq", [](QpProblem& p) { p.A_eq.resize(1, 2); }},
      {"QpProblem.b_eq", [](QpProblem& p) { p.b_eq.resize(2); }},
      {"QpProblem.C", [](QpProblem& p) { p.C.resize(2, 4); }},
      {"QpProblem.c_lower", [](QpProblem& p) { p.c_lower.resize(1); }},
      {"QpProblem.c_upper", [](QpProblem& p) { p.c_upper.resize(3); }},
      {"QpProblem.x_lower", [](QpProblem& p) { p.x_lower.resize(2); }},
      {"QpProblem.x_upper", [](QpProblem& p) { p.x_upper.resize(4); }},
      {"QpProblem.H(1,2)", [nan](QpProblem& p) { p.H(1, 2) = nan; }},
      {"QpProblem.g[0]", [](QpProblem& p) { p.g[0] = kInf; }},
      {"QpProblem.A_eq(0,1)", [nan](QpProblem& p) { p.A_eq(0, 1) = nan; }},
      {"QpProblem.b_eq[0]", [](QpProblem& p) { p.b_eq[0] = -kInf; }},
      {"QpProblem.C(1,0)", [](QpProblem& p) { p.C(1, 0) = kInf; }},
      {"QpProblem.c_lower[1]", [nan](QpProblem& p) { p.c_lower[1] = nan; }},
      {"QpProblem.c_lower[0]", [](QpProblem& p) { p.c_lower[0] = kInf; }},
      {"QpProblem.c_upper[1]", [](QpProblem& p) { p.c_upper[1] = -kInf; }},
      {"QpProblem.c_lower[0] = 1.5 > c_upper[0] = 1", [](QpProblem& p) { p.c_lower[0] = 1.5; }},
      {"QpProblem.x_lower[2] = 3 > x_upper[2] = 2", [](QpProblem& p) { p.x_lower[2] = 3; }},
      {"QpProblem.x_upper[0]", [nan](QpProblem& p) { p.x_upper[0] = nan; }},
      {"QpProblem.H is not symmetric", [](QpProblem& p) { p.H(0, 1) += 1e-3; }},
  };
  DenseQpSolver solver;
  ASSERT_EQ(solver.Solve(ValidProblem()).status, QpStatus::kSolved);
  for (const Case& c : cases) {
    QpProblem p = ValidProblem();
    c.spoil(p);
    const QpResult r = solver.Solve(p);
    EXPECT_EQ(r.status, QpStatus::kInvalidInput) << c.field;
    EXPECT_NE(r.message.find(c.field), std::string::npos)
        << "expected '" << c.field << "' in: " << r.message;
    EXPECT_EQ(r.x.size(), 0);
    EXPECT_EQ(ValidateQpProblem(p), r.message);
  }
  // After any number of rejected inputs the solver still works.
  EXPECT_EQ(solver.Solve(ValidProblem()).status, QpStatus::kSolved);
}

TEST(DenseQp, InvalidOptionsAreReported) {
  DenseQpSolver solver;
  QpOptions options;
  options.max_iterations = -1;
  const QpResult r = solver.Solve(ValidProblem(), options);
  EXPECT_EQ(r.status, QpStatus::kInvalidInput);
  EXPECT_NE(r.message.find("QpOptions"), std::string::npos);
}

TEST(DenseQp, OneSidedSimpleBoundsMayBeGivenAlone) {
  QpProblem p = ValidProblem();
  p.x_upper.resize(0);
  DenseQpSolver solver;
  const QpResult r = solver.Solve(p);
  ASSERT_EQ(r.status, QpStatus::kSolved) << r.message;
  EXPECT_EQ(r.y_bound.size(), 3);
  EXPECT_LT(KktResidual(p, r), kTight);
}

// ---- iteration limit and reporting ----

TEST(DenseQp, IterationLimitIsReported) {
  // Four violated bounds need four iterations.
  const Eigen::Vector4d h(1, 1, 1, 1);
  QpProblem p = Unconstrained(h.asDiagonal(), Eigen::Vector4d(-3, 3, -3, 3));
  p.x_lower = Eigen::Vector4d::Constant(-1);
  p.x_upper = Eigen::Vector4d::Constant(1);
  QpOptions options;
  options.max_iterations = 2;
  DenseQpSolver solver;
  const QpResult limited = solver.Solve(p, options);
  EXPECT_EQ(limited.status, QpStatus::kMaxIterations);
  EXPECT_EQ(limited.iterations, 2);
  EXPECT_NE(limited.message.find("max_iterations"), std::string::npos);
  options.max_iterations = 4;
  EXPECT_EQ(solver.Solve(p, options).status, QpStatus::kSolved);
}

TEST(DenseQp, StatusAndKindNamesAreStable) {
  EXPECT_STREQ(QpStatusName(QpStatus::kSolved), "solved");
  EXPECT_STREQ(QpStatusName(QpStatus::kInfeasible), "infeasible");
  EXPECT_STREQ(QpStatusName(QpStatus::kMaxIterations), "max_iterations");
  EXPECT_STREQ(QpStatusName(QpStatus::kNotConvex), "not_convex");
  EXPECT_STREQ(QpStatusName(QpStatus::kInvalidInput), "invalid_input");
  EXPECT_STREQ(QpConstraintKindName(QpConstraintKind::kInequalityUpper), "inequality upper");
  EXPECT_STREQ(QpConstraintKindName(QpConstraintKind::kBoundLower), "bound lower");
}

TEST(DenseQp, KktResidualDetectsEachKindOfViolation) {
  QpProblem p = Unconstrained(2.0 * Eigen::Matrix2d::Identity(), Eigen::Vector2d(-2, -5));
  p.C.resize(2, 2);
  p.C << 1, -2,  //
      1, 2;
  p.c_lower = Eigen::Vector2d(-2, -kInf);
  p.c_upper = Eigen::Vector2d(2, 6);
  DenseQpSolver solver;
  const QpResult good = solver.Solve(p);
  ASSERT_EQ(good.status, QpStatus::kSolved);
  ASSERT_LT(KktResidual(p, good), kTight);

  QpResult moved = good;  // stationarity and feasibility
  moved.x[1] += 0.1;
  EXPECT_NEAR(KktResidual(p, moved), 0.2, 1e-9);  // x₁ - 2x₂ = -2.2: 0.2 below c_lower
  QpResult wrong_sign = good;  // pushes against the upper side while the lower one is tight
  wrong_sign.y_ineq[0] = 0.8;
  EXPECT_GT(KktResidual(p, wrong_sign), 1.0);
  QpResult infinite_side = good;  // a multiplier on row 1's lower side, which is -inf
  infinite_side.y_ineq[1] = -0.5;
  EXPECT_GE(KktResidual(p, infinite_side), 0.5);
  QpResult wrong_size = good;
  wrong_size.y_ineq.resize(1);
  EXPECT_EQ(KktResidual(p, wrong_size), kInf);
}

}  // namespace
}  // namespace tianmu::qp
