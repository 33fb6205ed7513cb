// `exp(v)`, `sqrt(v)`, ... on an array `v` of scalars: DualTape's elementary functions take one
// scalar. These declarations are unavailable, so that the error says to apply the function to
// each element (`v.map { exp($0) }`) instead of "cannot convert value of type '[T]' to expected
// argument type". They cost nothing at run time and no type-checking time (an unavailable
// overload is skipped by Swift's solver); measured, they make generic formulas faster: with a
// second overload, a call of a generic function (`sinh(x[0] * x[0] + 1) * 3`) takes the solver's
// shorter path (the line of Tests/TypeCheckCorpus/Budget/Issue18Line.swift written with
// sinh/cosh/expm1: 189k solver scopes with one overload each, 30k with these; the functions of
// Matrix and TrackedMatrix give the others a second overload too, see
// Extensions/Arrays/Matrix+FunctionsModule.swift).

/// Unavailable: `exp` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { exp($0) }"
)
public func exp<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `expm1` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { expm1($0) }"
)
public func expm1<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `log` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { log($0) }"
)
public func log<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `log1p` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { log1p($0) }"
)
public func log1p<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `sqrt` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { sqrt($0) }"
)
public func sqrt<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `sin` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { sin($0) }"
)
public func sin<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `cos` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { cos($0) }"
)
public func cos<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `tan` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { tan($0) }"
)
public func tan<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `asin` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { asin($0) }"
)
public func asin<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `acos` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { acos($0) }"
)
public func acos<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `atan` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { atan($0) }"
)
public func atan<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `sinh` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { sinh($0) }"
)
public func sinh<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `cosh` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { cosh($0) }"
)
public func cosh<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `tanh` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { tanh($0) }"
)
public func tanh<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `abs` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { abs($0) }"
)
public func abs<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `sigmoid` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { sigmoid($0) }"
)
public func sigmoid<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `softplus` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { softplus($0) }"
)
public func softplus<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `relu` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { relu($0) }"
)
public func relu<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `erf` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { erf($0) }"
)
public func erf<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `erfc` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { erfc($0) }"
)
public func erfc<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `lgamma` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { lgamma($0) }"
)
public func lgamma<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `log2` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { log2($0) }"
)
public func log2<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `log10` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { log10($0) }"
)
public func log10<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `exp2` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { exp2($0) }"
)
public func exp2<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `cbrt` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { cbrt($0) }"
)
public func cbrt<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `asinh` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { asinh($0) }"
)
public func asinh<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `acosh` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { acosh($0) }"
)
public func acosh<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `atanh` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { atanh($0) }"
)
public func atanh<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `floor` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { floor($0) }"
)
public func floor<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `ceil` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { ceil($0) }"
)
public func ceil<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `round` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { round($0) }"
)
public func round<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }

/// Unavailable: `sign` takes one scalar; apply it to each element with `map`.
@available(
  *, unavailable,
  message:
    "DualTape's elementary functions take one scalar; apply it to each element: v.map { sign($0) }"
)
public func sign<T: Differentiable>(_ x: [T]) -> [T] { fatalError() }
