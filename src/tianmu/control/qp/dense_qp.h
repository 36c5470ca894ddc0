// Dense strictly convex QP solver for the whole-body controller: the Goldfarb–Idnani dual
// active-set method (J = L⁻ᵀQ factors, Householder/Givens updates), warm-started, allocation-free.
#pragma once

#include <Eigen/Dense>
#include <memory>
#include <string>

namespace tianmu::qp {

/// minimise ½ xᵀHx + gᵀx  s.t.  A_eq x = b_eq,  c_lower ≤ C x ≤ c_upper,  x_lower ≤ x ≤ x_upper.
/// Units are the caller's; the solver only needs them consistent within one problem.
struct QpProblem {
  Eigen::MatrixXd H;        ///< n×n, symmetric positive definite.
  Eigen::VectorXd g;        ///< n.
  Eigen::MatrixXd A_eq;     ///< m_eq×n (0 rows = no equalities).
  Eigen::VectorXd b_eq;     ///< m_eq.
  Eigen::MatrixXd C;        ///< m_in×n (0 rows = no general inequalities).
  Eigen::VectorXd c_lower;  ///< m_in; -inf = no lower bound. c_lower == c_upper acts as equality.
  Eigen::VectorXd c_upper;  ///< m_in; +inf = no upper bound.
  Eigen::VectorXd x_lower;  ///< n or empty (= none); -inf entries allowed.
  Eigen::VectorXd x_upper;  ///< n or empty (= none); +inf entries allowed.
};

/// Outcome of one solve.
enum class QpStatus { kSolved, kInfeasible, kMaxIterations, kNotConvex, kInvalidInput };

/// "solved", "infeasible", "max_iterations", "not_convex", "invalid_input".
const char* QpStatusName(QpStatus status);

/// Which one-sided constraint a report is about.
enum class QpConstraintKind {
  kNone,
  kEquality,         ///< row of A_eq
  kInequalityLower,  ///< c_lower[i] ≤ C.row(i) x
  kInequalityUpper,  ///< C.row(i) x ≤ c_upper[i]
  kBoundLower,       ///< x_lower[i] ≤ x[i]
  kBoundUpper,       ///< x[i] ≤ x_upper[i]
};

/// "none", "equality", "inequality lower", "inequality upper", "bound lower", "bound upper".
const char* QpConstraintKindName(QpConstraintKind kind);

/// Solver settings.
struct QpOptions {
  int max_iterations = 1000;  ///< constraint additions + drops, over the whole solve.
  double tolerance = 1e-9;    ///< primal violation accepted, relative to max(1, |bound|).
  bool warm_start = true;     ///< re-add the previous solve's active set first (same sizes only).
};

/// Solution and diagnostics. Multipliers follow the convention
///   H x + g + A_eqᵀ y_eq + Cᵀ y_ineq + y_bound = 0,
/// so y_ineq[i] ≤ 0 when the lower bound is active, ≥ 0 when the upper bound is active, 0 when
/// neither is; likewise y_bound. y_eq has either sign.
struct QpResult {
  QpStatus status = QpStatus::kInvalidInput;
  /// n; the last iterate if kInfeasible/kMaxIterations; empty if kNotConvex/kInvalidInput.
  Eigen::VectorXd x;
  Eigen::VectorXd y_eq;     ///< m_eq.
  Eigen::VectorXd y_ineq;   ///< m_in.
  Eigen::VectorXd y_bound;  ///< n when the problem has simple bounds, else empty.
  int iterations = 0;       ///< constraint additions + drops.
  double objective = 0.0;   ///< ½ xᵀHx + gᵀx at x.
  int active_set_size = 0;  ///< constraints in the final active set (equalities included).
  /// Empty when solved; otherwise what went wrong. kInfeasible names the constraint that could not
  /// be added; kInvalidInput names the field.
  std::string message;
  /// kInfeasible: the constraint that could not be satisfied together with the active ones.
  QpConstraintKind infeasible_kind = QpConstraintKind::kNone;
  int infeasible_index = -1;  ///< row of A_eq / C, or variable index for bounds.
};

/// Reusable solver. Workspaces are sized on the first call with given problem sizes; later calls
/// with the same sizes do not touch the heap (use the Solve overload that fills a QpResult).
/// Not thread-safe; one per controller.
class DenseQpSolver {
 public:
  DenseQpSolver();
  ~DenseQpSolver();
  DenseQpSolver(DenseQpSolver&&) noexcept;
  DenseQpSolver& operator=(DenseQpSolver&&) noexcept;
  DenseQpSolver(const DenseQpSolver&) = delete;
  DenseQpSolver& operator=(const DenseQpSolver&) = delete;

  /// Solves `problem`; never throws on bad input (reports kInvalidInput).
  QpResult Solve(const QpProblem& problem, const QpOptions& options = {});
  /// Same, writing into `result` and reusing its storage (no allocation when sizes repeat).
  void Solve(const QpProblem& problem, const QpOptions& options, QpResult& result);
  /// Forgets the remembered active set; the next solve starts cold.
  void ResetWarmStart();
  /// Size of the active set at the end of the last solve (equalities included).
  int last_active_set_size() const;

 private:
  struct Workspace;
  std::unique_ptr<Workspace> ws_;
};

/// Checks `problem` (sizes, finite numbers, lower ≤ upper, symmetric H); empty string when valid,
/// otherwise a one-line message naming the field.
std::string ValidateQpProblem(const QpProblem& problem);

/// Largest violation of the KKT conditions at (x, y): stationarity
/// ‖Hx+g+A_eqᵀy_eq+Cᵀy_ineq+y_bound‖∞, primal feasibility, complementarity |yᵢ·slackᵢ| and dual
/// sign (a multiplier pushing against a bound that is infinite or of the wrong side). Absolute, in
/// the problem's units.
double KktResidual(const QpProblem& problem, const QpResult& result);

}  // namespace tianmu::qp
