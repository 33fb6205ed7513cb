// A plain number next to an engine value (`scale * v[0]` with `scale: Double` and
// `v: [Tracked<Double>]`) does not compile: DualTape declares no mixed operator, because each
// extra overload of `*` would be weighed at every `*` of every file that imports DualTape. These
// declarations are unavailable: Swift's solver skips them when it type-checks (they cost plain
// code nothing, measured with Tests/ImportCostCorpus), and when an expression fails it names
// them, so the error says what to write instead of naming another overload that did not fit.

extension Tracked where T: RealScalar {
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func + (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func + (lhs: Self, rhs: T) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func - (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func - (lhs: Self, rhs: T) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func * (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func * (lhs: Self, rhs: T) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func / (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Tracked value; lift it into the engine with Tracked(x), a constant (for example Tracked(scale) * v[0])"
  )
  public static func / (lhs: Self, rhs: T) -> Self { fatalError() }
}

extension Dual where T: RealScalar {
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func + (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func + (lhs: Self, rhs: T) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func - (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func - (lhs: Self, rhs: T) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func * (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func * (lhs: Self, rhs: T) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func / (lhs: T, rhs: Self) -> Self { fatalError() }
  /// Unavailable: a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0]).
  @available(
    *, unavailable,
    message:
      "a plain number next to a Dual value; lift it into the engine with Dual(x), a constant (for example Dual(scale) * v[0])"
  )
  public static func / (lhs: Self, rhs: T) -> Self { fatalError() }
}
