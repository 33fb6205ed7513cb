import DualTape

extension SplitMix64 {
  /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply-and-reject), so
  /// that a seed fixes every shuffle on every platform and Swift version.
  @inlinable public mutating func nextInt(below bound: Int) -> Int {
    require(bound > 0, "SplitMix64.nextInt(below:): the bound \(bound) must be positive.")
    let n = UInt64(bound)
    let threshold = (0 &- n) % n
    while true {
      let (high, low) = next().multipliedFullWidth(by: n)
      if low >= threshold { return Int(high) }
    }
  }

  /// A seeded random permutation of 0..<count (Fisher–Yates).
  @inlinable public mutating func permutation(of count: Int) -> [Int] {
    var p = Array(0..<count)
    var i = count - 1
    while i > 0 {
      p.swapAt(i, nextInt(below: i + 1))
      i -= 1
    }
    return p
  }
}

/// Splits sample indices into shuffled minibatches, reshuffled every epoch from a seed, so a
/// run is reproducible: the same seed gives the same batches in the same order.
///
/// ```swift
/// var batches = Minibatches(count: 150, batchSize: 32, seed: 2)
/// for batch in batches.nextEpoch() { /* batch: [Int], 32 indices (the last has 22) */ }
/// ```
public struct Minibatches: Sendable {
  /// The number of samples.
  public let count: Int
  /// The number of samples per batch (the last batch of an epoch may be smaller).
  public let batchSize: Int
  @usableFromInline var generator: SplitMix64

  /// Batches of `batchSize` out of `count` samples, shuffled from `seed`.
  @inlinable public init(count: Int, batchSize: Int, seed: UInt64) {
    require(count > 0, "Minibatches: there are no samples (count \(count)).")
    require(batchSize > 0, "Minibatches: the batch size \(batchSize) must be positive.")
    self.count = count
    self.batchSize = batchSize
    generator = SplitMix64(seed: seed)
  }

  /// The batches of the next epoch: a fresh shuffle of all samples, cut into batches.
  /// - Complexity: O(count).
  @inlinable public mutating func nextEpoch() -> [[Int]] {
    let order = generator.permutation(of: count)
    return stride(from: 0, to: count, by: batchSize).map {
      Array(order[$0..<Swift.min($0 + batchSize, count)])
    }
  }
}
