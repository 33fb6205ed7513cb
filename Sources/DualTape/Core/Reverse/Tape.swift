internal import Synchronization

/// One entry of the Wengert list: `vᵢ = op(v_lhs, v_rhs)`, stored with its local partials.
///
/// The reverse sweep needs nothing else: `adj[lhs] += adj[i]·dl`, `adj[rhs] += adj[i]·dr`.
/// Node 0 is the *sink*: a unary operation points `rhs` at it, and so does any operand that is
/// a constant or whose partial is exactly zero. The sweep skips the sink, so such an operand
/// receives nothing (not even 0 · ∞). For `Double` a node is 24 bytes: two `Int32` indices
/// and two partials.
///
/// A *fused* node (`fma(a, b, c)`, a·b + c on three different recorded values) takes two
/// slots: slot k holds up to two more edges, slot k + 1 is the node itself, with a's and b's
/// edges and `lhs` stored as its bitwise complement (negative), which marks it. Slot k holds
/// c's edge (its `rhs` is the sink); no value refers to it, so its adjoint stays zero and the
/// sweep skips it. Where c is the node recorded just before with scale 1 (a product x·y, as
/// in a·b + x·y), slot k is that node itself: the fused node passes its adjoint on to x and y
/// too (four edges), and the node then passes on its own adjoint, from c's other uses, if any.
/// A fused node passes its adjoint to all its operands at once, without the intermediate
/// adjoints in between (fewer steps on the sweep's chain of dependent adjoints).
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

/// The operation, value and operands of a node, for ``WengertList`` and replay.
///
/// `lhsIndex`/`rhsIndex` are the operands' nodes even where the node routes an operand with a
/// zero partial to the sink (a replay at another point needs the operand); 0 for a constant.
@usableFromInline
struct TraceEntry<T> {
  @usableFromInline var operation: Primitive
  @usableFromInline var value: T
  @usableFromInline var lhsConstant: T?
  @usableFromInline var rhsConstant: T?
  @usableFromInline var lhsIndex: Int32 = 0
  @usableFromInline var rhsIndex: Int32 = 0

  @inlinable init(operation: Primitive, value: T, lhsConstant: T?, rhsConstant: T?) {
    self.operation = operation
    self.value = value
    self.lhsConstant = lhsConstant
    self.rhsConstant = rhsConstant
  }
}

/// The storage of one tape: a flat, growable array of ``TapeNode``s plus the adjoint buffer.
///
/// A `TapeStorage` header lives at a fixed address for the life of the process, so a
/// ``Tracked`` value can refer to its tape by a raw pointer: no reference counting per
/// operation. Its buffers (nodes, adjoints, trace) may move when they grow, shrink when the
/// pool sees they are far larger than recent recordings, and are freed when their thread
/// exits; the header, with its generation, is kept and reused (see ``TapePool``).
///
/// `generation` changes when a recording starts and when it ends and never wraps (a header
/// retires before it would); every ``Tracked`` value carries the generation it was made in, so
/// a value from an ended recording, or from another tape, is detected when it is next recorded
/// with or returned.
///
/// A recording belongs to the thread that began it (`owner`). Appending is unsynchronised, so
/// a value used on another thread (a `[Tracked]` shared with worker threads) would race on
/// `count`; the appends check the thread at every ``threadCheckInterval``-th node, where the
/// fast path's single bound (`limit`) already stops, so the check costs the fast path nothing.
@usableFromInline
struct TapeStorage<T: Differentiable> {
  @usableFromInline var nodes: UnsafeMutablePointer<TapeNode<T>>
  @usableFromInline var count: Int
  @usableFromInline var capacity: Int
  /// The next multiple of ``threadCheckInterval`` (at most `capacity`), or 0 while tracing:
  /// every append past `limit` takes the slow path, which checks the thread, grows the arrays
  /// and writes the trace, so the fast path has a single bound check.
  @usableFromInline var limit: Int
  /// The thread of the current recording (``currentThreadIdentity()``), set by `begin`.
  @usableFromInline var owner: UInt = 0
  /// The most nodes the pool lets this tape keep between recordings (from
  /// ``TapePool/keptBytes``, read when the tape grows); larger buffers are given back when the
  /// recording ends.
  @usableFromInline var keptCapacity = Int.max
  @usableFromInline var generation: UInt32
  @usableFromInline var adjoints: UnsafeMutablePointer<T>
  @usableFromInline var adjointCapacity: Int
  /// How many leading adjoints are known to be zero: a clearing sweep (see
  /// ``clearingSweep(from:inputCount:seed:read:)``) leaves the adjoints it used zero, so the
  /// next sweep needs no zeroing pass over them. 0 while a driver may be writing into them.
  @usableFromInline var zeroPrefix = 0
  @usableFromInline var trace: UnsafeMutablePointer<TraceEntry<T>>?
  /// The inputs array of the last small recording, kept so that the next one reuses its
  /// storage instead of allocating (see `Reverse.inputs(_:on:)`).
  @usableFromInline var spareInputs: [Tracked<T>] = []
  /// The pool's bookkeeping: the largest recordings of the current and the previous window
  /// of ``TapePool/window`` recordings.
  @usableFromInline var windowPeak = 0
  @usableFromInline var previousPeak = 0
  @usableFromInline var windowRecordings = 0
  /// Whether the current recording has a fused node (see ``TapeNode``): its sweep then takes
  /// ``SinkRoutedFused``.
  @usableFromInline var fusedNodes = false
  /// What a replayable recording keeps beyond the trace (rules, comparisons); nil otherwise.
  @usableFromInline var recorder: ReplayRecorder<T>? = nil

  init(capacity: Int) {
    self.capacity = Swift.max(capacity, 16)
    nodes = TapeMemory.resize(nil, from: 0, to: self.capacity)
    limit = self.capacity
    count = 0
    generation = 0
    adjointCapacity = 0
    adjoints = TapeMemory.resize(nil, from: 0, to: 1)
    trace = nil
  }

  /// Starts a recording: forgets the previous one and reserves node 0 as the sink.
  ///
  /// The generation's lowest bit says whether the recording is traced, so that ``Tracked``
  /// reads it from its operands instead of from the tape; the other 31 bits count.
  @inlinable mutating func begin(traced: Bool) {
    generation = (generation & ~1) &+ 2 | (traced ? 1 : 0)
    owner = currentThreadIdentity()
    count = 0
    fusedNodes = false
    if traced, trace == nil { makeTrace() }
    limit = traced ? 0 : Swift.min(capacity, Self.threadCheckInterval)
    _ = appendUnchecked(lhs: 0, dl: 0, rhs: 0, dr: 0, .input, value: 0, nil, nil)
  }

  /// Allocates the trace, with the nodes' capacity.
  @usableFromInline mutating func makeTrace() {
    trace = TapeMemory.resize(nil, from: 0, to: capacity)
  }

  /// Ends a recording: every value made during it becomes unusable.
  @inlinable mutating func end() { generation = (generation & ~1) &+ 2 }

  /// Nodes between two checks that the recording runs on its owner's thread. A thread that
  /// appends to another thread's recording is stopped at one of these (a loop of operations
  /// on shared values passes many). Measured (callgrind, Rosenbrock reverse gradient,
  /// n = 1000): 382.0 → 384.2 instructions per term, all of it in the slow path.
  @inlinable static var threadCheckInterval: Int { 64 }

  /// Appends a node of an untraced recording (the fast path of ``Tracked``'s `record`),
  /// checking that the operands belong to the current recording.
  @inlinable @inline(__always)
  mutating func push(generation g: UInt32, lhs: Int32, dl: T, rhs: Int32, dr: T) -> Int32 {
    if _slowPath(g != generation) { staleValueFailure() }
    if _slowPath(count >= limit) { reachedLimit() }
    (nodes + count).initialize(to: TapeNode(lhs: lhs, rhs: rhs, dl: dl, dr: dr))
    let i = Int32(truncatingIfNeeded: count)
    count &+= 1  // cannot overflow: count < capacity ≤ Int32.max
    return i
  }

  /// Appends the upper slot of a fused node (see ``TapeNode``) whose lower slot is the node
  /// just recorded. Returns the node's index.
  @inlinable @inline(__always)
  mutating func pushFused(generation g: UInt32, lhs: Int32, dl: T, rhs: Int32, dr: T) -> Int32 {
    fusedNodes = true
    return push(generation: g, lhs: ~lhs, dl: dl, rhs: rhs, dr: dr)
  }

  /// Appends a fused node a·b + c (see ``TapeNode``) of an untraced recording: its two slots,
  /// the addend's edges (`addend`) first. Returns the node's index (the second slot).
  @inlinable @inline(__always)
  mutating func pushFused(
    generation g: UInt32, lhs: Int32, dl: T, rhs: Int32, dr: T, addend: TapeNode<T>
  ) -> Int32 {
    if _slowPath(g != generation) { staleValueFailure() }
    if _slowPath(count &+ 1 >= limit) { reachedLimitForFused() }
    fusedNodes = true
    (nodes + count).initialize(to: addend)
    (nodes + count + 1).initialize(to: TapeNode(lhs: ~lhs, rhs: rhs, dl: dl, dr: dr))
    let i = Int32(truncatingIfNeeded: count &+ 1)
    count &+= 2  // cannot overflow: count + 1 < capacity ≤ Int32.max
    return i
  }

  /// Appends a node, checking that the operands belong to the current recording.
  ///
  /// The operation, value and constant operands are used only when tracing (slow path).
  @inlinable @inline(__always)
  mutating func append(
    generation g: UInt32, lhs: Int32, dl: T, rhs: Int32, dr: T,
    _ op: Primitive, value: T, _ lhsConstant: T?, _ rhsConstant: T?
  ) -> Int32 {
    if _slowPath(g != generation) { staleValueFailure() }
    return appendUnchecked(
      lhs: lhs, dl: dl, rhs: rhs, dr: dr, op, value: value, lhsConstant, rhsConstant)
  }

  @inlinable @inline(__always)
  mutating func appendUnchecked(
    lhs: Int32, dl: T, rhs: Int32, dr: T,
    _ op: Primitive, value: T, _ lhsConstant: T?, _ rhsConstant: T?
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

  /// Appends at a thread check, when the arrays are full or when a trace is being kept
  /// (specialised, as ``reachedLimit()``).
  @inlinable @inline(never)
  mutating func appendSlow(_ node: TapeNode<T>, _ entry: TraceEntry<T>) -> Int32 {
    reachedLimit()
    (nodes + count).initialize(to: node)
    if let t = trace { (t + count).initialize(to: entry) }
    let i = Int32(truncatingIfNeeded: count)
    count += 1
    return i
  }

  /// The appends' slow path, at `limit`: stops if the recording is used off its thread, grows
  /// the arrays when full, and sets the next `limit`. Inlinable, though never inlined, so that
  /// it is specialised for the scalar: an unspecialised call looks up the tape type's generic
  /// metadata each time (measured: 15 instructions more per Rosenbrock term).
  @inlinable @inline(never)
  mutating func reachedLimit() {
    if _slowPath(currentThreadIdentity() != owner) { foreignThreadFailure("Tracked") }
    if count == capacity { grow() }
    limit = trace == nil ? Swift.min(capacity, count + Self.threadCheckInterval) : 0
  }

  /// ``reachedLimit()`` for a fused node's two slots.
  @inlinable @inline(never)
  mutating func reachedLimitForFused() {
    reachedLimit()
    if count + 2 > capacity {
      grow()
      limit = Swift.min(capacity, count + Self.threadCheckInterval)
    }
  }

  /// Grows the node array (and the trace, if any) by half: O(log n) times in all, and at most
  /// 50% unused capacity for a large tape. Large buffers grow in place where the allocator can
  /// remap them (no copy). Stops with a message before a growth that would pass 2³¹ nodes or
  /// the memory available, rather than when memory has run out (or the out-of-memory killer
  /// has ended the process).
  @usableFromInline @inline(never)
  mutating func grow() {
    let newCapacity = capacity + capacity / 2
    let bytesPerNode =
      MemoryLayout<TapeNode<T>>.stride + (trace == nil ? 0 : MemoryLayout<TraceEntry<T>>.stride)
    let adjointBytes = MemoryLayout<T>.stride
    if let problem = TapeMemory.growthProblem(
      capacity: capacity, newCapacity: newCapacity, bytesPerNode: bytesPerNode,
      adjointBytes: adjointBytes, heldAdjointBytes: adjointCapacity * adjointBytes,
      availableMemory: TapeMemory.availableMemory())
    {
      dualTapeFailure(problem)
    }
    resizeNodes(to: newCapacity)
    keptCapacity = Swift.max(
      TapePool.keptBytes / (bytesPerNode + adjointBytes), TapePool.initialCapacity)
  }

  /// Gives the node array (and trace) `newCapacity` slots, keeping the first `count` nodes.
  mutating func resizeNodes(to newCapacity: Int) {
    nodes = TapeMemory.resize(nodes, from: capacity, to: newCapacity)
    if let t = trace { trace = TapeMemory.resize(t, from: capacity, to: newCapacity) }
    capacity = newCapacity
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
    _ = zeroAdjoints(through: top)
    zeroPrefix = 0  // the caller writes into them
    return adjoints
  }

  /// Makes the adjoints zero up to `top` (those left zero by a clearing sweep are not written
  /// again) and returns how many leading adjoints are zero now.
  @inlinable mutating func zeroAdjoints(through top: Int) -> Int {
    if adjointCapacity < count { resizeAdjoints(to: count + count / 4) }
    let zero = zeroPrefix
    if zero > top { return zero }
    (adjoints + zero).initialize(repeating: 0, count: top + 1 - zero)
    return top + 1
  }

  /// A sweep from `top` down to the `inputCount` input nodes, with the adjoints that `seed`
  /// sets (all zero before it, none above `top`); `read` reads the inputs' adjoints. Every
  /// adjoint it used is left zero (each one is cleared as the sweep reads it, the inputs' after
  /// `read`), so the next sweep skips the zeroing pass over the buffer (measured with callgrind
  /// on GradBench's ode gradient: 5 % fewer instructions at n = 10³, s = 10, 10 % at n = 10⁴,
  /// s = 10, where each of the ten steps is swept on its own). nil `top`: no sweep.
  @inlinable mutating func clearingSweep<R>(
    from top: Int?, inputCount n: Int, seed: (UnsafeMutablePointer<T>) -> Void,
    read: (UnsafeMutablePointer<T>) -> R
  ) -> R {
    let zero = zeroAdjoints(through: Swift.max(n, top ?? 0))
    zeroPrefix = 0
    let adj = adjoints
    if let top {
      seed(adj)
      sweep(from: top, downTo: n, adjoints: adj, clearing: true)
    }
    let result = read(adj + 1)
    (adj + 1).update(repeating: 0, count: n)
    zeroPrefix = zero
    return result
  }

  @usableFromInline mutating func resizeAdjoints(to newCapacity: Int) {
    // The kept prefix keeps its zeros; new slots are uninitialised.
    zeroPrefix = Swift.min(zeroPrefix, adjointCapacity, newCapacity)
    adjoints = TapeMemory.resize(adjoints, from: adjointCapacity, to: Swift.max(newCapacity, 1))
    adjointCapacity = newCapacity
  }

  /// Bytes held by this tape's buffers.
  var retainedBytes: Int {
    capacity * MemoryLayout<TapeNode<T>>.stride + adjointCapacity * MemoryLayout<T>.stride
      + (trace == nil ? 0 : capacity * MemoryLayout<TraceEntry<T>>.stride)
  }

  /// The reverse sweep: propagates adjoints from node `top` down to node 1 (see
  /// ``reverseSweep(_:from:downTo:adjoints:_:)``), with the tape's edge step ``SinkRouted``
  /// (``SinkRoutedFused`` where the recording has fused nodes).
  /// With `clearing`, each adjoint is set to zero once read (see
  /// ``clearingSweep(from:inputCount:seed:read:)``).
  @inlinable func sweep(
    from top: Int, downTo bottom: Int = 0, adjoints adj: UnsafeMutablePointer<T>,
    clearing: Bool = false
  ) {
    // Each case its own loop, `clearing` a constant in it.
    switch (fusedNodes, clearing) {
    case (false, false):
      reverseSweep(nodes, from: top, downTo: bottom, adjoints: adj, SinkRouted.self)
    case (false, true):
      reverseSweep(
        nodes, from: top, downTo: bottom, adjoints: adj, SinkRouted.self, clearing: true)
    case (true, false):
      reverseSweep(nodes, from: top, downTo: bottom, adjoints: adj, SinkRoutedFused.self)
    case (true, true):
      reverseSweep(
        nodes, from: top, downTo: bottom, adjoints: adj, SinkRoutedFused.self, clearing: true)
    }
  }
}

/// How a reverse sweep passes a node's adjoint to its operands: the edge policy's step for
/// one way of recording nodes (``SinkRouted`` for the tape, the replay's own for a replay).
@usableFromInline
protocol SweepEdges {
  /// Adds `a` · ∂node/∂operand to each operand's adjoint, leaving out the terms the edge
  /// policy drops.
  static func propagate<T: Differentiable>(
    _ node: TapeNode<T>, _ a: T, into adj: UnsafeMutablePointer<T>)
  /// The same for node `i` of `nodes`, where a node may span more than one slot (a fused
  /// node: see ``TapeNode``). The default reads the one slot.
  static func propagate<T: Differentiable>(
    _ nodes: UnsafePointer<TapeNode<T>>, _ i: Int, _ a: T, into adj: UnsafeMutablePointer<T>)
}

extension SweepEdges {
  @inlinable @inline(__always)
  static func propagate<T: Differentiable>(
    _ nodes: UnsafePointer<TapeNode<T>>, _ i: Int, _ a: T, into adj: UnsafeMutablePointer<T>
  ) {
    propagate(nodes[i], a, into: adj)
  }
}

/// The tape's edge step: an operand whose partial was exactly zero was sent to the sink
/// (node 0) when the node was recorded, so the sweep skips the sink and multiplies the rest.
@usableFromInline
enum SinkRouted: SweepEdges {
  @inlinable @inline(__always)
  static func propagate<T: Differentiable>(
    _ node: TapeNode<T>, _ a: T, into adj: UnsafeMutablePointer<T>
  ) {
    // Writes to the sink are skipped: they are useless, and because every unary or
    // constant-operand node would write the same slot, they would form one long chain of
    // dependent stores (measured: 20-25% of the sweep on Rosenbrock).
    if node.lhs != 0 { adj[Int(node.lhs)] += tapeProduct(a, node.dl) }
    if node.rhs != 0 { adj[Int(node.rhs)] += tapeProduct(a, node.dr) }
  }
}

/// The tape's edge step for a recording with fused nodes (see ``TapeNode``): ``SinkRouted``,
/// and for a fused node (negative `lhs`) its first operand (`lhs` complemented), its second,
/// and the addend's edges in the slot below. A recording without fused nodes is swept with
/// ``SinkRouted`` itself, so the test costs it nothing (measured: 2 instructions per node).
@usableFromInline
enum SinkRoutedFused: SweepEdges {
  @inlinable @inline(__always)
  static func propagate<T: Differentiable>(
    _ node: TapeNode<T>, _ a: T, into adj: UnsafeMutablePointer<T>
  ) {
    SinkRouted.propagate(node, a, into: adj)
  }

  @inlinable @inline(__always)
  static func propagate<T: Differentiable>(
    _ nodes: UnsafePointer<TapeNode<T>>, _ i: Int, _ a: T, into adj: UnsafeMutablePointer<T>
  ) {
    let node = nodes[i]
    if node.lhs >= 0 {
      SinkRouted.propagate(node, a, into: adj)
      return
    }
    let first = Int(~node.lhs)
    if first != 0 { adj[first] += tapeProduct(a, node.dl) }
    if node.rhs != 0 { adj[Int(node.rhs)] += tapeProduct(a, node.dr) }
    SinkRouted.propagate(nodes[i - 1], a, into: adj)
  }
}

/// The scalar reverse sweep of the tape and of a replay: propagates adjoints from node `top`
/// down to node `bottom + 1` over one node layout, ``TapeNode``.
///
/// `adj` must already hold the seeds (zeros elsewhere); with `clearing`, each node's adjoint
/// is set back to zero as it is read. Iterative, never recursive. Nodes
/// whose adjoint is exactly zero are skipped: in a row of a sparse or banded Jacobian most
/// nodes below the output do not lead to it, and a skipped node contributes an exact 0
/// where IEEE would give 0 · ∞ = NaN (as ForwardDiff.jl's NaN-safe mode). `Edges` passes the
/// others' adjoints on.
/// Complexity: O(top − bottom), at most two multiply-adds per node (four for a fused node).
@inlinable @inline(__always)
func reverseSweep<T: Differentiable, Edges: SweepEdges>(
  _ nodes: UnsafePointer<TapeNode<T>>, from top: Int, downTo bottom: Int,
  adjoints adj: UnsafeMutablePointer<T>, _ edges: Edges.Type, clearing: Bool = false
) {
  var i = top
  while i > bottom {
    let a = adj[i]
    // A node that no output depends on contributes nothing, not even 0 · ∞ = NaN where its
    // partial is infinite (sqrt at 0 in the branch not taken): the edge policy's rule, as
    // in forward mode, where a zero tangent is never multiplied.
    if !a.isExactlyZero {
      // Cleared as read (a node's edges lead only to lower nodes), for the next sweep. A zero
      // adjoint is +0 already (a slot starts at +0, and IEEE sums from +0 that are zero are
      // +0): no store, so its cache line stays clean where few nodes lead to the output.
      if clearing { adj[i] = 0 }
      Edges.propagate(nodes, i, a, into: adj)
    }
    i -= 1
  }
}

/// Stops for a recording appended to by a thread other than the one that began it (a scalar
/// or an array tape, whose values are `kind`): appends are unsynchronised, so such a use races
/// and gives wrong numbers.
@usableFromInline @inline(never)
func foreignThreadFailure(_ kind: String) -> Never {
  dualTapeFailure(
    "a \(kind) value was used on a thread other than the one running its recording (for"
      + " example [\(kind)] values shared with other threads or tasks inside the"
      + " differentiated function). A recording is appended to without locks, so it belongs"
      + " to the thread that called the Reverse driver: compute with its \(kind) values on"
      + " that thread only. To use several threads, give each its own Reverse call (each"
      + " thread records on its own tape) and combine the plain results, or use"
      + " Reverse.parallelJacobian.")
}

/// A partial times a scale or an adjoint on the tape. Machine numbers multiply plainly: an
/// exactly zero partial or scale sends its operand to the sink, so 0 · ∞ never reaches a live
/// node (`UnguardedDual` does too: its run is redone guarded where an entry is NaN). A
/// nested scalar (forward-over-reverse: `DualVector` or `Dual` values) can be zero in
/// its value while its derivative parts are not, so the operand stays live; there the product
/// drops each level's own 0 · ∞ terms (``chainTerm(evaluated:_:)``), as forward-over-forward
/// does. The type test folds away in specialised code.
@inlinable @inline(__always)
func tapeProduct<T: Differentiable>(_ a: T, _ b: T) -> T {
  if T.self == Double.self || T.self == Float.self || T.self == UnguardedDual<Double>.self
    || T.self == UnguardedDual<Float>.self
  {
    return a * b
  }
  return chainTerm(evaluated: a, b)
}
