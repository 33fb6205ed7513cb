internal import Synchronization

/// One node of the operation-level tape: an operation, up to two operand nodes, the shape of
/// its value, and where its value and adjoint live in the tape's flat buffers.
@usableFromInline
struct ArrayNode<S: RealScalar> {
  @usableFromInline var operation: Primitive
  /// Whether any input (not constant) reaches this node; the sweep skips the others.
  @usableFromInline var needsGradient: Bool
  @usableFromInline var lhs: Int32
  @usableFromInline var rhs: Int32
  @usableFromInline var rows: Int
  @usableFromInline var columns: Int
  /// Offset of the value (and of the adjoint) in the flat buffers.
  @usableFromInline var offset: Int
  /// Offset of extra saved values (a softmax) in `values`, after the node's value.
  @usableFromInline var auxiliary: Int
  /// Offset of saved indices (labels, argmax positions) in `indices`.
  @usableFromInline var indexOffset: Int
  /// A constant of the operation (the factor of scale, the exponent of powInt, ...).
  @usableFromInline var parameter: S

  @inlinable var count: Int { rows * columns }
  @inlinable var shape: (rows: Int, columns: Int) { (rows, columns) }

  @inlinable init(
    operation: Primitive, needsGradient: Bool, lhs: Int32, rhs: Int32, rows: Int,
    columns: Int, offset: Int, auxiliary: Int, indexOffset: Int, parameter: S
  ) {
    self.operation = operation
    self.needsGradient = needsGradient
    self.lhs = lhs
    self.rhs = rhs
    self.rows = rows
    self.columns = columns
    self.offset = offset
    self.auxiliary = auxiliary
    self.indexOffset = indexOffset
    self.parameter = parameter
  }
}

/// The operation-level Wengert list: nodes in one array, every value and adjoint in one flat
/// buffer each (no allocation per node), swept backwards iteratively.
///
/// A matrix product, an elementwise function or a reduction is a single node with its own
/// adjoint rule, so recording a network costs a few nodes per layer instead of one per scalar
/// multiply-add.
@usableFromInline
final class ArrayTape<S: RealScalar> {
  @usableFromInline var nodes: [ArrayNode<S>] = []
  @usableFromInline var values: [S] = []
  @usableFromInline var adjoints: [S] = []
  @usableFromInline var indices: [Int] = []
  /// A work buffer for the sweep (a transposed factor).
  @usableFromInline var scratch: [S] = []
  /// Changes when a recording begins and ends; values carry the generation they were made in.
  @usableFromInline var generation: UInt32 = 0
  /// The thread of the current recording: a node appended from another stops (an operation
  /// costs far more than the check).
  @usableFromInline var owner: UInt = 0

  @usableFromInline init() {}

  /// Starts a recording, keeping the buffers' capacity from earlier recordings.
  @inlinable func begin() {
    generation &+= 1
    owner = currentThreadIdentity()
    nodes.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
    indices.removeAll(keepingCapacity: true)
  }

  /// Ends a recording: values made during it can no longer be used.
  @inlinable func end() { generation &+= 1 }

  /// Bytes held by the recording: nodes, values, adjoints and saved indices.
  @inlinable var byteCount: Int {
    nodes.count * MemoryLayout<ArrayNode<S>>.stride + values.count * MemoryLayout<S>.stride
      * 2 + indices.count * MemoryLayout<Int>.stride
  }

  /// Appends a node whose value (and `auxiliaryCount` saved values) start as zeros.
  @inlinable
  func append(
    _ operation: Primitive, _ lhs: Int32, _ rhs: Int32 = -1, rows: Int, columns: Int,
    parameter: S = 0, auxiliaryCount: Int = 0, indexCount: Int = 0
  ) -> Int32 {
    var needs = nodes[Int(lhs)].needsGradient
    if rhs >= 0 { needs = needs || nodes[Int(rhs)].needsGradient }
    return appendNode(
      operation, lhs, rhs, needs: needs, rows: rows, columns: columns, parameter: parameter,
      auxiliaryCount: auxiliaryCount, indexCount: indexCount)
  }

  @inlinable
  func appendNode(
    _ operation: Primitive, _ lhs: Int32, _ rhs: Int32, needs: Bool, rows: Int,
    columns: Int, parameter: S, auxiliaryCount: Int, indexCount: Int
  ) -> Int32 {
    require(nodes.count < Int(Int32.max), "the array tape is full (\(Int32.max) operations).")
    if _slowPath(currentThreadIdentity() != owner) { foreignThreadFailure("TrackedMatrix") }
    let offset = values.count
    values.append(contentsOf: repeatElement(0, count: rows * columns + auxiliaryCount))
    let indexOffset = indices.count
    if indexCount > 0 { indices.append(contentsOf: repeatElement(0, count: indexCount)) }
    nodes.append(
      ArrayNode(
        operation: operation, needsGradient: needs, lhs: lhs, rhs: rhs, rows: rows,
        columns: columns, offset: offset, auxiliary: offset + rows * columns,
        indexOffset: indexOffset, parameter: parameter))
    return Int32(nodes.count - 1)
  }

  /// Records a matrix as a leaf: an input (`needsGradient`) or a constant.
  @inlinable func leaf(_ m: Matrix<S>, needsGradient: Bool) -> Int32 {
    let i = appendNode(
      .leaf, -1, -1, needs: needsGradient, rows: m.rows, columns: m.columns, parameter: 0,
      auxiliaryCount: 0, indexCount: 0)
    let offset = nodes[Int(i)].offset
    values.withUnsafeMutableBufferPointer { v in
      for (k, e) in m.elements.enumerated() { v[offset + k] = e }
    }
    return i
  }

  /// The value of node `i` as a matrix.
  @inlinable func value(of i: Int32) -> Matrix<S> {
    let n = nodes[Int(i)]
    return Matrix(
      rows: n.rows, columns: n.columns, elements: Array(values[n.offset..<(n.offset + n.count)]))
  }

  /// The adjoint of node `i` after a sweep, as a matrix.
  @inlinable func adjoint(of i: Int32) -> Matrix<S> {
    let n = nodes[Int(i)]
    return Matrix(
      rows: n.rows, columns: n.columns,
      elements: Array(adjoints[n.offset..<(n.offset + n.count)]))
  }

  /// Runs `body` with the base address of the value buffer (valid only inside `body`).
  @inlinable func withValues<R>(_ body: (UnsafeMutablePointer<S>) -> R) -> R {
    values.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
  }
}

/// Recycles array tapes so that repeated gradients (a training loop) reuse their buffers.
///
/// Each thread keeps its own idle array tapes in the same per-thread cache as the scalar tapes
/// (``TapePool``), so taking and returning one locks nothing; a thread's idle tapes are freed
/// when it exits.
@usableFromInline
enum ArrayTapePool {
  @usableFromInline static func acquire<S: RealScalar>(_: S.Type) -> ArrayTape<S> {
    if let raw = TapePool.pop(ObjectIdentifier(ArrayTape<S>.self)) {
      return Unmanaged<ArrayTape<S>>.fromOpaque(raw).takeRetainedValue()
    }
    return ArrayTape<S>()
  }

  @usableFromInline static func release<S: RealScalar>(_ tape: ArrayTape<S>) {
    // A tape retires (is dropped) before its 32-bit generation could wrap, so a stale value's
    // generation can never match again.
    if tape.generation >= UInt32.max - 3 { return }
    let raw = Unmanaged.passRetained(tape).toOpaque()
    TapePool.push(raw, ObjectIdentifier(ArrayTape<S>.self), ArrayTape<S>.self)
  }
}

extension ArrayTape: PooledTape {
  @usableFromInline static func retainedBytes(_ tape: UnsafeMutableRawPointer) -> Int { 0 }
  /// Frees an idle array tape (its thread exited): no `Tracked` value points at it.
  @usableFromInline static func retire(_ tape: UnsafeMutableRawPointer) {
    Unmanaged<ArrayTape<S>>.fromOpaque(tape).release()
  }
}
