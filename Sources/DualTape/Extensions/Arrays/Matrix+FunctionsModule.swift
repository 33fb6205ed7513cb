// `exp(m)`, `sqrt(m)`, ... on a Matrix or TrackedMatrix in a file that imports DualTape but not
// DualTapeMatrixOperators: the elementwise functions live in that module, with the operators
// (see Matrix+OperatorsModule.swift). These declarations are unavailable, so that the error names
// the module to import instead of "cannot convert Matrix<Double> to T"; with
// DualTapeMatrixOperators imported, its functions (same signatures, declared in a module that
// imports this one) shadow these.

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func exp<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func log<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func sqrt<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func sin<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func cos<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func tanh<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func abs<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func sigmoid<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func softplus<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func relu<T: Differentiable>(_ x: Matrix<T>) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of Matrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies), or apply the scalar function to each element with map"
)
public func pow<T: Differentiable>(_ x: Matrix<T>, n: Int) -> Matrix<T> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func exp<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func log<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func sqrt<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func sin<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func cos<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func tanh<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func abs<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func sigmoid<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func softplus<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func relu<S>(_ x: TrackedMatrix<S>) -> TrackedMatrix<S> { fatalError() }

/// Unavailable without `import DualTapeMatrixOperators`, which declares the function.
@available(
  *, unavailable,
  message:
    "the elementwise functions of TrackedMatrix live in the DualTapeMatrixOperators module; add `import DualTapeMatrixOperators` next to `import DualTape` (and the DualTapeMatrixOperators product to the target's dependencies)"
)
public func pow<S>(_ x: TrackedMatrix<S>, n: Int) -> TrackedMatrix<S> { fatalError() }
