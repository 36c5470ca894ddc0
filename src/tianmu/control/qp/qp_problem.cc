// Input validation and the KKT residual of dense_qp.h; independent of the solver's internals so
// tests can use KktResidual as a check on it.

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "tianmu/control/qp/dense_kernels.h"
#include "tianmu/control/qp/dense_qp.h"

namespace tianmu::qp {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string Shape(const Eigen::MatrixXd& m) {
  return std::to_string(m.rows()) + "x" + std::to_string(m.cols());
}

// "" when every entry is finite, else "QpProblem.NAME(i,j) = value is not finite".
std::string CheckFinite(const Eigen::MatrixXd& m, const char* name) {
  if (kernels::AllFinite(m.data(), m.size())) return "";
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      if (!std::isfinite(m(i, j))) {
        std::ostringstream out;
        out << "QpProblem." << name << "(" << i << "," << j << ") = " << m(i, j)
            << " is not finite";
        return out.str();
      }
    }
  }
  return "";
}

std::string CheckFinite(const Eigen::VectorXd& v, const char* name) {
  if (kernels::AllFinite(v.data(), v.size())) return "";
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      std::ostringstream out;
      out << "QpProblem." << name << "[" << i << "] = " << v[i] << " is not finite";
      return out.str();
    }
  }
  return "";
}

// Lower bounds may be -inf, upper bounds +inf; NaN and the opposite infinity are errors, and
// lower must not exceed upper.
std::string CheckBounds(const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                        const char* lower_name, const char* upper_name) {
  for (Eigen::Index i = 0; i < lower.size(); ++i) {
    if (std::isnan(lower[i]) || lower[i] == kInf) {
      std::ostringstream out;
      out << "QpProblem." << lower_name << "[" << i << "] = " << lower[i]
          << "; expected a number or -inf";
      return out.str();
    }
  }
  for (Eigen::Index i = 0; i < upper.size(); ++i) {
    if (std::isnan(upper[i]) || upper[i] == -kInf) {
      std::ostringstream out;
      out << "QpProblem." << upper_name << "[" << i << "] = " << upper[i]
          << "; expected a number or +inf";
      return out.str();
    }
  }
  if (lower.size() == upper.size()) {
    for (Eigen::Index i = 0; i < lower.size(); ++i) {
      if (lower[i] > upper[i]) {
        std::ostringstream out;
        out << "QpProblem." << lower_name << "[" << i << "] = " << lower[i] << " > " << upper_name
            << "[" << i << "] = " << upper[i];
        return out.str();
      }
    }
  }
  return "";
}

std::string SizeError(const char* name, Eigen::Index actual, const std::string& expected) {
  return std::string("QpProblem.") + name + " has " + std::to_string(actual) +
         " entries; expected " + expected;
}

}  // namespace

std::string ValidateQpProblem(const QpProblem& p) {
  const Eigen::Index n = p.H.rows();
  if (n == 0) return "QpProblem.H is empty; expected an n x n matrix with n >= 1";
  if (p.H.cols() != n) return "QpProblem.H is " + Shape(p.H) + "; expected a square matrix";
  const std::string n_text = std::to_string(n) + " (H is " + Shape(p.H) + ")";
  if (p.g.size() != n) return SizeError("g", p.g.size(), n_text);
  const Eigen::Index m_eq = p.A_eq.rows();
  if (m_eq > 0 && p.A_eq.cols() != n) {
    return "QpProblem.A_eq is " + Shape(p.A_eq) + "; expected " + std::to_string(n) + " columns";
  }
  if (p.b_eq.size() != m_eq) {
    return SizeError("b_eq", p.b_eq.size(), std::to_string(m_eq) + " (rows of A_eq)");
  }
  const Eigen::Index m_in = p.C.rows();
  if (m_in > 0 && p.C.cols() != n) {
    return "QpProblem.C is " + Shape(p.C) + "; expected " + std::to_string(n) + " columns";
  }
  if (p.c_lower.size() != m_in) {
    return SizeError("c_lower", p.c_lower.size(), std::to_string(m_in) + " (rows of C)");
  }
  if (p.c_upper.size() != m_in) {
    return SizeError("c_upper", p.c_upper.size(), std::to_string(m_in) + " (rows of C)");
  }
  if (p.x_lower.size() != 0 && p.x_lower.size() != n) {
    return SizeError("x_lower", p.x_lower.size(), "0 (none) or " + n_text);
  }
  if (p.x_upper.size() != 0 && p.x_upper.size() != n) {
    return SizeError("x_upper", p.x_upper.size(), "0 (none) or " + n_text);
  }
  std::string error;
  if (!(error = CheckFinite(p.H, "H")).empty()) return error;
  if (!(error = CheckFinite(p.g, "g")).empty()) return error;
  if (!(error = CheckFinite(p.A_eq, "A_eq")).empty()) return error;
  if (!(error = CheckFinite(p.b_eq, "b_eq")).empty()) return error;
  if (!(error = CheckFinite(p.C, "C")).empty()) return error;
  if (!(error = CheckBounds(p.c_lower, p.c_upper, "c_lower", "c_upper")).empty()) return error;
  if (!(error = CheckBounds(p.x_lower, p.x_upper, "x_lower", "x_upper")).empty()) return error;
  // Symmetry, up to roundoff of how a caller might have assembled H (e.g. JᵀWJ sums).
  const double scale = p.H.cwiseAbs().maxCoeff();
  const double symmetry_tolerance = 1e-10 * std::max(scale, std::numeric_limits<double>::min());
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = j + 1; i < n; ++i) {
      if (std::abs(p.H(i, j) - p.H(j, i)) > symmetry_tolerance) {
        std::ostringstream out;
        out << "QpProblem.H is not symmetric: H(" << i << "," << j << ") = " << p.H(i, j)
            << " but H(" << j << "," << i << ") = " << p.H(j, i);
        return out.str();
      }
    }
  }
  return "";
}

double KktResidual(const QpProblem& p, const QpResult& result) {
  const Eigen::Index n = p.H.rows();
  const Eigen::Index m_eq = p.A_eq.rows();
  const Eigen::Index m_in = p.C.rows();
  const bool has_bounds = p.x_lower.size() > 0 || p.x_upper.size() > 0;
  const Eigen::VectorXd& x = result.x;
  if (x.size() != n || result.y_eq.size() != m_eq || result.y_ineq.size() != m_in ||
      (has_bounds && result.y_bound.size() != n)) {
    return kInf;
  }

  Eigen::VectorXd stationarity = p.H * x + p.g;
  if (m_eq > 0) stationarity += p.A_eq.transpose() * result.y_eq;
  if (m_in > 0) stationarity += p.C.transpose() * result.y_ineq;
  if (has_bounds) stationarity += result.y_bound;
  double residual = stationarity.cwiseAbs().maxCoeff();

  if (m_eq > 0) residual = std::max(residual, (p.A_eq * x - p.b_eq).cwiseAbs().maxCoeff());

  // One two-sided row: value v in [lo, up] with multiplier y (≤ 0 pushes up from lo, ≥ 0 down
  // from up).
  auto row_residual = [&](double v, double lo, double up, double y) {
    double worst = std::max({lo - v, v - up, 0.0});
    if (y > 0.0) worst = std::max(worst, up == kInf ? y : y * std::abs(up - v));
    if (y < 0.0) worst = std::max(worst, lo == -kInf ? -y : -y * std::abs(v - lo));
    return worst;
  };
  if (m_in > 0) {
    const Eigen::VectorXd cx = p.C * x;
    for (Eigen::Index i = 0; i < m_in; ++i) {
      residual =
          std::max(residual, row_residual(cx[i], p.c_lower[i], p.c_upper[i], result.y_ineq[i]));
    }
  }
  if (has_bounds) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const double lo = p.x_lower.size() > 0 ? p.x_lower[j] : -kInf;
      const double up = p.x_upper.size() > 0 ? p.x_upper[j] : kInf;
      residual = std::max(residual, row_residual(x[j], lo, up, result.y_bound[j]));
    }
  }
  return residual;
}

}  // namespace tianmu::qp
