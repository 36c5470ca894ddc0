// Seeded random strictly convex QPs with a known, strictly complementary solution, shaped like the
// whole-body controller's problems; shared by the QP tests and the bench_qp benchmark.
#pragma once

#include <Eigen/Dense>

#include "tianmu/control/qp/dense_qp.h"
#include "tianmu/core/rng.h"

namespace tianmu::qp {

/// Sizes and structure of a random problem.
struct RandomQpShape {
  int n = 70;                       ///< variables
  int m_eq = 18;                    ///< equality rows
  int m_in = 200;                   ///< two-sided inequality rows
  int active_inequalities = 30;     ///< rows of C active at the constructed solution
  int equal_bound_rows = 0;         ///< rows of C with c_lower == c_upper (count as active)
  bool bounds = false;              ///< give simple bounds x_lower ≤ x ≤ x_upper
  int active_bounds = 0;            ///< variables at a bound at the solution (needs `bounds`)
  double one_sided_fraction = 0.0;  ///< inactive sides made infinite, as a fraction of rows
  double regularisation = 1e-3;     ///< added to H's diagonal (H = MᵀM + λI)
};

/// A problem and its exact solution (multipliers in the convention of QpResult).
struct RandomQp {
  QpProblem problem;
  Eigen::VectorXd x;
  Eigen::VectorXd y_eq;
  Eigen::VectorXd y_ineq;
  Eigen::VectorXd y_bound;
};

/// Builds the problem backwards from a random (x, y): active rows get their bound at C x and a
/// multiplier of the right sign with |y| in [0.1, 1], inactive rows keep a margin of at least 0.1,
/// and g is chosen to make x stationary. Requires m_eq + active rows + active bounds ≤ n.
RandomQp MakeRandomQp(const RandomQpShape& shape, Rng& rng);

/// One random change of relative size `size`: H ← TᵀHT with T = I + size·E/√n (stays positive
/// definite), g, A_eq and C moved by size × their RMS entry, b_eq and the bounds by size (each
/// row's two bounds by the same amount, so equal bounds stay equal and lower ≤ upper holds).
void PerturbQp(QpProblem& problem, double size, Rng& rng);

/// Time-correlated variation around a base problem, like the WBC's tick-to-tick problems: every
/// perturbation coefficient of PerturbQp follows a stationary AR(1) process e ← ρe +
/// √(1-ρ²)·N(0,1), and each tick's problem is `base` perturbed by `size`·e. Consecutive problems
/// then differ by about size·√(2(1-ρ)) while the active set stays representative of the base (no
/// random walk).
class QpDrift {
 public:
  QpDrift(QpProblem base, double size, double correlation, Rng& rng);
  /// Advances one tick and writes the drifted problem into `out`.
  void Step(Rng& rng, QpProblem& out);

 private:
  QpProblem base_;
  double size_;
  double correlation_;
  // Unit-variance noise per perturbed entry.
  Eigen::MatrixXd e_T_, e_A_, e_C_;
  Eigen::VectorXd e_g_, e_b_, e_c_, e_x_;
};

}  // namespace tianmu::qp
