// The generic measurements behind ModeAdvisor: inlinable, so they are specialised for the
// user's function and scalar exactly as the drivers are, and time the same code.

extension ModeAdvisor {
  /// Times the primal, the fixed cost of a forward call and one pass per chunk width.
  @inlinable static func measureForward<S: RealScalar, F: VectorToVector>(
    _ x: [S], _ m: Int, _ f: F, _ measured: inout Measured
  ) {
    let n = x.count
    let watch = Stopwatch()
    measured.primal = watch.seconds { f(x) }
    measured.fixed = watch.seconds {
      (x.map { DualVector<SIMD4<S>>(constant: $0) }, [S](repeating: 0, count: m * n))
    }
    for k in chunkWidths where k == 1 || k / 2 < n {
      let t: Double
      switch k {
      case 1...2: t = onePass(x, k, f, watch, SIMD2<S>.self)
      case 3...4: t = onePass(x, k, f, watch, SIMD4<S>.self)
      case 5...8: t = onePass(x, k, f, watch, SIMD8<S>.self)
      default: t = onePass(x, k, f, watch, SIMD16<S>.self)
      }
      measured.passes.append((k, t))
    }
  }

  /// One forward pass with the first `k` inputs seeded in `P`'s lanes.
  @inlinable static func onePass<S: RealScalar, P: SIMD, F: VectorToVector>(
    _ x: [S], _ k: Int, _ f: F, _ watch: Stopwatch, _: P.Type
  ) -> Double where P.Scalar == S {
    var xs = x.map { DualVector<P>(constant: $0) }
    for i in 0..<Swift.min(k, x.count) { xs[i].partials[i] = 1 }
    return watch.seconds { f(xs) }
  }

  /// Times one recording (with the tape taken from the pool), one sweep of the middle output
  /// row (skipping zeros, as the Jacobian driver does) and one sweep of all outputs.
  @inlinable static func measureReverse<S: RealScalar, F: VectorToVector>(
    _ x: [S], _ f: F, _ measured: inout Measured
  ) {
    let n = x.count
    let watch = Stopwatch()
    measured.recording = watch.seconds { Reverse.record(x) { _, xs in f(xs).count } }
    let sweeps: (row: Double, all: Double, nodes: Int) = Reverse.record(x) { tape, xs in
      let outputs = f(xs).map { Reverse.outputIndex($0, tape, "ModeAdvisor") }
      let nodes = tape.pointee.count
      let middle = outputs.isEmpty ? nil : outputs[outputs.count / 2]
      let row = watch.seconds { () -> S in
        let top = Swift.max(middle ?? 0, n)
        let adj = tape.pointee.zeroedAdjoints(through: top)
        if let i = middle {
          adj[i] = 1
          tape.pointee.sweepSkippingZeros(from: i, adjoints: adj)
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
    measured.sweep = sweeps.row
    measured.fullSweep = sweeps.all
    measured.tapeNodes = sweeps.nodes
    measured.tapeBytes = sweeps.nodes * MemoryLayout<TapeNode<S>>.stride
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
      let cost = measured.fixed + Double(passes) * t
      result.append(Candidate(.forward(chunk: k), passes: passes, predicted: cost, run: run(k, 1)))
      if best == nil || cost < best!.cost { best = (k, passes, t, cost) }
    }
    let threads = Swift.min(processorCount, 64)
    if options.allowParallel, threads > 1, let b = best, b.passes >= 2 * threads {
      let rounds = (b.passes - 1 + threads - 1) / threads
      result.append(
        Candidate(
          .parallelForward(chunk: b.k, threads: threads), passes: b.passes,
          predicted: measured.fixed + Double(1 + rounds) * b.pass, run: run(b.k, threads)))
    }
    return result
  }
}
