#include "tianmu/control/qp/dense_kernels.h"

#include <cstddef>

// Function multiversioning: the same source compiled for AVX2+FMA and for the x86-64 baseline,
// chosen once by the dynamic loader. At n ≈ 70 everything lives in L1/L2 and these loops are
// arithmetic-bound: the AVX2 path makes a WBC-sized solve about 1.3× faster. Plain loops
// elsewhere (and with TIANMU_QP_NO_MULTIVERSIONING defined).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && \
    !defined(TIANMU_QP_NO_MULTIVERSIONING)
#define TIANMU_QP_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TIANMU_QP_KERNEL
#endif

namespace tianmu::qp::kernels {

TIANMU_QP_KERNEL
void CombineColumns(const double* a, int ld, int rows, const double* c, int count, double* w) {
  for (int i = 0; i < rows; ++i) w[i] = 0.0;
  int j = 0;
  // Four columns per sweep: one load and store of w per four multiply-adds.
  for (; j + 4 <= count; j += 4) {
    const double* __restrict a0 = a + static_cast<std::ptrdiff_t>(j) * ld;
    const double* __restrict a1 = a0 + ld;
    const double* __restrict a2 = a1 + ld;
    const double* __restrict a3 = a2 + ld;
    double* __restrict out = w;
    const double c0 = c[j], c1 = c[j + 1], c2 = c[j + 2], c3 = c[j + 3];
    for (int i = 0; i < rows; ++i) out[i] += c0 * a0[i] + c1 * a1[i] + c2 * a2[i] + c3 * a3[i];
  }
  for (; j < count; ++j) {
    const double* __restrict a0 = a + static_cast<std::ptrdiff_t>(j) * ld;
    double* __restrict out = w;
    const double c0 = c[j];
    for (int i = 0; i < rows; ++i) out[i] += c0 * a0[i];
  }
}

TIANMU_QP_KERNEL
void RankOneUpdate(double* a, int ld, int rows, const double* c, int count, const double* w) {
  int j = 0;
  for (; j + 2 <= count; j += 2) {
    double* __restrict a0 = a + static_cast<std::ptrdiff_t>(j) * ld;
    double* __restrict a1 = a0 + ld;
    const double* __restrict in = w;
    const double c0 = c[j], c1 = c[j + 1];
    for (int i = 0; i < rows; ++i) {
      const double wi = in[i];
      a0[i] -= c0 * wi;
      a1[i] -= c1 * wi;
    }
  }
  for (; j < count; ++j) {
    double* __restrict a0 = a + static_cast<std::ptrdiff_t>(j) * ld;
    const double* __restrict in = w;
    const double c0 = c[j];
    for (int i = 0; i < rows; ++i) a0[i] -= c0 * in[i];
  }
}

TIANMU_QP_KERNEL
void ColumnDots(const double* a, int ld, int rows, const double* v, int count, double* d) {
  int j = 0;
  // Four dot products per sweep share the loads of v. The simd reduction lets the compiler
  // split each sum into vector lanes (a reassociation, so the last bits depend on the ISA).
  for (; j + 4 <= count; j += 4) {
    const double* __restrict a0 = a + static_cast<std::ptrdiff_t>(j) * ld;
    const double* __restrict a1 = a0 + ld;
    const double* __restrict a2 = a1 + ld;
    const double* __restrict a3 = a2 + ld;
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
    for (int i = 0; i < rows; ++i) {
      const double vi = v[i];
      s0 += a0[i] * vi;
      s1 += a1[i] * vi;
      s2 += a2[i] * vi;
      s3 += a3[i] * vi;
    }
    d[j] = s0;
    d[j + 1] = s1;
    d[j + 2] = s2;
    d[j + 3] = s3;
  }
  for (; j < count; ++j) {
    const double* __restrict a0 = a + static_cast<std::ptrdiff_t>(j) * ld;
    double s0 = 0.0;
#pragma omp simd reduction(+ : s0)
    for (int i = 0; i < rows; ++i) s0 += a0[i] * v[i];
    d[j] = s0;
  }
}

TIANMU_QP_KERNEL
void RotateColumns(double* a, double* b, int rows, double c, double s) {
  double* __restrict x = a;
  double* __restrict y = b;
  for (int i = 0; i < rows; ++i) {
    const double xi = x[i];
    const double yi = y[i];
    x[i] = c * xi + s * yi;
    y[i] = c * yi - s * xi;
  }
}

TIANMU_QP_KERNEL
void RowSquaredNorms(const double* a, int ld, int rows, int count, double* w) {
  for (int i = 0; i < rows; ++i) w[i] = 0.0;
  for (int j = 0; j < count; ++j) {
    const double* __restrict column = a + static_cast<std::ptrdiff_t>(j) * ld;
    double* __restrict out = w;
    for (int i = 0; i < rows; ++i) out[i] += column[i] * column[i];
  }
}

TIANMU_QP_KERNEL
bool AllFinite(const double* values, long count) {
  // x·0 is 0 for finite x and NaN for ±inf and NaN; one NaN makes a sum NaN. Eight partial sums
  // (two vectors' worth) keep the adds independent; one chain would be latency-bound.
  double s[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  long i = 0;
  for (; i + 8 <= count; i += 8) {
    for (int k = 0; k < 8; ++k) s[k] += values[i + k] * 0.0;
  }
  for (; i < count; ++i) s[0] += values[i] * 0.0;
  return (s[0] + s[1]) + (s[2] + s[3]) + (s[4] + s[5]) + (s[6] + s[7]) == 0.0;
}

}  // namespace tianmu::qp::kernels
