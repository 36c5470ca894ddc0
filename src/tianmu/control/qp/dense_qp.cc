// The Goldfarb–Idnani dual active-set method (Math. Programming 27, 1983), written for the
// problem form of dense_qp.h. Notation follows the paper:
//   H = L Lᵀ (Cholesky), N = active constraint normals (one column each, oriented so that the
//   constraint reads nᵀx ≥ b), L⁻¹N = Q [R; 0], J = L⁻ᵀQ = [J1 J2] with J1 the first q columns.
// Then JᵀN = [R; 0], the primal step direction for a new constraint n⁺ is z = J2 J2ᵀ n⁺ and the
// change of the active multipliers is -r with r = R⁻¹ J1ᵀ n⁺.
//
// Two implementation choices keep the per-iteration cost at O(n²) with small constants:
//  * d = Jᵀn⁺ is formed once per constraint; a Householder reflection applied to J2 turns its
//    tail into γ·e₁, so z = γ·J[:, q] and zᵀn⁺ = γ² need no further products, and adding the
//    constraint only appends the column (d₁, γ) to R.
//  * when a constraint is dropped, the Givens rotations that restore R to triangular form are also
//    applied to d, so d stays equal to Jᵀn⁺ without recomputation.
// Equality rows (and two-sided rows with equal bounds) are added first and never dropped.

#include "tianmu/control/qp/dense_qp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "tianmu/control/qp/dense_kernels.h"

namespace tianmu::qp {
namespace {

using kernels::ColumnDots;
using kernels::CombineColumns;
using kernels::RankOneUpdate;
using kernels::RotateColumns;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A new normal whose component outside the span of the active normals (in the metric of H⁻¹) is
// below this fraction of its length is treated as linearly dependent on them: a primal step along
// it would be a division by roundoff.
constexpr double kDependenceTolerance = 1e-10;

// Entries of r this small relative to max|r| are roundoff of zero; they must not limit the dual
// step (a ratio u/r with r ≈ 1e-17 would drop a constraint for no reason).
constexpr double kRatioTolerance = 1e-12;

enum class RowKind : std::uint8_t { kEquality, kInequality, kBound };

struct Decoded {
  RowKind kind;
  int index;
  bool upper;  // inequality/bound: the upper side (normal = -row).
};

enum class AddOutcome { kAdded, kRedundant, kInfeasible, kMaxIterations };

// H = L Lᵀ by the left-looking (column) Cholesky algorithm, reading H's lower triangle; false
// when a pivot is not positive (or not a number). `row` and `w` hold n doubles each.
bool Cholesky(const Eigen::MatrixXd& H, Eigen::MatrixXd& L, double* row, double* w) {
  const int n = static_cast<int>(H.rows());
  for (int j = 0; j < n; ++j) {
    for (int k = 0; k < j; ++k) row[k] = L(j, k);
    CombineColumns(L.data() + j, n, n - j, row, j, w);  // w = L(j:n, 0:j) L(j, 0:j)ᵀ
    const double pivot = H(j, j) - w[0];
    if (!(pivot > 0.0) || !std::isfinite(pivot)) return false;
    const double l_jj = std::sqrt(pivot);
    L(j, j) = l_jj;
    const double inverse = 1.0 / l_jj;
    for (int i = j + 1; i < n; ++i) L(i, j) = (H(i, j) - w[i - j]) * inverse;
  }
  return true;
}

// J = L⁻ᵀ (upper triangular), column by column: column i of J is row i of L⁻¹, which is
// (eᵢ - Σ_{j<i} L(i,j) J(:,j)) / L(i,i).
void InverseTranspose(const Eigen::MatrixXd& L, Eigen::MatrixXd& J, double* row, double* w) {
  const int n = static_cast<int>(L.rows());
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j) row[j] = L(i, j);
    CombineColumns(J.data(), n, i, row, i, w);
    const double inverse = 1.0 / L(i, i);
    double* column = J.col(i).data();
    for (int r = 0; r < i; ++r) column[r] = -w[r] * inverse;
    column[i] = inverse;
    for (int r = i + 1; r < n; ++r) column[r] = 0.0;
  }
}

}  // namespace

// All state of one solver: factor workspaces sized once per problem shape, plus the active set.
// One-sided constraints are numbered by a "code": [0, m_eq) equalities, then 2 per row of C
// (lower, upper), then 2 per variable (lower, upper) when the problem has simple bounds.
struct DenseQpSolver::Workspace {
  int n = -1;
  int m_eq = -1;
  int m_in = -1;
  bool has_bounds = false;

  Eigen::MatrixXd L;  // Cholesky factor of H (lower triangle).
  Eigen::MatrixXd J;  // L⁻ᵀQ.
  Eigen::MatrixXd R;  // upper triangular, top-left q×q used.
  Eigen::VectorXd x, d, normal, r, u, cx, hx, work, row_weight;
  Eigen::VectorXd r_inverse_diagonal;  // 1 / R(k, k)

  int q = 0;                               // active set size
  std::vector<int> active_code;            // code of active column k
  std::vector<double> active_sign;         // +1: normal = row, -1: normal = -row
  std::vector<std::uint8_t> active_fixed;  // equality-like: never dropped
  std::vector<std::uint8_t> is_active;     // per code

  std::vector<int> warm_codes;  // inequality codes active at the end of the last solve, in order
  int warm_count = 0;
  bool warm_valid = false;
  int last_q = 0;

  const QpProblem* problem = nullptr;
  double tolerance = 1e-9;
  int max_iterations = 1000;
  int iterations = 0;

  void Resize(int new_n, int new_m_eq, int new_m_in, bool new_has_bounds) {
    if (new_n == n && new_m_eq == m_eq && new_m_in == m_in && new_has_bounds == has_bounds) return;
    n = new_n;
    m_eq = new_m_eq;
    m_in = new_m_in;
    has_bounds = new_has_bounds;
    L.resize(n, n);
    J.resize(n, n);
    R.resize(n, n);
    x.resize(n);
    d.resize(n);
    normal.resize(n);
    r.resize(n);
    r_inverse_diagonal.resize(n);
    u.resize(n);
    hx.resize(n);
    work.resize(n);
    cx.resize(m_in);
    row_weight.resize(m_in);
    active_code.assign(n, -1);
    active_sign.assign(n, 0.0);
    active_fixed.assign(n, 0);
    is_active.assign(NumCodes(), 0);
    warm_codes.assign(n, -1);
    warm_count = 0;
    warm_valid = false;
  }

  int NumCodes() const { return m_eq + 2 * m_in + (has_bounds ? 2 * n : 0); }
  int InequalityCode(int i, bool upper) const { return m_eq + 2 * i + (upper ? 1 : 0); }
  int BoundCode(int j, bool upper) const { return m_eq + 2 * m_in + 2 * j + (upper ? 1 : 0); }

  Decoded Decode(int code) const {
    if (code < m_eq) return {RowKind::kEquality, code, false};
    code -= m_eq;
    if (code < 2 * m_in) return {RowKind::kInequality, code / 2, (code & 1) != 0};
    code -= 2 * m_in;
    return {RowKind::kBound, code / 2, (code & 1) != 0};
  }

  double LowerBound(int j) const {
    return problem->x_lower.size() == 0 ? -kInf : problem->x_lower[j];
  }
  double UpperBound(int j) const {
    return problem->x_upper.size() == 0 ? kInf : problem->x_upper[j];
  }

  // Row value (row·x) of the constraint a code refers to, at the current x.
  double RowValue(const Decoded& c) const {
    switch (c.kind) {
      case RowKind::kEquality:
        return problem->A_eq.row(c.index).dot(x);
      case RowKind::kInequality:
        return problem->C.row(c.index).dot(x);
      case RowKind::kBound:
        return x[c.index];
    }
    return 0.0;
  }

  double BoundValue(const Decoded& c) const {
    switch (c.kind) {
      case RowKind::kEquality:
        return problem->b_eq[c.index];
      case RowKind::kInequality:
        return c.upper ? problem->c_upper[c.index] : problem->c_lower[c.index];
      case RowKind::kBound:
        return c.upper ? UpperBound(c.index) : LowerBound(c.index);
    }
    return 0.0;
  }

  double Threshold(double bound) const { return tolerance * std::max(1.0, std::abs(bound)); }

  // d = Jᵀ n⁺ with n⁺ = sign·row.
  void ComputeD(const Decoded& c, double sign) {
    if (c.kind == RowKind::kBound) {
      d = sign * J.row(c.index).transpose();
      return;
    }
    if (c.kind == RowKind::kEquality) {
      normal = sign * problem->A_eq.row(c.index).transpose();
    } else {
      normal = sign * problem->C.row(c.index).transpose();
    }
    ColumnDots(J.data(), n, n, normal.data(), n, d.data());
  }

  // Householder reflection P = I - τvvᵀ on J2 (columns q..n-1) so that d[q..n) becomes
  // (γ, 0, ..., 0): J2 ← J2 P, as w = J2 v followed by J2 -= τ w vᵀ.
  double ReduceD() {
    const int m2 = n - q;
    if (m2 <= 0) return 0.0;
    if (m2 == 1) return d[q];
    double tau = 0.0;
    double beta = 0.0;
    d.segment(q, m2).makeHouseholderInPlace(tau, beta);
    if (tau != 0.0) {
      d[q] = 1.0;  // v = (1, essential part)
      double* j2 = J.col(q).data();
      CombineColumns(j2, n, n, d.data() + q, m2, work.data());
      for (int j = q; j < n; ++j) d[j] *= tau;
      RankOneUpdate(j2, n, n, d.data() + q, m2, work.data());
    }
    d[q] = beta;
    d.segment(q + 1, m2 - 1).setZero();
    return beta;
  }

  // r = R⁻¹ d₁ by column-oriented back substitution (Eigen's general triangular solver has a
  // large fixed overhead at these sizes).
  void SolveR() {
    r.head(q) = d.head(q);
    for (int j = q - 1; j >= 0; --j) {
      r[j] *= r_inverse_diagonal[j];  // a multiply: divisions would serialise the recurrence
      if (j > 0) r.head(j) -= r[j] * R.col(j).head(j);
    }
  }

  // Rotates columns a, b of J by (c, s); the same rotation is applied to d (d stays Jᵀn⁺).
  void RotateJ(int a, int b, double c, double s) {
    RotateColumns(J.col(a).data(), J.col(b).data(), n, c, s);
    const double da = d[a];
    const double db = d[b];
    d[a] = c * da + s * db;
    d[b] = c * db - s * da;
  }

  // Removes active column l: shift R's columns, restore triangular form with Givens rotations on
  // rows (applied to J's columns and to d), then fold d[q] (new) and γ back into one entry.
  // Returns the new γ.
  double Drop(int l) {
    is_active[active_code[l]] = 0;
    for (int k = l; k < q - 1; ++k) {
      R.col(k).head(k + 2) = R.col(k + 1).head(k + 2);
      active_code[k] = active_code[k + 1];
      active_sign[k] = active_sign[k + 1];
      active_fixed[k] = active_fixed[k + 1];
      u[k] = u[k + 1];
    }
    for (int k = l; k < q - 1; ++k) {
      const double a = R(k, k);
      const double b = R(k + 1, k);
      const double h = std::sqrt(a * a + b * b);
      if (h == 0.0) continue;
      const double c = a / h;
      const double s = b / h;
      R(k, k) = h;
      r_inverse_diagonal[k] = 1.0 / h;
      R(k + 1, k) = 0.0;
      for (int j = k + 1; j < q - 1; ++j) {
        const double ra = R(k, j);
        const double rb = R(k + 1, j);
        R(k, j) = c * ra + s * rb;
        R(k + 1, j) = c * rb - s * ra;
      }
      RotateJ(k, k + 1, c, s);
    }
    --q;
    if (q + 1 >= n) return q < n ? d[q] : 0.0;
    const double a = d[q];
    const double b = d[q + 1];
    const double h = std::sqrt(a * a + b * b);
    if (h == 0.0) return 0.0;
    RotateJ(q, q + 1, a / h, b / h);
    d[q + 1] = 0.0;
    return d[q];
  }

  // Step 2 of the method for one violated constraint (or an equality): repeated partial steps
  // (each dropping one active inequality) until the full step adds it. `s` is its slack at x
  // (≤ 0), with the constraint oriented as sign·row·x ≥ sign·bound.
  AddOutcome Add(int code, const Decoded& c, double sign, bool fixed, double s) {
    ComputeD(c, sign);
    double gamma = ReduceD();
    double u_plus = 0.0;
    for (;;) {
      if (iterations >= max_iterations) return AddOutcome::kMaxIterations;
      ++iterations;
      const double d_norm = d.head(std::min(q + 1, n)).norm();
      const bool dependent = q >= n || std::abs(gamma) <= kDependenceTolerance * d_norm;
      if (dependent && fixed && std::abs(s) <= Threshold(BoundValue(c))) {
        return AddOutcome::kRedundant;
      }

      // Dual step direction and the largest dual step keeping active multipliers ≥ 0.
      double t1 = kInf;
      int l = -1;
      if (q > 0) {
        SolveR();
        const double r_min = kRatioTolerance * r.head(q).cwiseAbs().maxCoeff();
        for (int j = 0; j < q; ++j) {
          if (active_fixed[j] || r[j] <= r_min) continue;
          const double ratio = std::max(0.0, u[j]) / r[j];
          if (ratio < t1) {
            t1 = ratio;
            l = j;
          }
        }
      }
      const double t2 = dependent ? kInf : -s / (gamma * gamma);
      const double t = std::min(t1, t2);
      if (t == kInf) return AddOutcome::kInfeasible;

      if (q > 0) u.head(q) -= t * r.head(q);
      u_plus += t;
      if (!dependent) {
        x += (t * gamma) * J.col(q);
        s += t * gamma * gamma;
      }
      if (t2 <= t1) {
        R.col(q).head(q) = d.head(q);
        R(q, q) = gamma;
        r_inverse_diagonal[q] = 1.0 / gamma;
        u[q] = u_plus;
        active_code[q] = code;
        active_sign[q] = sign;
        active_fixed[q] = fixed ? 1 : 0;
        is_active[code] = 1;
        ++q;
        return AddOutcome::kAdded;
      }
      gamma = Drop(l);
    }
  }

  // The most violated inactive inequality or bound at x (largest violation relative to its
  // row's norm), or -1 when x is feasible; *slack receives its (negative) slack.
  int MostViolated(double* slack) {
    const QpProblem& p = *problem;
    int best = -1;
    double best_violation = 0.0;
    double best_score = 0.0;
    auto consider = [&](int code, double violation, double bound, double weight) {
      if (violation * weight > best_score && violation > Threshold(bound) && !is_active[code]) {
        best_violation = violation;
        best_score = violation * weight;
        best = code;
      }
    };
    if (m_in > 0) {
      CombineColumns(p.C.data(), m_in, m_in, x.data(), n, cx.data());  // cx = C x
      for (int i = 0; i < m_in; ++i) {
        const double lo = p.c_lower[i];
        const double up = p.c_upper[i];
        if (lo == up) continue;
        if (lo > -kInf) consider(InequalityCode(i, false), lo - cx[i], lo, row_weight[i]);
        if (up < kInf) consider(InequalityCode(i, true), cx[i] - up, up, row_weight[i]);
      }
    }
    if (has_bounds) {
      for (int j = 0; j < n; ++j) {
        const double lo = LowerBound(j);
        const double up = UpperBound(j);
        if (lo == up) continue;
        if (lo > -kInf) consider(BoundCode(j, false), lo - x[j], lo, 1.0);
        if (up < kInf) consider(BoundCode(j, true), x[j] - up, up, 1.0);
      }
    }
    *slack = -best_violation;
    return best;
  }
};

namespace {

QpConstraintKind KindOf(const Decoded& c) {
  switch (c.kind) {
    case RowKind::kEquality:
      return QpConstraintKind::kEquality;
    case RowKind::kInequality:
      return c.upper ? QpConstraintKind::kInequalityUpper : QpConstraintKind::kInequalityLower;
    case RowKind::kBound:
      return c.upper ? QpConstraintKind::kBoundUpper : QpConstraintKind::kBoundLower;
  }
  return QpConstraintKind::kNone;
}

std::string Describe(const Decoded& c) {
  const std::string i = std::to_string(c.index);
  switch (c.kind) {
    case RowKind::kEquality:
      return "equality " + i + " (A_eq.row(" + i + ") x = b_eq[" + i + "])";
    case RowKind::kInequality:
      return c.upper ? "inequality upper " + i + " (C.row(" + i + ") x <= c_upper[" + i + "])"
                     : "inequality lower " + i + " (C.row(" + i + ") x >= c_lower[" + i + "])";
    case RowKind::kBound:
      return c.upper ? "bound upper " + i + " (x[" + i + "] <= x_upper[" + i + "])"
                     : "bound lower " + i + " (x[" + i + "] >= x_lower[" + i + "])";
  }
  return "";
}

}  // namespace

const char* QpStatusName(QpStatus status) {
  switch (status) {
    case QpStatus::kSolved:
      return "solved";
    case QpStatus::kInfeasible:
      return "infeasible";
    case QpStatus::kMaxIterations:
      return "max_iterations";
    case QpStatus::kNotConvex:
      return "not_convex";
    case QpStatus::kInvalidInput:
      return "invalid_input";
  }
  return "unknown";
}

const char* QpConstraintKindName(QpConstraintKind kind) {
  switch (kind) {
    case QpConstraintKind::kNone:
      return "none";
    case QpConstraintKind::kEquality:
      return "equality";
    case QpConstraintKind::kInequalityLower:
      return "inequality lower";
    case QpConstraintKind::kInequalityUpper:
      return "inequality upper";
    case QpConstraintKind::kBoundLower:
      return "bound lower";
    case QpConstraintKind::kBoundUpper:
      return "bound upper";
  }
  return "unknown";
}

DenseQpSolver::DenseQpSolver() : ws_(std::make_unique<Workspace>()) {}
DenseQpSolver::~DenseQpSolver() = default;
DenseQpSolver::DenseQpSolver(DenseQpSolver&&) noexcept = default;
DenseQpSolver& DenseQpSolver::operator=(DenseQpSolver&&) noexcept = default;

void DenseQpSolver::ResetWarmStart() {
  ws_->warm_valid = false;
  ws_->warm_count = 0;
}

int DenseQpSolver::last_active_set_size() const { return ws_->last_q; }

QpResult DenseQpSolver::Solve(const QpProblem& problem, const QpOptions& options) {
  QpResult result;
  Solve(problem, options, result);
  return result;
}

void DenseQpSolver::Solve(const QpProblem& p, const QpOptions& options, QpResult& result) {
  Workspace& w = *ws_;
  result.iterations = 0;
  result.objective = 0.0;
  result.active_set_size = 0;
  result.message.clear();
  result.infeasible_kind = QpConstraintKind::kNone;
  result.infeasible_index = -1;

  const bool valid_options =
      options.max_iterations >= 0 && options.tolerance > 0.0 && std::isfinite(options.tolerance);
  std::string error = valid_options ? ValidateQpProblem(p)
                                    : std::string(
                                          "QpOptions: max_iterations must be >= 0 and "
                                          "tolerance finite and > 0");
  if (!error.empty()) {
    result.status = QpStatus::kInvalidInput;
    result.message = std::move(error);
    result.x.resize(0);
    result.y_eq.resize(0);
    result.y_ineq.resize(0);
    result.y_bound.resize(0);
    w.last_q = 0;
    return;
  }

  const int n = static_cast<int>(p.H.rows());
  const int m_eq = static_cast<int>(p.A_eq.rows());
  const int m_in = static_cast<int>(p.C.rows());
  const bool has_bounds = p.x_lower.size() > 0 || p.x_upper.size() > 0;
  w.Resize(n, m_eq, m_in, has_bounds);
  w.problem = &p;
  w.tolerance = options.tolerance;
  w.max_iterations = options.max_iterations;
  w.iterations = 0;
  w.q = 0;
  // Violations are compared as distances (divided by the row norm) so that rows of very
  // different scale (torque limits next to friction cones) compete fairly.
  if (m_in > 0) {
    kernels::RowSquaredNorms(p.C.data(), m_in, m_in, n, w.row_weight.data());
    w.row_weight = w.row_weight.cwiseSqrt().cwiseInverse();
  }
  std::fill(w.is_active.begin(), w.is_active.end(), 0);

  // Step 0: H = LLᵀ, J = L⁻ᵀ, x = -H⁻¹g (the unconstrained minimum).
  const bool factored = Cholesky(p.H, w.L, w.normal.data(), w.work.data());
  const double max_diagonal = p.H.diagonal().maxCoeff();
  const double min_pivot = factored ? w.L.diagonal().minCoeff() : 0.0;
  // A pivot² at the level of the factorisation's own roundoff (n·ε relative to the largest
  // diagonal) means H is singular to working precision (condition number ≳ 1/(nε) ≈ 6e13 at
  // n = 70), not merely ill-conditioned: a regularised WBC Hessian (λ ≈ 1e-7, weights ≲ 1e4)
  // passes; a semidefinite one with exact zero curvature does not.
  if (!factored || !(max_diagonal > 0.0) ||
      min_pivot * min_pivot <= n * std::numeric_limits<double>::epsilon() * max_diagonal) {
    result.status = QpStatus::kNotConvex;
    result.message =
        "QpProblem.H is not positive definite (Cholesky factorisation failed or "
        "H is singular to working precision)";
    result.x.resize(0);
    result.y_eq.resize(0);
    result.y_ineq.resize(0);
    result.y_bound.resize(0);
    w.last_q = 0;
    return;
  }
  InverseTranspose(w.L, w.J, w.normal.data(), w.work.data());
  w.d.noalias() = w.J.triangularView<Eigen::Upper>().transpose() * p.g;
  w.x.noalias() = w.J.triangularView<Eigen::Upper>() * w.d;
  w.x = -w.x;

  AddOutcome outcome = AddOutcome::kAdded;
  Decoded failed{RowKind::kEquality, -1, false};
  auto stopped = [&] {
    return outcome == AddOutcome::kInfeasible || outcome == AddOutcome::kMaxIterations;
  };
  // Adds an equality-like constraint, oriented so that its residual is a violation (slack ≤ 0).
  // `code` is the equality's code, or the lower-side code of a row/variable with equal bounds.
  auto add_fixed = [&](int code, bool is_equality) {
    Decoded c = w.Decode(code);
    const double residual = w.RowValue(c) - w.BoundValue(c);
    const double sign = residual <= 0.0 ? 1.0 : -1.0;
    if (!is_equality && residual > 0.0) {
      ++code;  // equal bounds, value above: the upper side (normal -row) is the violated one
      c = w.Decode(code);
    }
    outcome = w.Add(code, c, sign, /*fixed=*/true, -std::abs(residual));
    if (stopped()) failed = c;
  };

  // Equalities first, then rows and variables with equal bounds: always active, never dropped.
  for (int i = 0; i < m_eq && !stopped(); ++i) add_fixed(i, true);
  for (int i = 0; i < m_in && !stopped(); ++i) {
    if (p.c_lower[i] == p.c_upper[i]) add_fixed(w.InequalityCode(i, false), false);
  }
  for (int j = 0; has_bounds && j < n && !stopped(); ++j) {
    if (w.LowerBound(j) == w.UpperBound(j)) add_fixed(w.BoundCode(j, false), false);
  }

  // Warm start: the previous solution's active inequalities, in their order, when violated.
  if (!stopped() && options.warm_start && w.warm_valid) {
    for (int k = 0; k < w.warm_count && !stopped(); ++k) {
      const int code = w.warm_codes[k];
      if (w.is_active[code]) continue;
      const Decoded c = w.Decode(code);
      const double bound = w.BoundValue(c);
      if (!std::isfinite(bound)) continue;
      if (c.kind == RowKind::kInequality && p.c_lower[c.index] == p.c_upper[c.index]) continue;
      if (c.kind == RowKind::kBound && w.LowerBound(c.index) == w.UpperBound(c.index)) continue;
      const double sign = c.upper ? -1.0 : 1.0;
      const double slack = sign * (w.RowValue(c) - bound);
      if (slack >= -w.Threshold(bound)) continue;
      outcome = w.Add(code, c, sign, /*fixed=*/false, slack);
      if (stopped()) failed = c;
    }
  }

  // Step 1: add the most violated constraint until none is.
  while (!stopped()) {
    double slack = 0.0;
    const int code = w.MostViolated(&slack);
    if (code < 0) break;
    const Decoded c = w.Decode(code);
    outcome = w.Add(code, c, c.upper ? -1.0 : 1.0, /*fixed=*/false, slack);
    if (stopped()) failed = c;
  }

  // Multipliers in the convention H x + g + A_eqᵀy_eq + Cᵀy_ineq + y_bound = 0.
  result.x = w.x;
  result.y_eq.setZero(m_eq);
  result.y_ineq.setZero(m_in);
  result.y_bound.setZero(has_bounds ? n : 0);
  for (int k = 0; k < w.q; ++k) {
    const Decoded c = w.Decode(w.active_code[k]);
    const double y = -w.active_sign[k] * w.u[k];
    switch (c.kind) {
      case RowKind::kEquality:
        result.y_eq[c.index] += y;
        break;
      case RowKind::kInequality:
        result.y_ineq[c.index] += y;
        break;
      case RowKind::kBound:
        result.y_bound[c.index] += y;
        break;
    }
  }
  w.hx.noalias() = p.H * w.x;
  result.objective = 0.5 * w.x.dot(w.hx) + p.g.dot(w.x);
  result.iterations = w.iterations;
  result.active_set_size = w.q;
  w.last_q = w.q;

  if (outcome == AddOutcome::kInfeasible) {
    result.status = QpStatus::kInfeasible;
    result.infeasible_kind = KindOf(failed);
    result.infeasible_index = failed.index;
    result.message = Describe(failed) + " cannot be satisfied together with the " +
                     std::to_string(w.q) + " active constraints";
    return;
  }
  if (outcome == AddOutcome::kMaxIterations) {
    result.status = QpStatus::kMaxIterations;
    result.message = "stopped after max_iterations = " + std::to_string(options.max_iterations) +
                     " while adding " + Describe(failed);
    return;
  }
  result.status = QpStatus::kSolved;
  w.warm_count = 0;
  for (int k = 0; k < w.q; ++k) {
    if (!w.active_fixed[k]) w.warm_codes[w.warm_count++] = w.active_code[k];
  }
  w.warm_valid = true;
}

}  // namespace tianmu::qp
