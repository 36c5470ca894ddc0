// Internal to the QP module: the few dense loops that dominate a Goldfarb–Idnani solve, on raw
// column-major storage. On x86-64 Linux they are compiled twice (AVX2+FMA and baseline) and the
// CPU picks one at load time; elsewhere they are plain portable loops.
#pragma once

namespace tianmu::qp::kernels {

/// w = Σⱼ cⱼ·aⱼ over `count` columns aⱼ = a + j·ld of length `rows` (w must not alias a).
void CombineColumns(const double* a, int ld, int rows, const double* c, int count, double* w);

/// aⱼ -= cⱼ·w for `count` columns: the rank-1 update A -= w cᵀ.
void RankOneUpdate(double* a, int ld, int rows, const double* c, int count, const double* w);

/// dⱼ = aⱼ·v for `count` columns: d = Aᵀv.
void ColumnDots(const double* a, int ld, int rows, const double* v, int count, double* d);

/// (a, b) ← (c·a + s·b, c·b - s·a) elementwise: a Givens rotation of two columns.
void RotateColumns(double* a, double* b, int rows, double c, double s);

/// wᵢ = Σⱼ aᵢⱼ² over `count` columns: squared row norms.
void RowSquaredNorms(const double* a, int ld, int rows, int count, double* w);

/// True when none of the `count` values is inf or NaN.
bool AllFinite(const double* values, long count);

}  // namespace tianmu::qp::kernels
