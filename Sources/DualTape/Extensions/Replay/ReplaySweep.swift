// The replay's reverse sweep: the tape's, over the nodes a live recording would have made (two
// operands on different nodes), with the program's links and the partials of this replay.

/// The replay's edge step: which operand's partial is exactly zero is known only at each
/// replay, so the sweep skips such a term instead of the sink (an operand a live recording
/// would have sent there), and neither contributes 0 · ∞ = NaN.
@usableFromInline
enum ZeroPartialSkipped: SweepEdges {
  @inlinable @inline(__always)
  static func propagate<T: Differentiable>(
    _ node: TapeNode<T>, _ a: T, into adj: UnsafeMutablePointer<T>
  ) {
    // A partial of exactly 1 (a sum's) adds the adjoint itself: the same number, without a
    // multiplication's latency on the chain of adjoints a running sum makes.
    if node.dl == 1 {
      adj[Int(node.lhs)] += a
    } else if !node.dl.isExactlyZero {
      adj[Int(node.lhs)] += a * node.dl
    }
    if node.dr == 1 {
      adj[Int(node.rhs)] += a
    } else if !node.dr.isExactlyZero {
      adj[Int(node.rhs)] += a * node.dr
    }
  }
}

extension ReplayProgram {
  /// Propagates adjoints from sweep node `top` down to the first node after the inputs: the
  /// tape's sweep (``reverseSweep(_:from:downTo:adjoints:_:)``) over the nodes this replay
  /// wrote (the program's links, this replay's partials), with the replay's edge step.
  /// `adj` must hold the seeds (zeros elsewhere).
  @inlinable
  func sweep(
    _ nodes: UnsafePointer<TapeNode<S>>, from top: Int, adjoints adj: UnsafeMutablePointer<S>
  ) {
    reverseSweep(nodes, from: top, downTo: inputCount, adjoints: adj, ZeroPartialSkipped.self)
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
    sweep(b.nodes, from: top, adjoints: adj)
    return adj
  }

  /// Output k's scale: ∂yₖ/∂(its node).
  @inlinable func outputScale(_ k: Int, _ b: ReplayBuffers<S>) -> S {
    outputScaled[k] ? b.scales[Int(outputs[k])] : 1
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
      sweep(b.nodes, from: top, adjoints: adj)
    }
    return adj
  }
}
