internal import Dispatch

// Timing for the advisor: repeated calls until a batch lasts long enough to read the clock
// reliably, the fastest of a few batches (the least disturbed by other work).

/// Measures the seconds one call of a body takes.
@usableFromInline struct Stopwatch {
  /// How long one batch of calls should last, in seconds.
  @usableFromInline var batchSeconds: Double
  /// How many batches; the fastest counts.
  @usableFromInline var batches: Int

  @usableFromInline init(batchSeconds: Double = 2e-4, batches: Int = 3) {
    self.batchSeconds = batchSeconds
    self.batches = batches
  }

  /// The current time in seconds, monotonic.
  @usableFromInline static func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
  }

  /// The seconds per call of `body`: calls in batches of growing size until a batch lasts
  /// `batchSeconds`, then the fastest of `batches` batches of that size.
  @inlinable func seconds<R>(_ body: () -> R) -> Double {
    var reps = 1
    var best = Double.infinity
    var done = 0
    while done < batches {
      let start = Self.now()
      for _ in 0..<reps { blackHole(body()) }
      let elapsed = Self.now() - start
      // A call far longer than a batch is timed once more at most: its clock reading is
      // accurate, and repeating it would cost more than it tells.
      if reps == 1 && elapsed > 20 * batchSeconds {
        best = Swift.min(best, elapsed)
        done += 2
        continue
      }
      if elapsed < batchSeconds && reps < 1 << 20 {
        reps *= Swift.max(2, Swift.min(16, Int(batchSeconds / Swift.max(elapsed, 1e-9))))
        continue
      }
      best = Swift.min(best, elapsed / Double(reps))
      done += 1
    }
    return best
  }
}

/// Keeps a value alive so the optimiser cannot remove the computation that made it.
@usableFromInline @inline(never) @_optimize(none) func blackHole<T>(_ value: T) {}
