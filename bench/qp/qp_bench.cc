// bench_qp: solve times of the dense QP solver on whole-body-controller-sized random problems
// (n = 70, 18 equalities, 200 two-sided inequalities, 30 active at the solution), cold and warm.
//
//   bench_qp [--json] [--ticks N] [--drift SIZE] [--correlation RHO] [--seed S]
//
// Scenarios:
//   cold_independent  distinct random problems, no warm start
//   cold_sequence     a sequence of ticks: one base problem drifting (QpDrift: relative amplitude
//                     SIZE, tick-to-tick correlation RHO, so consecutive problems differ by about
//                     SIZE·√(2(1-RHO)) ≈ 1e-3 by default), no warm start
//   warm_sequence     the same sequence, warm-started from the previous tick
// Times are wall-clock per Solve call (the allocation-free overload), after one untimed call.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tianmu/control/qp/dense_qp.h"
#include "tianmu/control/qp/random_qp.h"

namespace {

using tianmu::Rng;
using tianmu::qp::DenseQpSolver;
using tianmu::qp::KktResidual;
using tianmu::qp::MakeRandomQp;
using tianmu::qp::QpDrift;
using tianmu::qp::QpOptions;
using tianmu::qp::QpProblem;
using tianmu::qp::QpResult;
using tianmu::qp::QpStatus;
using tianmu::qp::RandomQpShape;

struct Series {
  std::vector<double> time_ms;
  std::vector<double> iterations;
  std::vector<double> active;
  double max_kkt = 0.0;
  int failures = 0;
};

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto index = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())) - 1);
  return v[std::min(index, v.size() - 1)];
}

double Mean(const std::vector<double>& v) {
  double sum = 0.0;
  for (double e : v) sum += e;
  return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
}

// Times one solve and records its outcome.
void TimedSolve(DenseQpSolver& solver, const QpProblem& problem, const QpOptions& options,
                QpResult& result, Series& series) {
  const auto start = std::chrono::steady_clock::now();
  solver.Solve(problem, options, result);
  const auto stop = std::chrono::steady_clock::now();
  series.time_ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
  series.iterations.push_back(result.iterations);
  series.active.push_back(result.active_set_size);
  if (result.status != QpStatus::kSolved) {
    ++series.failures;
  } else {
    series.max_kkt = std::max(series.max_kkt, KktResidual(problem, result));
  }
}

nlohmann::json Summary(const Series& s) {
  return {{"solves", s.time_ms.size()},
          {"median_ms", Quantile(s.time_ms, 0.5)},
          {"p99_ms", Quantile(s.time_ms, 0.99)},
          {"max_ms", Quantile(s.time_ms, 1.0)},
          {"mean_ms", Mean(s.time_ms)},
          {"iterations_median", Quantile(s.iterations, 0.5)},
          {"iterations_p99", Quantile(s.iterations, 0.99)},
          {"iterations_mean", Mean(s.iterations)},
          {"active_median", Quantile(s.active, 0.5)},
          {"max_kkt_residual", s.max_kkt},
          {"failures", s.failures}};
}

int Usage() {
  std::cerr << "usage: bench_qp [--json] [--ticks N] [--drift SIZE] [--correlation RHO] "
               "[--seed S]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  int ticks = 2000;
  double drift = 0.005;
  double correlation = 0.99;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    try {
      if (arg == "--json") {
        json = true;
      } else if (arg == "--ticks" && has_value) {
        ticks = std::stoi(argv[++i]);
      } else if (arg == "--drift" && has_value) {
        drift = std::stod(argv[++i]);
      } else if (arg == "--correlation" && has_value) {
        correlation = std::stod(argv[++i]);
      } else if (arg == "--seed" && has_value) {
        seed = std::stoull(argv[++i]);
      } else {
        return Usage();
      }
    } catch (const std::exception&) {
      return Usage();
    }
  }
  if (ticks < 1 || !(drift >= 0.0) || !(correlation >= 0.0 && correlation <= 1.0)) return Usage();

  RandomQpShape shape;  // n = 70, m_eq = 18, m_in = 200, 30 active
  QpOptions options;
  QpResult result;

  // Distinct problems, each solved cold.
  Series cold_independent;
  {
    DenseQpSolver solver;
    Rng rng(seed);
    const int problems = std::max(1, ticks / 10);
    for (int k = 0; k < problems; ++k) {
      const QpProblem problem = MakeRandomQp(shape, rng).problem;
      if (k == 0) solver.Solve(problem, options, result);  // sizes the workspaces
      for (int repeat = 0; repeat < 10; ++repeat) {
        solver.ResetWarmStart();
        TimedSolve(solver, problem, options, result, cold_independent);
      }
    }
  }

  // Slightly different problems tick after tick, as the WBC produces them.
  Series cold_sequence;
  Series warm_sequence;
  double max_objective_gap = 0.0;
  {
    DenseQpSolver cold_solver;
    DenseQpSolver warm_solver;
    Rng rng(seed + 1000);
    QpDrift sequence(MakeRandomQp(shape, rng).problem, drift, correlation, rng);
    QpProblem problem;
    sequence.Step(rng, problem);
    QpResult cold_result;
    QpResult warm_result;
    cold_solver.Solve(problem, options, cold_result);
    warm_solver.Solve(problem, options, warm_result);
    for (int tick = 0; tick < ticks; ++tick) {
      sequence.Step(rng, problem);
      // Alternate the order so neither solver always finds the problem data hot in cache.
      for (int pass = 0; pass < 2; ++pass) {
        if ((pass == 0) == (tick % 2 == 0)) {
          cold_solver.ResetWarmStart();
          TimedSolve(cold_solver, problem, options, cold_result, cold_sequence);
        } else {
          TimedSolve(warm_solver, problem, options, warm_result, warm_sequence);
        }
      }
      if (cold_result.status == QpStatus::kSolved && warm_result.status == QpStatus::kSolved) {
        max_objective_gap =
            std::max(max_objective_gap, std::abs(cold_result.objective - warm_result.objective) /
                                            (1.0 + std::abs(cold_result.objective)));
      }
    }
  }

  nlohmann::json report = {{"problem",
                            {{"n", shape.n},
                             {"m_eq", shape.m_eq},
                             {"m_in", shape.m_in},
                             {"active_inequalities_at_solution", shape.active_inequalities},
                             {"ticks", ticks},
                             {"drift", drift},
                             {"correlation", correlation},
                             {"seed", seed}}},
#ifdef NDEBUG
                           {"optimised", true},
#else
                           {"optimised", false},
#endif
                           {"cold_independent", Summary(cold_independent)},
                           {"cold_sequence", Summary(cold_sequence)},
                           {"warm_sequence", Summary(warm_sequence)},
                           {"max_relative_objective_gap_cold_vs_warm", max_objective_gap}};

  if (json) {
    std::cout << report.dump(2) << "\n";
    return 0;
  }
  std::printf("bench_qp: n=%d, m_eq=%d, m_in=%d two-sided (%d active at the solution), %s\n",
              shape.n, shape.m_eq, shape.m_in, shape.active_inequalities,
              report["optimised"].get<bool>() ? "optimised build" : "UNOPTIMISED build");
  std::printf("%-17s %7s %10s %8s %8s %11s %10s %8s %10s %8s\n", "scenario", "solves", "median_ms",
              "p99_ms", "max_ms", "iter_median", "iter_p99", "active", "max_kkt", "failed");
  for (const char* name : {"cold_independent", "cold_sequence", "warm_sequence"}) {
    const nlohmann::json& s = report[name];
    std::printf("%-17s %7d %10.4f %8.4f %8.4f %11.0f %10.0f %8.0f %10.1e %8d\n", name,
                s["solves"].get<int>(), s["median_ms"].get<double>(), s["p99_ms"].get<double>(),
                s["max_ms"].get<double>(), s["iterations_median"].get<double>(),
                s["iterations_p99"].get<double>(), s["active_median"].get<double>(),
                s["max_kkt_residual"].get<double>(), s["failures"].get<int>());
  }
  std::printf(
      "sequence: %d ticks, drift %.3g, correlation %.4g; max relative objective gap "
      "cold vs warm %.1e\n",
      ticks, drift, correlation, max_objective_gap);
  return 0;
}
