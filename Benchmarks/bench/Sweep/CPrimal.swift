import BenchC
import DualTapeSuite

// The C reference primals (Benchmarks/BenchC) as closures over [Double], like the Swift primal.

/// The C versions of the benchmark's functions.
enum CPrimal {
  static func rosenbrock(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { benchc_rosenbrock($0.baseAddress, $0.count) }
  }

  static func logSumExp(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { benchc_log_sum_exp($0.baseAddress, $0.count) }
  }

  static func softmaxCrossEntropy(_ f: SoftmaxCrossEntropy) -> ([Double]) -> Double {
    let samples = f.samples
    let labels = f.labels
    return { p in
      p.withUnsafeBufferPointer { pp in
        samples.withUnsafeBufferPointer { sp in
          labels.withUnsafeBufferPointer { lp in
            benchc_softmax_cross_entropy(
              pp.baseAddress, SoftmaxCrossEntropy.classes, SoftmaxCrossEntropy.features,
              sp.baseAddress, lp.baseAddress, lp.count)
          }
        }
      }
    }
  }

  static func mlpLoss(_ f: MLPLoss) -> ([Double]) -> Double {
    let samples = f.samples
    let targets = f.targets
    return { p in
      p.withUnsafeBufferPointer { pp in
        samples.withUnsafeBufferPointer { sp in
          targets.withUnsafeBufferPointer { tp in
            benchc_mlp_loss(pp.baseAddress, MLPLoss.width, sp.baseAddress, tp.baseAddress, tp.count)
          }
        }
      }
    }
  }

  static func sinMap(_ m: Int) -> ([Double]) -> [Double] {
    { x in map(x, m, benchc_sin_map) }
  }

  static func bandedSinMap(_ m: Int) -> ([Double]) -> [Double] {
    { x in map(x, m, benchc_banded_sin_map) }
  }

  private static func map(
    _ x: [Double], _ m: Int,
    _ body: (UnsafePointer<Double>?, Int, UnsafeMutablePointer<Double>?, Int) -> Void
  ) -> [Double] {
    [Double](unsafeUninitializedCapacity: m) { buffer, count in
      x.withUnsafeBufferPointer { body($0.baseAddress, $0.count, buffer.baseAddress, m) }
      count = m
    }
  }
}
