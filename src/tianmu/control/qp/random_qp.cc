#include "tianmu/control/qp/random_qp.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

namespace tianmu::qp {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Eigen::MatrixXd Gaussian(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = rng.Gaussian();
  }
  return m;
}

// A uniformly random subset of {0..n-1} of size k (Fisher–Yates prefix).
std::vector<int> Choose(int n, int k, Rng& rng) {
  std::vector<int> all(n);
  std::iota(all.begin(), all.end(), 0);
  for (int i = 0; i < k; ++i) {
    const int j = i + static_cast<int>(rng.NextU64() % static_cast<std::uint64_t>(n - i));
    std::swap(all[i], all[j]);
  }
  all.resize(k);
  return all;
}

Eigen::VectorXd GaussianVector(Eigen::Index size, Rng& rng) {
  Eigen::VectorXd v(size);
  for (Eigen::Index i = 0; i < size; ++i) v[i] = rng.Gaussian();
  return v;
}

double RmsOf(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  return m.size() == 0 ? 0.0 : m.norm() / std::sqrt(static_cast<double>(m.size()));
}

}  // namespace

RandomQp MakeRandomQp(const RandomQpShape& s, Rng& rng) {
  const int n = s.n;
  if (s.m_eq + s.active_inequalities + s.equal_bound_rows + s.active_bounds > n ||
      s.active_inequalities + s.equal_bound_rows > s.m_in || (s.active_bounds > 0 && !s.bounds)) {
    throw std::invalid_argument("MakeRandomQp: more active constraints than the shape allows");
  }
  RandomQp out;
  QpProblem& p = out.problem;
  // Rows = 1.5 n keeps MᵀM reasonably conditioned (a square Gaussian M would not be).
  const Eigen::MatrixXd M = Gaussian(n + n / 2 + 1, n, rng) / std::sqrt(1.5 * n);
  p.H = M.transpose() * M;
  p.H = 0.5 * (p.H + p.H.transpose()).eval();
  p.H.diagonal().array() += s.regularisation;

  out.x = GaussianVector(n, rng);
  p.A_eq = Gaussian(s.m_eq, n, rng);
  p.b_eq = p.A_eq * out.x;
  out.y_eq = GaussianVector(s.m_eq, rng);

  p.C = Gaussian(s.m_in, n, rng);
  const Eigen::VectorXd cx = p.C * out.x;
  p.c_lower.resize(s.m_in);
  p.c_upper.resize(s.m_in);
  out.y_ineq.setZero(s.m_in);
  // The first `active_inequalities` chosen rows are active at one side, the next
  // `equal_bound_rows` are equalities; the rest are inactive.
  const std::vector<int> chosen = Choose(s.m_in, s.active_inequalities + s.equal_bound_rows, rng);
  std::vector<int> role(s.m_in, 0);  // 0 inactive, 1 active, 2 equal bounds
  for (int k = 0; k < static_cast<int>(chosen.size()); ++k) {
    role[chosen[k]] = k < s.active_inequalities ? 1 : 2;
  }
  for (int i = 0; i < s.m_in; ++i) {
    double lower_margin = rng.Uniform(0.1, 2.0);
    double upper_margin = rng.Uniform(0.1, 2.0);
    if (role[i] == 1) {
      const bool upper_active = rng.Uniform() < 0.5;
      const double magnitude = rng.Uniform(0.1, 1.0);
      out.y_ineq[i] = upper_active ? magnitude : -magnitude;
      (upper_active ? upper_margin : lower_margin) = 0.0;
    } else if (role[i] == 2) {
      lower_margin = upper_margin = 0.0;
      out.y_ineq[i] = rng.Gaussian();
    }
    p.c_lower[i] = cx[i] - lower_margin;
    p.c_upper[i] = cx[i] + upper_margin;
    if (role[i] != 2 && rng.Uniform() < s.one_sided_fraction) {
      if (lower_margin > 0.0 && (upper_margin == 0.0 || rng.Uniform() < 0.5)) {
        p.c_lower[i] = -kInf;
      } else if (upper_margin > 0.0) {
        p.c_upper[i] = kInf;
      }
    }
  }

  out.y_bound.setZero(s.bounds ? n : 0);
  if (s.bounds) {
    p.x_lower.resize(n);
    p.x_upper.resize(n);
    std::vector<bool> at_bound(n, false);
    for (int j : Choose(n, s.active_bounds, rng)) at_bound[j] = true;
    for (int j = 0; j < n; ++j) {
      double lower_margin = rng.Uniform(0.1, 2.0);
      double upper_margin = rng.Uniform(0.1, 2.0);
      if (at_bound[j]) {
        const bool upper_active = rng.Uniform() < 0.5;
        const double magnitude = rng.Uniform(0.1, 1.0);
        out.y_bound[j] = upper_active ? magnitude : -magnitude;
        (upper_active ? upper_margin : lower_margin) = 0.0;
      }
      p.x_lower[j] = out.x[j] - lower_margin;
      p.x_upper[j] = out.x[j] + upper_margin;
    }
  }

  p.g = -(p.H * out.x + p.A_eq.transpose() * out.y_eq + p.C.transpose() * out.y_ineq);
  if (s.bounds) p.g -= out.y_bound;
  return out;
}

namespace {

struct Noise {
  const Eigen::MatrixXd& T;  // congruence of H (n×n)
  const Eigen::VectorXd& g;
  const Eigen::MatrixXd& A;
  const Eigen::VectorXd& b;
  const Eigen::MatrixXd& C;
  const Eigen::VectorXd& c;  // shift per row of C
  const Eigen::VectorXd& x;  // shift per variable bound
};

// out = base perturbed by size·noise (see PerturbQp).
void ApplyNoise(const QpProblem& base, const Noise& e, double size, QpProblem& out) {
  const Eigen::Index n = base.H.rows();
  const Eigen::MatrixXd T =
      Eigen::MatrixXd::Identity(n, n) + (size / std::sqrt(static_cast<double>(n))) * e.T;
  out.H = T.transpose() * base.H * T;
  out.H = 0.5 * (out.H + out.H.transpose()).eval();
  out.g = base.g + (size * RmsOf(base.g)) * e.g;
  out.A_eq = base.A_eq + (size * RmsOf(base.A_eq)) * e.A;
  out.b_eq = base.b_eq + size * e.b;
  out.C = base.C + (size * RmsOf(base.C)) * e.C;
  out.c_lower = base.c_lower + size * e.c;  // ±inf stay ±inf
  out.c_upper = base.c_upper + size * e.c;
  out.x_lower =
      base.x_lower.size() > 0 ? Eigen::VectorXd(base.x_lower + size * e.x) : Eigen::VectorXd();
  out.x_upper =
      base.x_upper.size() > 0 ? Eigen::VectorXd(base.x_upper + size * e.x) : Eigen::VectorXd();
}

}  // namespace

void PerturbQp(QpProblem& p, double size, Rng& rng) {
  const Eigen::Index n = p.H.rows();
  const Eigen::MatrixXd T = Gaussian(n, n, rng);
  const Eigen::VectorXd g = GaussianVector(p.g.size(), rng);
  const Eigen::MatrixXd A = Gaussian(p.A_eq.rows(), p.A_eq.cols(), rng);
  const Eigen::VectorXd b = GaussianVector(p.b_eq.size(), rng);
  const Eigen::MatrixXd C = Gaussian(p.C.rows(), p.C.cols(), rng);
  const Eigen::VectorXd c = GaussianVector(p.c_lower.size(), rng);
  const Eigen::VectorXd x = GaussianVector(n, rng);
  const QpProblem base = p;
  ApplyNoise(base, Noise{T, g, A, b, C, c, x}, size, p);
}

QpDrift::QpDrift(QpProblem base, double size, double correlation, Rng& rng)
    : base_(std::move(base)), size_(size), correlation_(correlation) {
  const Eigen::Index n = base_.H.rows();
  e_T_ = Gaussian(n, n, rng);
  e_A_ = Gaussian(base_.A_eq.rows(), base_.A_eq.cols(), rng);
  e_C_ = Gaussian(base_.C.rows(), base_.C.cols(), rng);
  e_g_ = GaussianVector(n, rng);
  e_b_ = GaussianVector(base_.b_eq.size(), rng);
  e_c_ = GaussianVector(base_.c_lower.size(), rng);
  e_x_ = GaussianVector(n, rng);
}

void QpDrift::Step(Rng& rng, QpProblem& out) {
  const double keep = correlation_;
  const double fresh = std::sqrt(std::max(0.0, 1.0 - correlation_ * correlation_));
  e_T_ = keep * e_T_ + fresh * Gaussian(e_T_.rows(), e_T_.cols(), rng);
  e_A_ = keep * e_A_ + fresh * Gaussian(e_A_.rows(), e_A_.cols(), rng);
  e_C_ = keep * e_C_ + fresh * Gaussian(e_C_.rows(), e_C_.cols(), rng);
  e_g_ = keep * e_g_ + fresh * GaussianVector(e_g_.size(), rng);
  e_b_ = keep * e_b_ + fresh * GaussianVector(e_b_.size(), rng);
  e_c_ = keep * e_c_ + fresh * GaussianVector(e_c_.size(), rng);
  e_x_ = keep * e_x_ + fresh * GaussianVector(e_x_.size(), rng);
  ApplyNoise(base_, Noise{e_T_, e_g_, e_A_, e_b_, e_C_, e_c_, e_x_}, size_, out);
}

}  // namespace tianmu::qp
