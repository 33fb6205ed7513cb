// The replay loop: each value from its operation and operands, and (for a gradient) each
// derivative as a live recording forms it, all from the rule table (`Rules/`): a folded
// result's scale (its partial times its operand's scale), or a sweep node's two partials,
// written straight into the array the sweep reads.

/// One call's pointers: values (constants before slot 0), scales (per slot), sweep partials.
@usableFromInline
struct ReplayBuffers<S> {
  /// Slot i's value at `values[i]`; the k-th constant's at `values[-1 - k]`.
  @usableFromInline let values: UnsafeMutablePointer<S>
  /// A folded slot's scale (∂value/∂its node), where its opcode says it is stored.
  @usableFromInline let scales: UnsafeMutablePointer<S>
  /// The sweep's nodes: the program's links, and the partials this replay writes.
  @usableFromInline let nodes: UnsafeMutablePointer<TapeNode<S>>

  @inlinable init(
    values: UnsafeMutablePointer<S>, scales: UnsafeMutablePointer<S>,
    nodes: UnsafeMutablePointer<TapeNode<S>>
  ) {
    self.values = values
    self.scales = scales
    self.nodes = nodes
  }
}

extension ReplayProgram {
  /// Computes every value slot at the inputs `x` (and, with `partials`, every scale and sweep
  /// partial), re-checking each branch guard as soon as its operands are computed.
  ///
  /// - Returns: the index of the first guard that goes the other way (the slots after it
  ///   are not computed), or nil.
  @inlinable
  func evaluate(_ x: [S], _ b: ReplayBuffers<S>, partials: Bool) -> Int? {
    constants.withUnsafeBufferPointer { c in
      for k in 0..<c.count { b.values[-1 - k] = c[k] }
    }
    b.values[0] = 0
    x.withUnsafeBufferPointer { (b.values + 1).update(from: $0.baseAddress!, count: inputCount) }
    return instructions.withUnsafeBufferPointer { program in
      strides.withUnsafeBufferPointer { strides in
        // Two copies of the loop, with and without partials, so neither tests which it is.
        let (first, steps) = (program.baseAddress!, strides.baseAddress)
        if partials { return loop(first, steps, b, GradientPass.self) }
        return loop(first, steps, b, ValuePass.self)
      }
    }
  }

  /// The replay loop: runs the instructions from `first` to the `end`, each operation
  /// computing the next slot, each block its body's operations for every repetition.
  ///
  /// - Returns: the index of the first guard that fails, or nil.
  @inlinable @inline(__always)
  func loop<P: ReplayPass>(
    _ first: UnsafePointer<ReplayInstruction>, _ strides: UnsafePointer<ReplayStride>?,
    _ b: ReplayBuffers<S>, _ pass: P.Type
  ) -> Int? {
    var k = first
    var i = inputCount + 1
    while true {
      let op = k.pointee
      if _fastPath(op.opcode.rawValue < ReplayOpcode.general.rawValue) {
        Self.perform(
          op, at: i, b, pass, repeats: 1, step: ReplayStep(slot: 0, ReplayStride()), carry: false)
        k += 1
        i += 1
        continue
      }
      switch op.opcode {
      case .general: general(k, at: i, b, partials: P.partials)
      case .chained: break
      case .check:
        if op.comparison.evaluate(b.values[Int(op.lhs)], b.values[Int(op.rhs)]) != op.outcome {
          return Int(op.aux)
        }
        k += 1
        continue
      case .block:
        let (period, repeats) = (Int(op.lhs), Int(op.rhs))
        for j in 0..<period {
          let body = k[1 + j]
          let step = ReplayStep(slot: period, strides.unsafelyUnwrapped[Int(op.aux) + j])
          // A running sum: the left operand is this operation's previous result.
          let carry = Int(body.lhs) == i + j - period && step.lhs == period
          Self.perform(body, at: i + j, b, pass, repeats: repeats, step: step, carry: carry)
        }
        k += 1 + period
        i += period * repeats
        continue
      case .end: return nil
      default: Self.unknownOpcode(op.opcode)
      }
      k += 1
      i += 1
    }
  }

  @usableFromInline static func unknownOpcode(_ opcode: ReplayOpcode) -> Never {
    dualTapeFailure("internal: the replay loop met the opcode \(opcode) out of place.")
  }
}
