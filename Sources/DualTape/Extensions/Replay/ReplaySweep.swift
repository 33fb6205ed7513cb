// The replay's reverse sweep: over the nodes a live recording would have made (two operands
// on different nodes), with the static links of the program and the partials of this replay.

extension ReplayProgram {
  /// Propagates adjoints from sweep node `top` down to the first node after the inputs.
  ///
  /// `adj` must hold the seeds (zeros elsewhere). As the tape's sweep: a node whose adjoint
  /// is exactly zero is skipped, and so is an exactly-zero partial (an operand a live
  /// recording sends to the sink), so that neither contributes 0 · ∞ = NaN.
  /// - Complexity: O(top), at most two multiply-adds per node.
  @inlinable
  func sweep(
    _ partials: UnsafePointer<ReplayPartials<S>>, from top: Int,
    adjoints adj: UnsafeMutablePointer<S>
  ) {
    links.withUnsafeBufferPointer { links in
      var i = top
      while i > inputCount {
        let a = adj[i]
        if !a.isExactlyZero {
          let link = links[i]
          let d = partials[i]
          // A partial of exactly 1 (a sum's) adds the adjoint itself: the same number, without
          // a multiplication's latency on the chain of adjoints a running sum makes.
          if d.dl == 1 {
            adj[Int(link.lhs)] += a
          } else if !d.dl.isExactlyZero {
            adj[Int(link.lhs)] += a * d.dl
          }
          if d.dr == 1 {
            adj[Int(link.rhs)] += a
          } else if !d.dr.isExactlyZero {
            adj[Int(link.rhs)] += a * d.dr
          }
        }
        i -= 1
      }
    }
  }

  /// Seeds output k's node with `u[k]` times the output's scale, sweeps, and returns the
  /// adjoints (inputs at 1…n), as `Reverse.vjp` adds them: outputs of scale 1 first, in
  /// order, then the others from the last (their nodes are the top of a live recording).
  @inlinable
  func pullback(
    _ b: ReplayBuffers<S>, _ u: [S], into adj: UnsafeMutablePointer<S>
  ) -> UnsafeMutablePointer<S> {
    let top = outputNodes.reduce(inputCount) { Swift.max($0, Int($1)) }
    adj.update(repeating: 0, count: top + 1)
    for (k, node) in outputNodes.enumerated() where node > 0 && outputScale(k, b) == 1 {
      adj[Int(node)] += u[k]
    }
    for (k, node) in outputNodes.enumerated().reversed() where node > 0 {
      let scale = outputScale(k, b)
      if scale != 1 && !u[k].isExactlyZero && !scale.isExactlyZero {
        adj[Int(node)] += u[k] * scale
      }
    }
    sweep(b.p, from: top, adjoints: adj)
    return adj
  }

  /// Output k's scale: ∂yₖ/∂(its node).
  @inlinable func outputScale(_ k: Int, _ b: ReplayBuffers<S>) -> S {
    outputScaled[k] ? b.s[Int(outputs[k])] : 1
  }

  /// The adjoints (inputs at 1…n) of output `row` alone: a sweep from its node.
  @inlinable
  func pullback(
    _ b: ReplayBuffers<S>, row: Int, into adj: UnsafeMutablePointer<S>
  ) -> UnsafeMutablePointer<S> {
    let top = Int(outputNodes[row])
    adj.update(repeating: 0, count: Swift.max(top, inputCount) + 1)
    if top > 0 {
      adj[top] = outputScale(row, b)
      sweep(b.p, from: top, adjoints: adj)
    }
    return adj
  }
}
