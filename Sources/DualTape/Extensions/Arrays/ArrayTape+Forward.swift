// Recording: each method computes one matrix operation's value into the tape's flat buffer
// and appends one node. The adjoint rules are in `ArrayTape+Backward.swift`.

extension ArrayTape {
  /// Elementwise binary operation with broadcasting.
  @inlinable func binary(_ op: Primitive, _ a: Int32, _ b: Int32, name: String) -> Int32 {
    let na = nodes[Int(a)]
    let nb = nodes[Int(b)]
    let plan = Broadcast(na.shape, nb.shape, operation: name)
    let out = append(op, a, b, rows: plan.rows, columns: plan.columns)
    let zo = nodes[Int(out)].offset
    withValues { v in
      let x = v + na.offset
      let y = v + nb.offset
      let z = v + zo
      switch op {
      case .add: plan.forEachElement { k, i, j in z[k] = x[i] + y[j] }
      case .subtract: plan.forEachElement { k, i, j in z[k] = x[i] - y[j] }
      case .multiply: plan.forEachElement { k, i, j in z[k] = x[i] * y[j] }
      case .divide: plan.forEachElement { k, i, j in z[k] = x[i] / y[j] }
      default: dualTapeFailure("internal: \(op) is not a binary operation.")
      }
    }
    return out
  }

  /// The matrix product of nodes a (m×k) and b (k×n).
  @inlinable func matmul(_ a: Int32, _ b: Int32) -> Int32 {
    let na = nodes[Int(a)]
    let nb = nodes[Int(b)]
    require(
      na.columns == nb.rows,
      "matmul: shapes \(na.rows)x\(na.columns) and \(nb.rows)x\(nb.columns) do not fit; the"
        + " left operand's columns (\(na.columns)) must equal the right operand's rows"
        + " (\(nb.rows)).")
    let out = append(.matmul, a, b, rows: na.rows, columns: nb.columns)
    let zo = nodes[Int(out)].offset
    withValues { v in
      Kernels.multiplyAdd(
        v + na.offset, v + nb.offset, into: v + zo, m: na.rows, k: na.columns, n: nb.columns)
    }
    return out
  }

  /// The transpose of node a.
  @inlinable func transpose(_ a: Int32) -> Int32 {
    let na = nodes[Int(a)]
    let out = append(.transpose, a, rows: na.columns, columns: na.rows)
    let zo = nodes[Int(out)].offset
    withValues { v in Kernels.transpose(v + na.offset, into: v + zo, m: na.rows, n: na.columns) }
    return out
  }

  /// Node a with a new shape of the same element count (row-major order is kept).
  @inlinable func reshape(_ a: Int32, rows: Int, columns: Int) -> Int32 {
    let na = nodes[Int(a)]
    require(
      rows * columns == na.count && rows >= 0 && columns >= 0,
      "reshape: a \(na.rows)x\(na.columns) matrix cannot become \(rows)x\(columns); the"
        + " element count must stay \(na.count).")
    let out = append(.reshape, a, rows: rows, columns: columns)
    let zo = nodes[Int(out)].offset
    withValues { v in (v + zo).update(from: v + na.offset, count: na.count) }
    return out
  }

  /// An elementwise function of node a; `parameter` is the constant of scale, shift, powInt.
  @inlinable func unary(_ op: Primitive, _ a: Int32, parameter: S = 0) -> Int32 {
    let na = nodes[Int(a)]
    let out = append(op, a, rows: na.rows, columns: na.columns, parameter: parameter)
    let zo = nodes[Int(out)].offset
    let n = na.count
    let c = parameter
    withValues { v in
      let x = v + na.offset
      let z = v + zo
      @inline(__always) func each(_ f: (S) -> S) { for k in 0..<n { z[k] = f(x[k]) } }
      switch op {
      case .scale: each { c * $0 }
      case .shift: each { $0 + c }
      default:
        // Elementwise functions take their values from the rule table, as the scalar engines do.
        guard op.visitElementwiseRule(parameter: c, ElementwiseValues(x: x, z: z, n: n)) else {
          dualTapeFailure("internal: \(op) is not a unary operation.")
        }
      }
    }
    return out
  }

  /// Sum of all elements (1×1), of each column (axis 0, 1×c) or of each row (axis 1, r×1).
  @inlinable func sum(_ a: Int32, axis: Int?) -> Int32 {
    let na = nodes[Int(a)]
    let (r, c) = (na.rows, na.columns)
    let op: Primitive
    let shape: (Int, Int)
    switch axis {
    case nil: (op, shape) = (.sumAll, (1, 1))
    case 0?: (op, shape) = (.sumColumns, (1, c))
    case 1?: (op, shape) = (.sumRows, (r, 1))
    case let other?: axisFailure("sum(alongAxis:)", other)
    }
    let out = append(op, a, rows: shape.0, columns: shape.1)
    let zo = nodes[Int(out)].offset
    withValues { v in
      let x = v + na.offset
      let z = v + zo
      for i in 0..<r {
        for j in 0..<c {
          let e = x[i * c + j]
          switch op {
          case .sumAll: z[0] += e
          case .sumColumns: z[j] += e
          default: z[i] += e
          }
        }
      }
    }
    return out
  }

  /// Row-wise reductions that need the row's maximum: max, logSumExp, softmax (axis 1).
  @inlinable func rowwise(_ op: Primitive, _ a: Int32) -> Int32 {
    let na = nodes[Int(a)]
    let (r, c) = (na.rows, na.columns)
    require(c > 0, "\(op): a \(r)x\(c) matrix has no columns to reduce.")
    let out = append(
      op, a, rows: r, columns: op == .softmaxRows ? c : 1, indexCount: op == .maxRows ? r : 0)
    let node = nodes[Int(out)]
    withValues { v in
      indices.withUnsafeMutableBufferPointer { idx in
        for i in 0..<r {
          let x = v + na.offset + i * c
          var m = x[0]
          var arg = 0
          for j in 1..<c where x[j] > m {
            m = x[j]
            arg = j
          }
          switch op {
          case .maxRows:
            v[node.offset + i] = m
            idx[node.indexOffset + i] = arg
          case .logSumExpRows:
            v[node.offset + i] = Self.logSumExp(x, c, max: m)
          default:
            Self.softmax(x, c, max: m, into: v + node.offset + i * c)
          }
        }
      }
    }
    return out
  }

  /// log Σ eˣ of `n` values with maximum `m`, shifted by m so that nothing overflows.
  @inlinable static func logSumExp(_ x: UnsafeMutablePointer<S>, _ n: Int, max m: S) -> S {
    if !m.isFinite { return m }
    var s: S = 0
    for j in 0..<n { s += S.exp(x[j] - m) }
    return m + S.log(s)
  }

  /// Writes the softmax of `n` values with maximum `m` into `p` as e^(x − m) / Σ e^(x − m)
  /// (correctly rounded, unlike e^(x − logSumExp)); returns log Σ eˣ.
  @inlinable @discardableResult
  static func softmax(
    _ x: UnsafeMutablePointer<S>, _ n: Int, max m: S, into p: UnsafeMutablePointer<S>
  ) -> S {
    if !m.isFinite {
      for j in 0..<n { p[j] = S.nan }
      return m
    }
    var s: S = 0
    for j in 0..<n {
      p[j] = S.exp(x[j] - m)
      s += p[j]
    }
    for j in 0..<n { p[j] /= s }
    return m + S.log(s)
  }

  /// Mean squared error of nodes p and t (same shape) as one 1×1 node.
  @inlinable func meanSquaredError(_ p: Int32, _ t: Int32) -> Int32 {
    let np = nodes[Int(p)]
    let nt = nodes[Int(t)]
    Loss.requireSameShape(np.shape, nt.shape, "Loss.meanSquaredError")
    let out = append(.meanSquaredError, p, t, rows: 1, columns: 1)
    let zo = nodes[Int(out)].offset
    withValues { v in
      var s: S = 0
      for k in 0..<np.count {
        let d = v[np.offset + k] - v[nt.offset + k]
        s += d * d
      }
      v[zo] = s / S(np.count)
    }
    return out
  }

  /// Softmax cross-entropy of logits node z (N×C) and N labels as one 1×1 node; the softmax
  /// is saved for the adjoint rule.
  @inlinable func softmaxCrossEntropy(_ z: Int32, labels: [Int]) -> Int32 {
    let nz = nodes[Int(z)]
    let (r, c) = (nz.rows, nz.columns)
    Loss.requireLabels(labels, rows: r, classes: c, "Loss.softmaxCrossEntropy")
    let out = append(
      .softmaxCrossEntropy, z, rows: 1, columns: 1, auxiliaryCount: r * c, indexCount: r)
    let node = nodes[Int(out)]
    withValues { v in
      var total: S = 0
      for i in 0..<r {
        let x = v + nz.offset + i * c
        var m = x[0]
        for j in 0..<c where x[j] > m { m = x[j] }
        let lse = Self.softmax(x, c, max: m, into: v + node.auxiliary + i * c)
        total += lse - x[labels[i]]
      }
      v[node.offset] = total / S(r)
    }
    for (i, l) in labels.enumerated() { indices[node.indexOffset + i] = l }
    return out
  }

  /// Binary cross-entropy of logits node z and targets node t as one 1×1 node:
  /// mean(softplus(z) − t z).
  @inlinable func binaryCrossEntropy(logits z: Int32, targets t: Int32) -> Int32 {
    let nz = nodes[Int(z)]
    let nt = nodes[Int(t)]
    Loss.requireSameShape(nz.shape, nt.shape, "Loss.binaryCrossEntropy")
    let out = append(.binaryCrossEntropyLogits, z, t, rows: 1, columns: 1)
    let zo = nodes[Int(out)].offset
    withValues { v in
      var s: S = 0
      for k in 0..<nz.count {
        let x = v[nz.offset + k]
        s += S.softplus(x) - v[nt.offset + k] * x
      }
      v[zo] = s / S(nz.count)
    }
    return out
  }

  @usableFromInline func axisFailure(_ name: String, _ axis: Int) -> Never {
    dualTapeFailure(
      "\(name): axis \(axis) does not exist; use 0 (down the rows, one result per column) or"
        + " 1 (across the columns, one result per row).")
  }
}

/// Code run with the rule of an elementwise array operation (the rule is a generic parameter,
/// so the loop inside `visit` is specialised for it: no dispatch per element).
@usableFromInline
protocol ElementwiseRuleVisitor {
  func visit<R: UnaryRule>(_ rule: R)
}

extension Primitive {
  /// Runs `visitor` with this elementwise operation's rule from the table (`parameter` is the
  /// exponent of `powInt`); `false` if the operation has no unary rule. The forward values
  /// and the backward partials of the array tape both go through this one table.
  @inlinable
  func visitElementwiseRule<S: RealScalar>(parameter: S, _ visitor: some ElementwiseRuleVisitor)
    -> Bool
  {
    visit(ElementwiseRule(visitor), integer: Int(parameter))
  }
}

/// Adapts an ``ElementwiseRuleVisitor`` to the table: unary rules only.
@usableFromInline
struct ElementwiseRule<V: ElementwiseRuleVisitor>: PrimitiveVisitor {
  @usableFromInline let visitor: V
  @inlinable init(_ visitor: V) { self.visitor = visitor }
  @inlinable func row(_ row: Primitive.Row) -> Bool { false }
  @inlinable func unary<R: UnaryRule>(_ rule: R, _ row: Primitive.Row) -> Bool {
    visitor.visit(rule)
    return true
  }
  @inlinable func binary<R: BinaryRule>(_ rule: R, _ row: Primitive.Row) -> Bool { false }
}

/// z[k] = f(x[k]) for k < n, f from the rule table.
@usableFromInline
struct ElementwiseValues<S: RealScalar>: ElementwiseRuleVisitor {
  @usableFromInline let x: UnsafeMutablePointer<S>, z: UnsafeMutablePointer<S>, n: Int
  @inlinable init(x: UnsafeMutablePointer<S>, z: UnsafeMutablePointer<S>, n: Int) {
    (self.x, self.z, self.n) = (x, z, n)
  }
  @inlinable func visit<R: UnaryRule>(_ rule: R) { for k in 0..<n { z[k] = rule.value(x[k]) } }
}

/// ā[k] += z̄[k] · f′(x[k]), f′ from the rule table at x and the saved z = f(x). A zero
/// adjoint contributes nothing, even where f′ is infinite (0 · ∞ stays out).
@usableFromInline
struct ElementwiseAdjoints<S: RealScalar>: ElementwiseRuleVisitor {
  @usableFromInline let x: UnsafePointer<S>, z: UnsafePointer<S>, g: UnsafeMutablePointer<S>
  @usableFromInline let ga: UnsafeMutablePointer<S>, n: Int
  @inlinable init(
    x: UnsafePointer<S>, z: UnsafePointer<S>, g: UnsafeMutablePointer<S>,
    ga: UnsafeMutablePointer<S>, n: Int
  ) {
    (self.x, self.z, self.g, self.ga, self.n) = (x, z, g, ga, n)
  }
  @inlinable func visit<R: UnaryRule>(_ rule: R) {
    for k in 0..<n where g[k] != 0 { ga[k] += g[k] * rule.derivative(at: x[k], value: z[k]) }
  }
}
