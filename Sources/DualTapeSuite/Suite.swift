import DualTape

// The shared suite of test functions: one place that feeds the tests (engines against each
// other and against finite differences) and the benchmark (the concrete types, specialised).
//
// Every function is a concrete struct written once with a generic `callAsFunction`, so it runs
// with `Double`, `Float`, `Dual`, `DualVector`, `Tracked` and their nestings. Each carries a
// name, a category and a default input point chosen away from kinks and domain edges, so that
// central finite differences are valid there (each type documents where its kinks are).

/// The shape of a suite function.
public enum SuiteCategory: String, Sendable, CaseIterable {
  /// f: ℝ → ℝ (``ScalarToScalar``).
  case scalarToScalar
  /// f: ℝⁿ → ℝ (``VectorToScalar``).
  case vectorToScalar
  /// f: ℝⁿ → ℝᵐ (``VectorToVector``).
  case vectorToVector
}

/// What every suite function has: a name (unique within the suite) and a category.
public protocol SuiteFunction: Sendable, CustomStringConvertible {
  /// A short, unique name, e.g. `"rosenbrock"`.
  var name: String { get }
  /// The function's shape.
  var category: SuiteCategory { get }
}

extension SuiteFunction {
  /// The name, so test reports and benchmark tables read naturally.
  public var description: String { name }
}

/// A suite function ℝ → ℝ with a default input point.
public protocol SuiteScalarFunction: SuiteFunction, ScalarToScalar {
  /// A point away from kinks and domain edges, where finite differences are valid.
  var defaultInput: Double { get }
}

extension SuiteScalarFunction {
  public var category: SuiteCategory { .scalarToScalar }
}

/// A suite function ℝⁿ → ℝ with a default input point.
public protocol SuiteVectorFunction: SuiteFunction, VectorToScalar {
  /// A point away from kinks and domain edges, where finite differences are valid.
  var defaultInput: [Double] { get }
}

extension SuiteVectorFunction {
  public var category: SuiteCategory { .vectorToScalar }
}

/// A suite function ℝⁿ → ℝᵐ with a default input point.
public protocol SuiteVectorMap: SuiteFunction, VectorToVector {
  /// A point away from kinks and domain edges, where finite differences are valid.
  var defaultInput: [Double] { get }
}

extension SuiteVectorMap {
  public var category: SuiteCategory { .vectorToVector }
}

/// A suite function defined for any input length n (Rosenbrock, Ackley, Brown, ...).
///
/// The benchmark sweeps n with ``input(count:)``; the tests use ``defaultInput`` (small n).
public protocol ScalableFunction {
  /// The smallest input length the function accepts.
  var minimumCount: Int { get }
  /// A deterministic input of length `n` (≥ ``minimumCount``), away from kinks.
  func input(count n: Int) -> [Double]
}

/// The suite: every function, type-erased, grouped by category.
///
/// ```swift
/// for f in Suite.vectorFunctions {
///   let x = f.defaultInput
///   let g = Reverse.gradient(at: x, of: f)   // the existential opens to `some VectorToScalar`
/// }
/// ```
/// For speed (the benchmark), use the concrete types directly: `Rosenbrock()`,
/// `MLPLoss()`, ... so the engines are specialised for them.
public enum Suite {
  /// Every ℝ → ℝ function.
  public static let scalarFunctions: [any SuiteScalarFunction] = [
    PowerTower(), TrigHyperbolicMix(), InverseTrig(), LogisticFamily(), ExpLogMix(),
    IntegerPowers(), RealPowers(), AngleAndHypot(), Sinc(), PiecewiseSmooth(),
    AbsMinMaxScalar(), HornerPolynomial(), NewtonSquareRoot(), ContinuedFraction(),
  ]

  /// Every ℝⁿ → ℝ function.
  public static let vectorFunctions: [any SuiteVectorFunction] = [
    ScalarTapeExample(), SymbolicExample(), TensorPowerExample(), VariableExample(),
    SigmoidLayerExample(), Rosenbrock(), Ackley(), Rastrigin(), StyblinskiTang(), LogSumExp(),
    QuadraticForm(), HuberLoss(), NormMix(), AngleChain(), LoopedDynamics(),
    SoftmaxCrossEntropy(), MLPLoss(),
  ]

  /// Every ℝⁿ → ℝᵐ function.
  public static let vectorToVectorFunctions: [any SuiteVectorMap] = [
    BrownAlmostLinear(), BroydenTridiagonal(), DenseCoupled(), Softmax(), SphericalToCartesian(),
    CartesianToPolar(), LorenzSteps(), TanhLayer(), Activations(), PrefixProducts(),
    TrigonometricSystem(),
  ]

  /// The number of functions in the suite.
  public static var count: Int {
    scalarFunctions.count + vectorFunctions.count + vectorToVectorFunctions.count
  }
}

/// `count` uniform numbers in `[low, high)` from a SplitMix64 stream: fixed data for the
/// suite's learning losses (so every run, test and benchmark sees the same numbers).
///
/// - Parameters:
///   - count: how many numbers.
///   - low: the lower bound.
///   - high: the upper bound.
///   - seed: the stream's seed.
public func seededUniform(count: Int, low: Double, high: Double, seed: UInt64) -> [Double] {
  var random = SplitMix64(seed: seed)
  return (0..<count).map { _ in low + (high - low) * random.nextUnit() }
}
