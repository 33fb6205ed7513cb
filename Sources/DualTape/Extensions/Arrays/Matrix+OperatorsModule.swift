// `m1 + m2` on matrices in a file that imports DualTape but not DualTapeMatrixOperators: the
// operators live in that module (each overload DualTape declares is weighed at every operator of
// every file that imports it; see README, "Formulas that type-check"). These declarations are
// unavailable: Swift's solver skips them (they cost plain code nothing, like MixedScalars.swift),
// and when an expression on matrices fails, the error names them, so it says which module to
// import instead of "cannot be applied to two 'Matrix<Double>' operands". With
// DualTapeMatrixOperators imported, its operators (same signatures, declared in a module that
// imports this one) shadow these.

extension Matrix where Element: Differentiable {
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func + (lhs: Self, rhs: Self) -> Self { fatalError() }
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func - (lhs: Self, rhs: Self) -> Self { fatalError() }
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func * (lhs: Self, rhs: Self) -> Self { fatalError() }
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func / (lhs: Self, rhs: Self) -> Self { fatalError() }
}

extension TrackedMatrix {
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func + (lhs: Self, rhs: Self) -> Self { fatalError() }
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func - (lhs: Self, rhs: Self) -> Self { fatalError() }
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func * (lhs: Self, rhs: Self) -> Self { fatalError() }
  /// Unavailable without `import DualTapeMatrixOperators`, which declares the operator.
  @available(
    *, unavailable,
    message:
      "Matrix arithmetic lives in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
  )
  public static func / (lhs: Self, rhs: Self) -> Self { fatalError() }
}
