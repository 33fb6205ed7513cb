internal import Synchronization

/// One entry of the Wengert list: `vᵢ = op(v_lhs, v_rhs)`, stored with its local partials.
///
/// The reverse sweep needs nothing else: `adj[lhs] += adj[i]·dl`, `adj[rhs] += adj[i]·dr`.
/// Node 0 is the *sink*: a unary operation points `rhs` at it, and so does any operand that is
/// a constant or whose partial is exactly zero. The sweep skips the sink, so such an operand
/// receives nothing (not even 0 · ∞). For `Double` a node is 24 bytes: two `Int32` indices
/// and two partials.
@frozen
public struct TapeNode<T> {
  /// Index of the first operand (0 for a constant).
  public var lhs: Int32
  /// Index of the second operand (0 for a constant or a unary operation).
  public var rhs: Int32
  /// ∂vᵢ/∂v_lhs, evaluated when the operation was recorded.
  public var dl: T
  /// ∂vᵢ/∂v_rhs, evaluated when the operation was recorded.
  public var dr: T

  @inlinable init(lhs: Int32, rhs: Int32, dl: T, dr: T) {
    self.lhs = lhs
    self.rhs = rhs
    self.dl = dl
    self.dr = dr
  }
}

/// What a recorded operation was, kept only when a recording is traced for printing.
public enum TapeOperation: UInt8, Sendable {
  case input, add, subtract, multiply, divide, negate
  case exp, expMinusOne, log, logOnePlus, sqrt, pow, sin, cos, atan2, tanh, abs
}

/// The operation, value and constant operands of a node, for ``WengertList``.
@usableFromInline
struct TraceEntry<T> {
  @usableFromInline var operation: TapeOperation
  @usableFromInline var value: T
  @usableFromInline var lhsConstant: T?
  @usableFromInline var rhsConstant: T?

  @inlinable init(operation: TapeOperation, value: T, lhsConstant: T?, rhsConstant: T?) {
    self.operation = operation
    self.value = value
    self.lhsConstant = lhsConstant
    self.rhsConstant = rhsConstant
  }
}

/// The storage of one tape: a flat, growable array of ``TapeNode``s plus the adjoint buffer.
///
/// A `TapeStorage` lives at a fixed address for the life of the process (tapes are pooled,
/// never freed), so a ``Tracked`` value can refer to its tape by a raw pointer: no reference
/// counting per operation. The node array itself may move when it grows.
///
/// `generation` changes when a recording starts and when it ends; every ``Tracked`` value
/// carries the generation it was made in, so a value from an ended recording, or from another
/// tape, is detected on its next operation.
@usableFromInline
struct TapeStorage<T: Differentiable> {
  @usableFromInline var nodes: UnsafeMutablePointer<TapeNode<T>>
  @usableFromInline var count: Int
  @usableFromInline var capacity: Int
  /// `capacity`, or 0 while tracing: every append past `limit` takes the slow path, which
  /// grows the arrays and writes the trace, so the fast path has a single bound check.
  @usableFromInline var limit: Int
  @usableFromInline var generation: UInt32
  @usableFromInline var adjoints: UnsafeMutablePointer<T>
  @usableFromInline var adjointCapacity: Int
  @usableFromInline var trace: UnsafeMutablePointer<TraceEntry<T>>?

  init(capacity: Int) {
    self.capacity = Swift.max(capacity, 16)
    nodes = .allocate(capacity: self.capacity)
    limit = self.capacity
    count = 0
    generation = 0
    adjointCapacity = 0
    adjoints = .allocate(capacity: 1)
    trace = nil
  }

  /// Starts a recording: forgets the previous one and reserves node 0 as the sink.
  @inlinable mutating func begin(traced: Bool) {
    generation &+= 1
    count = 0
    if traced {
      if trace == nil {
        trace = .allocate(capacity: capacity)  // the trace always has the nodes' capacity
      }
    } else if let t = trace {
      t.deallocate()
      trace = nil
    }
    limit = traced ? 0 : capacity
    _ = appendUnchecked(lhs: 0, dl: 0, rhs: 0, dr: 0, .input, value: 0, nil, nil)
  }

  /// Ends a recording: every value made during it becomes unusable.
  @inlinable mutating func end() { generation &+= 1 }

  /// Appends a node, checking that the operands belong to the current recording.
  ///
  /// The operation, value and constant operands are used only when tracing (slow path).
  @inlinable @inline(__always)
  mutating func append(
    generation g: UInt32, lhs: Int32, dl: T, rhs: Int32, dr: T,
    _ op: TapeOperation, value: T, _ lhsConstant: T?, _ rhsConstant: T?
  ) -> Int32 {
    if _slowPath(g != generation) { staleValueFailure() }
    return appendUnchecked(
      lhs: lhs, dl: dl, rhs: rhs, dr: dr, op, value: value, lhsConstant, rhsConstant)
  }

  @inlinable @inline(__always)
  mutating func appendUnchecked(
    lhs: Int32, dl: T, rhs: Int32, dr: T,
    _ op: TapeOperation, value: T, _ lhsConstant: T?, _ rhsConstant: T?
  ) -> Int32 {
    if _slowPath(count >= limit) {
      return appendSlow(
        TapeNode(lhs: lhs, rhs: rhs, dl: dl, dr: dr),
        TraceEntry(operation: op, value: value, lhsConstant: lhsConstant, rhsConstant: rhsConstant))
    }
    (nodes + count).initialize(to: TapeNode(lhs: lhs, rhs: rhs, dl: dl, dr: dr))
    let i = Int32(truncatingIfNeeded: count)
    count &+= 1  // cannot overflow: count < limit ≤ capacity ≤ Int32.max
    return i
  }

  /// Appends when the arrays are full or a trace is being kept.
  @usableFromInline @inline(never)
  mutating func appendSlow(_ node: TapeNode<T>, _ entry: TraceEntry<T>) -> Int32 {
    if count == capacity { grow() }
    (nodes + count).initialize(to: node)
    if let t = trace { (t + count).initialize(to: entry) }
    let i = Int32(truncatingIfNeeded: count)
    count += 1
    return i
  }

  /// Grows the node array (and the trace, if any) by half: O(log n) times in all, and at most
  /// 50% unused capacity for a large tape (doubling would allow 100%). Not inlined.
  @usableFromInline @inline(never)
  mutating func grow() {
    require(
      capacity < Int(Int32.max),
      "the tape is full (\(Int32.max) operations, 32-bit node indices). Differentiate a"
        + " smaller piece at a time, or use forward mode for this function.")
    let newCapacity = Swift.min(capacity + capacity / 2, Int(Int32.max))
    let newNodes = UnsafeMutablePointer<TapeNode<T>>.allocate(capacity: newCapacity)
    newNodes.moveInitialize(from: nodes, count: count)
    nodes.deallocate()
    nodes = newNodes
    if let t = trace {
      let newTrace = UnsafeMutablePointer<TraceEntry<T>>.allocate(capacity: newCapacity)
      newTrace.moveInitialize(from: t, count: count)
      t.deallocate()
      trace = newTrace
    }
    capacity = newCapacity
    limit = trace == nil ? capacity : 0
  }

  @usableFromInline @inline(never)
  func staleValueFailure() -> Never {
    dualTapeFailure(
      "a Tracked value was used after its recording ended (or in another recording on the same"
        + " tape). Tracked values live only inside the closure or function being differentiated:"
        + " do not store them in variables that outlive the call; pass plain numbers out instead.")
  }

  /// Makes the adjoint buffer hold at least `count` zeros up to `top`, and returns it.
  ///
  /// The buffer is sized to the recording (plus a quarter for the next, larger one), not to the
  /// node array's capacity, which may be up to 1.5 times larger.
  @inlinable mutating func zeroedAdjoints(through top: Int) -> UnsafeMutablePointer<T> {
    if adjointCapacity < count {
      adjoints.deallocate()
      adjointCapacity = count + count / 4
      adjoints = .allocate(capacity: adjointCapacity)
    }
    adjoints.initialize(repeating: 0, count: top + 1)
    return adjoints
  }

  /// The reverse sweep: propagates adjoints from node `top` down to node 1.
  ///
  /// `adj` must already hold the seeds (zeros elsewhere). Iterative, never recursive.
  /// Complexity: O(top), two multiply-adds per node.
  @inlinable func sweep(from top: Int, adjoints adj: UnsafeMutablePointer<T>) {
    var i = top
    while i > 0 {
      let node = nodes[i]
      let a = adj[i]
      // Writes to the sink are skipped: they are useless, and because every unary or
      // constant-operand node would write the same slot, they would form one long chain of
      // dependent stores (measured: 20-25% of the sweep on Rosenbrock).
      if node.lhs != 0 { adj[Int(node.lhs)] += a * node.dl }
      if node.rhs != 0 { adj[Int(node.rhs)] += a * node.dr }
      i -= 1
    }
  }
}

extension TapeStorage {
  /// The reverse sweep for one row of a Jacobian: like ``sweep(from:adjoints:)`` but nodes
  /// whose adjoint is exactly zero are skipped, since they contribute 0 · partial.
  ///
  /// In a row of a sparse or banded Jacobian most nodes below the output do not lead to it, so
  /// skipping saves most of the work. It differs from the plain sweep only where a partial is
  /// infinite or NaN (IEEE would give 0 · ∞ = NaN there; skipping gives the exact 0), as in
  /// ForwardDiff.jl's NaN-safe mode.
  @inlinable func sweepSkippingZeros(from top: Int, adjoints adj: UnsafeMutablePointer<T>) {
    var i = top
    while i > 0 {
      let a = adj[i]
      if a != 0 {
        let node = nodes[i]
        if node.lhs != 0 { adj[Int(node.lhs)] += a * node.dl }
        if node.rhs != 0 { adj[Int(node.rhs)] += a * node.dr }
      }
      i -= 1
    }
  }
}

/// The process-wide pool of tapes: a call takes a tape, records, sweeps and gives it back, so
/// storage is allocated once and reused (no page faults per call), and concurrent calls on
/// different threads each get their own tape.
@usableFromInline
enum TapePool {
  // Tape addresses by scalar type. Tapes are never freed: a stale Tracked value may still
  // point at one, and its generation check must stay safe to perform.
  static let free = Mutex<[ObjectIdentifier: [UInt]]>([:])  // addresses as bit patterns

  /// Initial node capacity of a new tape (grows by doubling as needed).
  static let initialCapacity = 1 << 12

  @usableFromInline
  static func acquire<T: Differentiable>(_: T.Type) -> UnsafeMutablePointer<TapeStorage<T>> {
    require(
      _isPOD(T.self),
      "Tracked<\(T.self)> needs a plain scalar (Double, Float or a Dual of them) for its tape.")
    let key = ObjectIdentifier(T.self)
    if let address = free.withLock({ $0[key]?.popLast() }),
      let tape = UnsafeMutablePointer<TapeStorage<T>>(bitPattern: address)
    {
      return tape
    }
    let tape = UnsafeMutablePointer<TapeStorage<T>>.allocate(capacity: 1)
    tape.initialize(to: TapeStorage(capacity: initialCapacity))
    return tape
  }

  @usableFromInline
  static func release<T: Differentiable>(_ tape: UnsafeMutablePointer<TapeStorage<T>>) {
    let key = ObjectIdentifier(T.self)
    let address = UInt(bitPattern: tape)
    free.withLock { $0[key, default: []].append(address) }
  }
}
