// Helpers for the QP tests: an independent brute-force solver (enumerates active sets, small
// problems only) and small problem builders.
#pragma once

#include <Eigen/Dense>
#include <limits>
#include <optional>
#include <vector>

#include "tianmu/control/qp/dense_qp.h"

namespace tianmu::qp::test {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// A problem with H, g only (no constraints).
inline QpProblem Unconstrained(const Eigen::MatrixXd& H, const Eigen::VectorXd& g) {
  QpProblem p;
  p.H = H;
  p.g = g;
  p.A_eq.resize(0, H.rows());
  p.b_eq.resize(0);
  p.C.resize(0, H.rows());
  p.c_lower.resize(0);
  p.c_upper.resize(0);
  return p;
}

/// The optimum of a strictly convex QP by enumeration: every choice of which one-sided
/// constraints hold with equality is solved as an equality-constrained QP (a KKT system); the
/// feasible candidate of least objective is the optimum, because the optimum solves its own
/// active set's KKT system and every feasible point costs at least as much. Exponential: use for
/// m_in + n(bounds) ≤ ~8. Returns nullopt when no candidate is feasible (infeasible problem).
inline std::optional<Eigen::VectorXd> BruteForceSolve(const QpProblem& p,
                                                      double feasibility_tolerance = 1e-9) {
  const int n = static_cast<int>(p.H.rows());
  const int m_eq = static_cast<int>(p.A_eq.rows());
  const int m_in = static_cast<int>(p.C.rows());
  const bool has_bounds = p.x_lower.size() > 0 || p.x_upper.size() > 0;
  // Every row that can be active: rows of C, then variables (as unit rows) when bounded.
  std::vector<Eigen::RowVectorXd> rows;
  std::vector<double> lower, upper;
  for (int i = 0; i < m_in; ++i) {
    rows.push_back(p.C.row(i));
    lower.push_back(p.c_lower[i]);
    upper.push_back(p.c_upper[i]);
  }
  if (has_bounds) {
    for (int j = 0; j < n; ++j) {
      rows.push_back(Eigen::RowVectorXd::Unit(n, j));
      lower.push_back(p.x_lower.size() > 0 ? p.x_lower[j] : -kInf);
      upper.push_back(p.x_upper.size() > 0 ? p.x_upper[j] : kInf);
    }
  }
  const int m = static_cast<int>(rows.size());
  std::optional<Eigen::VectorXd> best;
  double best_objective = kInf;
  std::vector<int> state(m, 0);  // 0 free, 1 at lower, 2 at upper
  for (;;) {
    bool usable = true;
    std::vector<int> active;
    for (int k = 0; k < m; ++k) {
      if ((state[k] == 1 && lower[k] == -kInf) || (state[k] == 2 && upper[k] == kInf)) {
        usable = false;
      }
      if (state[k] != 0) active.push_back(k);
    }
    if (usable) {
      const int a = m_eq + static_cast<int>(active.size());
      Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(n + a, n + a);
      Eigen::VectorXd rhs(n + a);
      kkt.topLeftCorner(n, n) = p.H;
      rhs.head(n) = -p.g;
      for (int i = 0; i < m_eq; ++i) {
        kkt.block(n + i, 0, 1, n) = p.A_eq.row(i);
        rhs[n + i] = p.b_eq[i];
      }
      for (int k = 0; k < static_cast<int>(active.size()); ++k) {
        const int r = active[k];
        kkt.block(n + m_eq + k, 0, 1, n) = rows[r];
        rhs[n + m_eq + k] = state[r] == 1 ? lower[r] : upper[r];
      }
      kkt.topRightCorner(n, a) = kkt.bottomLeftCorner(a, n).transpose();
      Eigen::FullPivLU<Eigen::MatrixXd> lu(kkt);
      if (lu.isInvertible()) {
        const Eigen::VectorXd x = lu.solve(rhs).head(n);
        bool feasible = true;
        if (m_eq > 0) {
          feasible = (p.A_eq * x - p.b_eq).cwiseAbs().maxCoeff() <= feasibility_tolerance;
        }
        for (int k = 0; k < m && feasible; ++k) {
          const double v = rows[k].dot(x);
          const double scale = 1.0 + std::abs(v);
          feasible = v >= lower[k] - feasibility_tolerance * scale &&
                     v <= upper[k] + feasibility_tolerance * scale;
        }
        const double objective = 0.5 * x.dot(p.H * x) + p.g.dot(x);
        if (feasible && objective < best_objective) {
          best_objective = objective;
          best = x;
        }
      }
    }
    int k = 0;
    while (k < m && state[k] == 2) state[k++] = 0;
    if (k == m) break;
    ++state[k];
  }
  return best;
}

}  // namespace tianmu::qp::test
