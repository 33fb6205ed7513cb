/// The interactions recorded while detecting a Hessian pattern: a list of nodes, each the
/// union of up to two earlier nodes plus the symmetric cross product `left × right`.
///
/// A value's Hessian pattern is the union of the cross products of every node reachable from
/// its node, so the pattern of the output is collected by one walk from the output (nodes
/// that do not lead to the output contribute nothing). Keeping the nodes in one array rather
/// than in linked objects makes both the walk and the release of a long chain iterative.
@usableFromInline
final class InteractionRecording {
  @usableFromInline var parents: [(Int32, Int32)] = []
  @usableFromInline var left: [InputIndexSet] = []
  @usableFromInline var right: [InputIndexSet] = []

  @usableFromInline init() {}

  /// Appends a node and returns its index.
  @inlinable func append(_ a: Int32, _ b: Int32, _ l: InputIndexSet, _ r: InputIndexSet) -> Int32 {
    parents.append((a, b))
    left.append(l)
    right.append(r)
    return Int32(parents.count - 1)
  }

  /// The symmetric pairs (i, j) of every node reachable from `root`, as one sorted, duplicate
  /// free list of sets per row.
  func pattern(from root: Int32, inputCount n: Int) -> [[Int]] {
    var rows = [[Int]](repeating: [], count: n)
    guard root >= 0 else { return rows }
    var visited = [Bool](repeating: false, count: parents.count)
    var stack: [Int32] = [root]
    visited[Int(root)] = true
    while let node = stack.popLast() {
      let k = Int(node)
      let others = right[k].indices
      for i in left[k].indices {
        for j in others {
          rows[Int(i)].append(Int(j))
          rows[Int(j)].append(Int(i))
        }
      }
      for p in [parents[k].0, parents[k].1] where p >= 0 && !visited[Int(p)] {
        visited[Int(p)] = true
        stack.append(p)
      }
    }
    return rows.map { Array(Set($0)).sorted() }
  }
}

/// The scalar that detects a Hessian's sparsity pattern by operator overloading.
///
/// Each value carries its primal (comparisons follow the detection point), the inputs it
/// depends on (its gradient pattern) and a node of an ``InteractionRecording`` standing for
/// its Hessian pattern. Sums and differences, negation and `abs` (piecewise linear) only join
/// their operands' patterns; a product `a·b` adds `∇a × ∇b`, a quotient `a/b` adds
/// `(∇a ∪ ∇b) × ∇b`, and a nonlinear function of `u` (one or two operands) adds `∇u × ∇u`.
/// This follows the second derivative of each operation, so the pattern is structural.
///
/// Branches: only the branch taken at the detection point is traced; re-detect elsewhere.
@usableFromInline
struct HessianTracer: PrimalTracer {
  /// The primal value at the detection point.
  @usableFromInline var value: Double
  /// The inputs this value depends on (its gradient's pattern).
  @usableFromInline var inputs: InputIndexSet
  /// Its interaction node, or -1 for none (a linear function of the inputs, or a constant).
  @usableFromInline var node: Int32
  /// The recording its node lives in; nil for a value with no node.
  @usableFromInline var recording: InteractionRecording?

  @inlinable init(
    _ value: Double, inputs: InputIndexSet, node: Int32, recording: InteractionRecording?
  ) {
    self.value = value
    self.inputs = inputs
    self.node = node
    self.recording = recording
  }

  /// A constant: no inputs, no interactions.
  @inlinable init(_ value: Double) {
    self.init(value, inputs: InputIndexSet(), node: -1, recording: nil)
  }

  @usableFromInline var description: String {
    "HessianTracer(\(value), inputs: \(inputs.indices))"
  }

  /// A constant zero.
  @inlinable var isExactlyZero: Bool { inputs.isEmpty && value == 0 }

  // MARK: Building blocks

  /// The result of an operation on `a` and `b` whose second derivative adds `l × r`
  /// (nothing when either is empty).
  @inlinable static func combine(
    _ value: Double, _ a: Self, _ b: Self, adding l: InputIndexSet, _ r: InputIndexSet
  ) -> Self {
    let inputs = InputIndexSet.union(a.inputs, b.inputs)
    let recording = a.recording ?? b.recording
    let adds = !l.isEmpty && !r.isEmpty
    if !adds {
      // A linear combination: join the operands' nodes without a new one where possible.
      if b.node < 0 || a.node == b.node && a.recording === b.recording {
        return Self(value, inputs: inputs, node: a.node, recording: recording)
      }
      if a.node < 0 { return Self(value, inputs: inputs, node: b.node, recording: recording) }
    }
    if let ra = a.recording, let rb = b.recording {
      require(
        ra === rb,
        "Sparsity detection: the function combined values from two different detections."
          + " Compute the result only from the inputs the detection passed in.")
    }
    let r0 = recording ?? InteractionRecording()
    let node = r0.append(a.node, b.node, adds ? l : InputIndexSet(), adds ? r : InputIndexSet())
    return Self(value, inputs: inputs, node: node, recording: r0)
  }

  /// A linear operation of one operand.
  @inlinable static func linear(_ value: Double, _ x: Self) -> Self {
    Self(value, inputs: x.inputs, node: x.node, recording: x.recording)
  }

  /// A nonlinear function of one operand: adds `∇x × ∇x`.
  @inlinable static func nonlinear(_ value: Double, _ x: Self) -> Self {
    combine(value, x, Self(0), adding: x.inputs, x.inputs)
  }

  /// A nonlinear function of two operands: adds `(∇a ∪ ∇b) × (∇a ∪ ∇b)`.
  @inlinable static func nonlinear(_ value: Double, _ a: Self, _ b: Self) -> Self {
    let u = InputIndexSet.union(a.inputs, b.inputs)
    return combine(value, a, b, adding: u, u)
  }

  // MARK: Arithmetic

  @_implements(AdditiveArithmetic,+(_:_:))

  @inlinable static func _sum(_ lhs: Self, _ rhs: Self) -> Self {
    combine(lhs.value + rhs.value, lhs, rhs, adding: InputIndexSet(), InputIndexSet())
  }
  @_implements(AdditiveArithmetic,-(_:_:))
  @inlinable static func _difference(_ lhs: Self, _ rhs: Self) -> Self {
    combine(lhs.value - rhs.value, lhs, rhs, adding: InputIndexSet(), InputIndexSet())
  }
  @_implements(Numeric,*(_:_:))
  @inlinable static func _product(_ lhs: Self, _ rhs: Self) -> Self {
    combine(lhs.value * rhs.value, lhs, rhs, adding: lhs.inputs, rhs.inputs)
  }
  @_implements(DifferentiableArithmetic,/(_:_:))
  @inlinable static func _quotient(_ lhs: Self, _ rhs: Self) -> Self {
    combine(
      lhs.value / rhs.value, lhs, rhs, adding: .union(lhs.inputs, rhs.inputs), rhs.inputs)
  }
  @inlinable mutating func negate() { self = Self.linear(-self.value, self) }
}
