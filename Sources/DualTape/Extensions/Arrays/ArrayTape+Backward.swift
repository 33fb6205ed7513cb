// The reverse sweep of the operation-level tape: one adjoint rule per matrix operation.
// Broadcasting is undone here: an operand that was repeated along an axis receives the *sum*
// of the adjoints of all the places it was repeated to (a bias added to every row gets the
// sum over the rows).

extension ArrayTape {
  /// Seeds node `top` with `seed` (its shape), sweeps backwards to the first node, and leaves
  /// every node's adjoint in `adjoints`. Iterative; skips nodes no input reaches.
  /// - Complexity: a small multiple of the recording's cost (a matrix product's rule is two
  ///   products of the same size).
  @inlinable func backward(from top: Int32, seed: [S]) {
    adjoints.removeAll(keepingCapacity: true)
    adjoints.append(contentsOf: repeatElement(0, count: values.count))
    let seedOffset = nodes[Int(top)].offset
    for (k, s) in seed.enumerated() { adjoints[seedOffset + k] = s }
    var i = Int(top)
    while i >= 0 {
      let node = nodes[i]
      if node.needsGradient && node.operation != .leaf {
        if node.operation == .matmul {
          propagateMatmul(node)
        } else {
          propagate(node)
        }
      }
      i -= 1
    }
  }

  /// The rule of C = A·B: Ā += C̄·Bᵀ, B̄ += Aᵀ·C̄, each computed only if needed.
  @inlinable func propagateMatmul(_ node: ArrayNode<S>) {
    let na = nodes[Int(node.lhs)]
    let nb = nodes[Int(node.rhs)]
    let (m, k, n) = (na.rows, na.columns, nb.columns)
    if na.needsGradient {
      // Bᵀ first, so that the product runs as contiguous axpys.
      scratch.removeAll(keepingCapacity: true)
      scratch.append(contentsOf: repeatElement(0, count: k * n))
      values.withUnsafeBufferPointer { vb in
        scratch.withUnsafeMutableBufferPointer { tb in
          Kernels.transpose(vb.baseAddress! + nb.offset, into: tb.baseAddress!, m: k, n: n)
        }
      }
      adjoints.withUnsafeMutableBufferPointer { ab in
        scratch.withUnsafeBufferPointer { tb in
          let adj = ab.baseAddress!
          Kernels.multiplyAdd(
            adj + node.offset, tb.baseAddress!, into: adj + na.offset, m: m, k: n, n: k)
        }
      }
    }
    if nb.needsGradient {
      values.withUnsafeBufferPointer { vb in
        adjoints.withUnsafeMutableBufferPointer { ab in
          let adj = ab.baseAddress!
          // B̄ (k×n) += Aᵀ (k×m) · C̄ (m×n); Aᵀ read in place through strides.
          Kernels.multiplyAdd(
            vb.baseAddress! + na.offset, adj + node.offset, into: adj + nb.offset, m: k, k: m,
            n: n, aRowStride: 1, aColumnStride: k)
        }
      }
    }
  }

  /// Adds the contribution of every non-matmul node to its operands' adjoints.
  @inlinable func propagate(_ node: ArrayNode<S>) {
    let na = nodes[Int(node.lhs)]
    let nb: ArrayNode<S>? = node.rhs >= 0 ? nodes[Int(node.rhs)] : nil
    values.withUnsafeBufferPointer { vb in
      adjoints.withUnsafeMutableBufferPointer { ab in
        indices.withUnsafeBufferPointer { ib in
          let v = vb.baseAddress!
          let adj = ab.baseAddress!
          if let nb {
            propagateBinary(node, na, nb, v, adj)
          } else {
            propagateUnary(node, na, v, adj, ib)
          }
        }
      }
    }
  }

  @inlinable func propagateBinary(
    _ node: ArrayNode<S>, _ na: ArrayNode<S>, _ nb: ArrayNode<S>,
    _ v: UnsafePointer<S>, _ adj: UnsafeMutablePointer<S>
  ) {
    let g = adj + node.offset
    let z = v + node.offset
    let x = v + na.offset
    let y = v + nb.offset
    let ga = adj + na.offset
    let gb = adj + nb.offset
    let needA = na.needsGradient
    let needB = nb.needsGradient
    switch node.operation {
    case .add, .subtract, .multiply, .divide:
      let plan = Broadcast(na.shape, nb.shape, operation: "\(node.operation)")
      switch node.operation {
      case .add:
        if needA { plan.forEachElement { k, i, _ in ga[i] += g[k] } }
        if needB { plan.forEachElement { k, _, j in gb[j] += g[k] } }
      case .subtract:
        if needA { plan.forEachElement { k, i, _ in ga[i] += g[k] } }
        if needB { plan.forEachElement { k, _, j in gb[j] -= g[k] } }
      default:
        // Products and quotients: the partials from the rule table, at the broadcast elements.
        func each<R: BinaryRule>(_ rule: R) {
          if needA {
            plan.forEachElement { k, i, j in
              ga[i] += g[k] * rule.firstPartial(x[i], y[j], value: z[k])
            }
          }
          if needB {
            plan.forEachElement { k, i, j in
              gb[j] += g[k] * rule.secondPartial(x[i], y[j], value: z[k])
            }
          }
        }
        if node.operation == .multiply { each(Rules.Multiply()) } else { each(Rules.Divide()) }
      }
    case .meanSquaredError:
      let scale = g[0] * 2 / S(na.count)
      for k in 0..<na.count {
        let d = scale * (x[k] - y[k])
        if needA { ga[k] += d }
        if needB { gb[k] -= d }
      }
    case .binaryCrossEntropyLogits:
      let scale = g[0] / S(na.count)
      for k in 0..<na.count {
        if needA { ga[k] += scale * (S.sigmoid(x[k]) - y[k]) }
        if needB { gb[k] -= scale * x[k] }
      }
    default:
      dualTapeFailure("internal: no binary adjoint rule for \(node.operation).")
    }
  }

  @inlinable func propagateUnary(
    _ node: ArrayNode<S>, _ na: ArrayNode<S>, _ v: UnsafePointer<S>,
    _ adj: UnsafeMutablePointer<S>, _ idx: UnsafeBufferPointer<Int>
  ) {
    let g = adj + node.offset
    let z = v + node.offset
    let x = v + na.offset
    let ga = adj + na.offset
    let n = node.count
    let c = node.parameter
    let (r, cols) = (na.rows, na.columns)
    switch node.operation {
    case .negate: for k in 0..<n { ga[k] -= g[k] }
    case .scale: for k in 0..<n { ga[k] += c * g[k] }
    case .shift, .reshape: for k in 0..<n { ga[k] += g[k] }
    case .transpose:
      for i in 0..<r {
        for j in 0..<cols { ga[i * cols + j] += g[j * r + i] }
      }
    case .sumAll:
      for k in 0..<na.count { ga[k] += g[0] }
    case .sumColumns:
      for i in 0..<r {
        for j in 0..<cols { ga[i * cols + j] += g[j] }
      }
    case .sumRows:
      for i in 0..<r {
        for j in 0..<cols { ga[i * cols + j] += g[i] }
      }
    case .maxRows:
      for i in 0..<r { ga[i * cols + idx[node.indexOffset + i]] += g[i] }
    case .logSumExpRows:  // ∂ lse / ∂xᵢⱼ = softmax = e^(xᵢⱼ − lseᵢ)
      for i in 0..<r {
        for j in 0..<cols { ga[i * cols + j] += g[i] * S.exp(x[i * cols + j] - z[i]) }
      }
    case .softmaxRows:  // x̄ = z ⊙ (z̄ − ⟨z̄, z⟩ per row)
      for i in 0..<r {
        var dot: S = 0
        for j in 0..<cols { dot += g[i * cols + j] * z[i * cols + j] }
        for j in 0..<cols { ga[i * cols + j] += z[i * cols + j] * (g[i * cols + j] - dot) }
      }
    case .softmaxCrossEntropy:  // x̄ = z̄ · (softmax − onehot) / N
      let p = v + node.auxiliary
      let scale = g[0] / S(r)
      for i in 0..<r {
        for j in 0..<cols { ga[i * cols + j] += scale * p[i * cols + j] }
        ga[i * cols + idx[node.indexOffset + i]] -= scale
      }
    default:
      // Elementwise rules, from the rule table (see `ElementwiseAdjoints`).
      guard
        node.operation.visitElementwiseRule(
          parameter: c, ElementwiseAdjoints(x: x, z: z, g: g, ga: ga, n: n))
      else { dualTapeFailure("internal: no unary adjoint rule for \(node.operation).") }
    }
  }
}
