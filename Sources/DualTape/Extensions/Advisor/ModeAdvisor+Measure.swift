// The generic measurements behind ModeAdvisor: inlinable, so they are specialised for the
// user's function and scalar exactly as the drivers are, and time the same code.

extension ModeAdvisor {
  /// Times the primal, one pass of f per chunk width, and the driver's own cost per width:
  /// the forward driver called on ``NullMap`` (n inputs, m outputs, no arithmetic), whose time
  /// is the fixed cost per call and per pass (seeding, the outputs' arrays, the result).
  @inlinable static func measureForward<S: RealScalar, F: VectorToVector>(
    _ x: [S], _ m: Int, _ f: F, _ widths: [Int], _ measured: inout Measured
  ) {
    let n = x.count
    let watch = Stopwatch()
    let null = NullMap(outputCount: m)
    measured.primal = watch.seconds { f(x) }
    for k in Set(widths).sorted() {
      require(
        k >= 1 && k <= Forward.maximumChunkSize,
        "ModeAdvisor: chunk size \(k) is out of range; pass widths in 1...\(Forward.maximumChunkSize)."
      )
      guard k == widths.min() || k / 2 < n else { continue }
      let (t, t0) = Forward.withChunkWidth(k, OnePasses(x, k, f, null, watch))
      let driver = watch.seconds { Forward.jacobian(at: x, chunkSize: k, of: null) }
      measured.passes.append((k, t))
      // What the driver adds to the passes of f: its time on the null map less the null passes.
      measured.overhead[k] = Swift.max(0, driver - Double((n + k - 1) / k) * t0)
    }
    let k = Forward.defaultChunkSize(forInputCount: n)
    measured.fixed = measured.overhead[k] ?? measured.overhead.values.min() ?? 0
  }

  /// One forward pass with the first `k` inputs seeded in `P`'s lanes.
  @inlinable static func onePass<S: RealScalar, P: SIMD, F: VectorToVector>(
    _ x: [S], _ k: Int, _ f: F, _ watch: Stopwatch, _: P.Type
  ) -> Double where P.Scalar == S {
    var xs = x.map { DualVector<P>(constant: $0) }
    for i in 0..<Swift.min(k, x.count) { xs[i].partials[i] = 1 }
    return watch.seconds { f(xs) }
  }

  /// Times the reverse side: one recording, one sweep of the middle output row (skipping
  /// zeros, as the Jacobian driver does), one sweep of all outputs, the tape's size, and the
  /// same for ``NullMap`` together with the reverse driver's time on it (the fixed cost per
  /// call and per row: the pooled tape, the inputs, zeroing the adjoints, the result).
  @inlinable static func measureReverse<S: RealScalar, F: VectorToVector>(
    _ x: [S], _ f: F, _ measured: inout Measured
  ) {
    let m = measured.m
    let null = NullMap(outputCount: m)
    let watch = Stopwatch()
    let real = reversePasses(x, f, watch)
    let empty = reversePasses(x, null, watch)
    let driver = watch.seconds { Reverse.jacobian(at: x, of: null) }
    measured.recording = real.recording
    measured.sweep = real.row
    measured.fullSweep = real.all
    measured.tapeNodes = real.nodes
    measured.tapeBytes = real.nodes * MemoryLayout<TapeNode<S>>.stride
    // The driver's own cost, beyond recording f and sweeping its rows.
    measured.reverseFixed = Swift.max(0, driver - empty.recording - Double(m) * empty.row)
  }

  /// One recording, one middle-row sweep and one all-outputs sweep of f, and the tape's nodes.
  @inlinable static func reversePasses<S: RealScalar, F: VectorToVector>(
    _ x: [S], _ f: F, _ watch: Stopwatch
  ) -> (recording: Double, row: Double, all: Double, nodes: Int) {
    let n = x.count
    let recording = watch.seconds { Reverse.record(x) { _, xs in f(xs).count } }
    let sweeps: (row: Double, all: Double, nodes: Int) = Reverse.record(x) { tape, xs in
      let outputs = f(xs).map { Reverse.outputIndex($0, tape, "ModeAdvisor") }
      let nodes = tape.pointee.count
      let middle = outputs.isEmpty ? nil : outputs[outputs.count / 2]
      let row = watch.seconds { () -> S in
        let top = Swift.max(middle ?? 0, n)
        let adj = tape.pointee.zeroedAdjoints(through: top)
        if let i = middle {
          adj[i] = 1
          tape.pointee.sweep(from: i, adjoints: adj)
        }
        return adj[1]
      }
      let all = watch.seconds { () -> S in
        let top = outputs.reduce(n) { Swift.max($0, $1 ?? 0) }
        let adj = tape.pointee.zeroedAdjoints(through: top)
        for i in outputs { if let i { adj[i] += 1 } }
        tape.pointee.sweep(from: top, adjoints: adj)
        return adj[1]
      }
      return (row, all, nodes)
    }
    return (recording, sweeps.row, sweeps.all, sweeps.nodes)
  }

  /// The forward candidates: one per chunk width measured, and the best width spread over
  /// the processors where there are several and enough passes. `run(k, threads)` makes the
  /// closure that calls the driver.
  @inlinable static func forwardCandidates(
    _ measured: Measured, _ options: Options,
    _ run: (Int, Int) -> () -> Void
  ) -> [Candidate] {
    let n = measured.n
    var result: [Candidate] = []
    var best: (k: Int, passes: Int, pass: Double, cost: Double)?
    for (k, t) in measured.passes {
      let passes = (n + k - 1) / k
      let cost = (measured.overhead[k] ?? measured.fixed) + Double(passes) * t
      result.append(Candidate(.forward(chunk: k), passes: passes, predicted: cost, run: run(k, 1)))
      if best == nil || cost < best!.cost { best = (k, passes, t, cost) }
    }
    let threads = Swift.min(processorCount, 64)
    if options.allowParallel, threads > 1, let b = best, b.passes >= 2 * threads {
      let rounds = (b.passes - 1 + threads - 1) / threads
      result.append(
        Candidate(
          .parallelForward(chunk: b.k, threads: threads), passes: b.passes,
          predicted: (measured.overhead[b.k] ?? measured.fixed) + Double(1 + rounds) * b.pass,
          run: run(b.k, threads)))
    }
    return result
  }
}

/// A map ℝⁿ → ℝᵐ that does no arithmetic: every output is the first input. The drivers' time
/// on it is their own cost (seeding, arrays, tapes, zeroing adjoints), apart from f's.
@usableFromInline struct NullMap: VectorToVector {
  @usableFromInline let outputCount: Int
  @inlinable init(outputCount: Int) { self.outputCount = outputCount }
  @inlinable func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [T](repeating: x[0], count: outputCount)
  }
}

/// ``ModeAdvisor/onePass(_:_:_:_:_:)`` of f and of the null map at the lanes
/// ``Forward/withChunkWidth(_:_:)`` picks.
@usableFromInline struct OnePasses<S: RealScalar, F: VectorToVector>: ChunkWidthBody {
  @usableFromInline typealias Scalar = S
  @usableFromInline let x: [S], k: Int, f: F, null: NullMap, watch: Stopwatch
  @inlinable init(_ x: [S], _ k: Int, _ f: F, _ null: NullMap, _ watch: Stopwatch) {
    (self.x, self.k, self.f, self.null, self.watch) = (x, k, f, null, watch)
  }
  @inlinable func callAsFunction<P: SIMD & SendableMetatype>(_ lanes: P.Type) -> (Double, Double)
  where P.Scalar == S {
    (ModeAdvisor.onePass(x, k, f, watch, lanes), ModeAdvisor.onePass(x, k, null, watch, lanes))
  }
}
