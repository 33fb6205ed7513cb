#include "BenchC.h"

#include <math.h>

double benchc_rosenbrock(const double *x, size_t n) {
  double s = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    double a = 1 - x[i];
    double b = x[i + 1] - x[i] * x[i];
    s += a * a + 100 * b * b;
  }
  return s;
}

double benchc_log_sum_exp(const double *x, size_t n) {
  double m = x[0];
  for (size_t i = 1; i < n; i++) {
    if (x[i] > m) m = x[i];
  }
  double s = 0;
  for (size_t i = 0; i < n; i++) s += exp(x[i] - m);
  return m + log(s);
}

double benchc_softmax_cross_entropy(
  const double *p, size_t classes, size_t features, const double *samples, const long *labels,
  size_t count) {
  double loss = 0;
  double z[64];
  for (size_t s = 0; s < count; s++) {
    for (size_t c = 0; c < classes && c < 64; c++) {
      double zc = p[classes * features + c];
      for (size_t j = 0; j < features; j++) zc += p[c * features + j] * samples[s * features + j];
      z[c] = zc;
    }
    double m = z[0];
    for (size_t c = 1; c < classes; c++) {
      if (z[c] > m) m = z[c];
    }
    double sum = 0;
    for (size_t c = 0; c < classes; c++) sum += exp(z[c] - m);
    loss += (m + log(sum)) - z[labels[s]];
  }
  double penalty = 0;
  for (size_t k = 0; k < classes * features; k++) penalty += p[k] * p[k];
  return loss / (double)count + 0.001 * penalty;
}

double benchc_mlp_loss(
  const double *p, size_t w, const double *samples, const double *targets, size_t count) {
  size_t b1 = 2 * w, w2 = b1 + w, b2 = w2 + w * w, w3 = b2 + w, b3 = w3 + w;
  double h1[256], h2[256];
  if (w > 256) return NAN;
  double loss = 0;
  for (size_t s = 0; s < count; s++) {
    double x0 = samples[2 * s], x1 = samples[2 * s + 1];
    for (size_t i = 0; i < w; i++) {
      double z = p[2 * i] * x0 + p[2 * i + 1] * x1;
      h1[i] = tanh(z + p[b1 + i]);
    }
    for (size_t i = 0; i < w; i++) {
      double z = p[b2 + i];
      for (size_t j = 0; j < w; j++) z += p[w2 + i * w + j] * h1[j];
      h2[i] = tanh(z);
    }
    double y = p[b3];
    for (size_t j = 0; j < w; j++) y += p[w3 + j] * h2[j];
    double r = y - targets[s];
    loss += r * r;
  }
  return loss / (double)count;
}

void benchc_sin_map(const double *x, size_t n, double *y, size_t m) {
  for (size_t j = 0; j < m; j++) {
    double k = (double)(j + 1), s = 0;
    for (size_t i = 0; i < n; i++) s += sin(k * x[i]) * x[i];
    y[j] = s;
  }
}

void benchc_banded_sin_map(const double *x, size_t n, double *y, size_t m) {
  size_t w = n < 3 ? n : 3;
  for (size_t j = 0; j < m; j++) {
    size_t start = j * n / m;
    if (start > n - w) start = n - w;
    double k = (double)(j + 1), s = 0;
    for (size_t i = start; i < start + w; i++) s += sin(k * x[i]) * x[i];
    y[j] = s;
  }
}
