// Plain C versions of the benchmark's functions, compiled with -O3: the fastest primal the
// machine runs, so that every engine's time can be read against it as well as against the
// Swift Double evaluation of the same generic function. Each mirrors the Swift definition
// operation for operation (Benchmarks/bench/Functions.swift, Sources/DualTapeSuite).
#ifndef BENCHC_H
#define BENCHC_H

#include <stddef.h>

/// Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)², i < n − 1.
double benchc_rosenbrock(const double *x, size_t n);

/// max(x) + log Σ exp(xᵢ − max(x)).
double benchc_log_sum_exp(const double *x, size_t n);

/// Mean softmax cross-entropy of a linear classifier (W classes × features, then b) on
/// `count` samples (row-major, `features` each) with integer labels, plus 0.001‖W‖².
double benchc_softmax_cross_entropy(
  const double *p, size_t classes, size_t features, const double *samples, const long *labels,
  size_t count);

/// Mean squared error of the 2-width-width-1 tanh network of the suite's MLPLoss, parameters
/// laid out as W1 (width × 2), b1, W2 (width × width), b2, w3, b3.
double benchc_mlp_loss(
  const double *p, size_t width, const double *samples, const double *targets, size_t count);

/// y_j = Σᵢ sin((j + 1)·xᵢ)·xᵢ for j < m.
void benchc_sin_map(const double *x, size_t n, double *y, size_t m);

/// The banded map: y_j sums over the window of min(3, n) inputs starting at
/// min(j·n/m, n − w).
void benchc_banded_sin_map(const double *x, size_t n, double *y, size_t m);

#endif
