// The tape plumbing every reverse driver shares, kept with the tape: a recording on a pooled
// tape, its input nodes, an output's node, and the sweeps that read the adjoints back.

extension Reverse {
  /// Records `body` on a pooled tape whose first n nodes are the inputs `x`.
  @inlinable static func record<S: Differentiable, R>(
    _ x: [S], traced: Bool = false,
    _ body: (UnsafeMutablePointer<TapeStorage<S>>, [Tracked<S>]) -> R
  ) -> R {
    let tape = TapePool.acquire(S.self)
    defer {
      tape.pointee.end()
      TapePool.release(tape)
    }
    tape.pointee.begin(traced: traced)
    let inputs = inputs(x, on: tape)
    defer { keepInputs(inputs, on: tape) }
    return body(tape, inputs)
  }

  /// Keeps a small recording's inputs array on its tape for the next recording to reuse (it
  /// is reused only if nobody else holds it by then).
  @inlinable static func keepInputs<S: Differentiable>(
    _ inputs: [Tracked<S>], on tape: UnsafeMutablePointer<TapeStorage<S>>
  ) {
    if inputs.count <= TapePool.initialCapacity { tape.pointee.spareInputs = inputs }
  }

  /// The tracked inputs of a recording just begun: nodes 1 … n.
  @inlinable static func inputs<S: Differentiable>(
    _ x: [S], on tape: UnsafeMutablePointer<TapeStorage<S>>
  ) -> [Tracked<S>] {
    let g = tape.pointee.generation
    var inputs: [Tracked<S>] = []
    swap(&inputs, &tape.pointee.spareInputs)
    inputs.removeAll(keepingCapacity: true)
    inputs.reserveCapacity(x.count)
    for v in x { inputs.append(input(v, on: tape, generation: g)) }
    return inputs
  }

  /// Appends one input node with value `v` and returns its tracked value.
  @inlinable @inline(__always) static func input<S: Differentiable>(
    _ v: S, on tape: UnsafeMutablePointer<TapeStorage<S>>, generation g: UInt32
  ) -> Tracked<S> {
    let i = tape.pointee.appendUnchecked(lhs: 0, dl: 0, rhs: 0, dr: 0, .input, value: v, nil, nil)
    return Tracked(v, index: i, generation: g, tape: tape)
  }

  /// The node index of an output, or nil for a constant output (zero derivative).
  @inlinable static func outputIndex<S>(
    _ y: Tracked<S>, _ tape: UnsafeMutablePointer<TapeStorage<S>>, _ caller: String
  ) -> Int? {
    guard let t = y.tape else { return nil }
    require(
      t == tape && y.generation == tape.pointee.generation,
      "\(caller): the function returned a Tracked value from another recording (one captured"
        + " from outside, or made by a nested call). Return values computed from the inputs"
        + " the driver passed in.")
    if y.index == 0 { return nil }  // a zero derivative (folded into the sink)
    if (y.scale - 1).isExactlyZero { return Int(y.index) }
    // A folded output (see Tracked): one node carries its scale.
    return Int(
      tape.pointee.push(generation: y.generation, lhs: y.index, dl: y.scale, rhs: 0, dr: 0))
  }

  /// Seeds the adjoints of `outputs` with `seeds`, sweeps, and returns the n input adjoints.
  @inlinable static func pullback<S>(
    _ tape: UnsafeMutablePointer<TapeStorage<S>>, inputCount n: Int,
    outputs: [Int?], seeds: [S]
  ) -> [S] {
    let top = outputs.reduce(n) { Swift.max($0, $1 ?? 0) }
    let adj = tape.pointee.zeroedAdjoints(through: top)
    for (index, seed) in zip(outputs, seeds) {
      if let i = index { adj[i] += seed }
    }
    tape.pointee.sweep(from: top, adjoints: adj)
    return Array(UnsafeBufferPointer(start: adj + 1, count: n))
  }

  /// The n input adjoints after one sweep seeded with 1 at `output` (nil: a constant output),
  /// which leaves the tape's adjoints zero for the next.
  @inlinable static func gradient<S>(
    _ tape: UnsafeMutablePointer<TapeStorage<S>>, inputCount n: Int, output: Int?
  ) -> [S] {
    tape.pointee.clearingSweep(from: output, inputCount: n) {
      $0[output!] = 1
    } read: {
      Array(UnsafeBufferPointer(start: $0, count: n))
    }
  }
}
