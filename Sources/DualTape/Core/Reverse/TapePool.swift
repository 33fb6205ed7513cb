internal import Synchronization

#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

// Where tapes come from and where their memory goes.
//
// Each thread keeps its own idle tapes (a per-thread cache found through a pthread key), so
// taking and returning a tape locks nothing: independent gradients on T threads run T times as
// fast as on one. A tape whose buffers are far larger than its recent recordings shrinks when
// it is returned, one larger than `keptBytes` gives back what is beyond that at once (a 10⁸-node
// recording does not stay held), and a thread's tapes lose their buffers when the thread
// exits; their headers (a few dozen bytes each) are kept and reused, so a stale `Tracked` value
// that still points at one is detected safely, by its generation, for the life of the process.

/// The pool of tapes: a call takes a tape, records, sweeps and gives it back.
///
/// The typed ends (``acquire(_:)``, ``release(_:)``) are inlined into the drivers, so the
/// common path touches no generic metadata: it pops or pushes a raw address on the calling
/// thread's stack for the scalar type.
@usableFromInline
enum TapePool {
  /// Initial node capacity of a new tape (it grows by half as needed).
  @inlinable static var initialCapacity: Int { 1 << 12 }
  /// Recordings per window of the shrink policy: a tape whose capacity is over 4 times the
  /// largest recording of the current and previous windows is shrunk to 1.5 times that.
  @inlinable static var window: Int { 8 }
  /// The most bytes of buffers one idle tape keeps: a recording that grew its tape beyond this
  /// gives the rest back when it ends. Task-local so that a test can lower it for its own
  /// recordings only.
  @TaskLocal static var keptBytes = 256 << 20
  /// Headers of tapes whose thread exited, without buffers, by scalar type (as addresses).
  static let retired = Mutex<[ObjectIdentifier: [UInt]]>([:])
  /// Bytes held by all tapes' buffers in the process.
  static let bytes = Atomic<Int>(0)

  /// Takes an idle tape of the current thread, or makes one.
  @inlinable
  static func acquire<T: Differentiable>(_: T.Type) -> UnsafeMutablePointer<TapeStorage<T>> {
    if let raw = pop(ObjectIdentifier(T.self)) {
      return raw.assumingMemoryBound(to: TapeStorage<T>.self)
    }
    return makeTape(T.self)
  }

  /// Gives a tape back to the current thread's idle tapes, shrinking it if it is far larger
  /// than its recent recordings.
  @inlinable
  static func release<T: Differentiable>(_ tape: UnsafeMutablePointer<TapeStorage<T>>) {
    tape.pointee.recycle()
    // A header retires for good before its 32-bit generation could wrap (after 2³⁰
    // recordings), so a stale value's generation can never match again.
    if _slowPath(tape.pointee.generation >= UInt32.max - 7) {
      tape.pointee.freeBuffers()
      return
    }
    push(UnsafeMutableRawPointer(tape), ObjectIdentifier(T.self), TapeStorage<T>.self)
  }

  /// Pops an idle tape of the given scalar type from the calling thread's cache.
  @usableFromInline
  static func pop(_ type: ObjectIdentifier) -> UnsafeMutableRawPointer? {
    let cache = ThreadTapes.current()
    guard let s = cache.pointee.find(type) else { return nil }
    return cache.pointee.slots[s].pop()
  }

  @usableFromInline
  static func push(
    _ tape: UnsafeMutableRawPointer, _ type: ObjectIdentifier, _ kind: any PooledTape.Type
  ) {
    let cache = ThreadTapes.current()
    let s = cache.pointee.find(type) ?? cache.pointee.add(type, kind)
    cache.pointee.slots[s].push(tape)
  }

  @usableFromInline
  static func makeTape<T: Differentiable>(_: T.Type) -> UnsafeMutablePointer<TapeStorage<T>> {
    require(
      _isPOD(T.self),
      "Tracked<\(T.self)> needs a plain scalar (Double, Float or a Dual of them) for its tape.")
    if let address = retired.withLock({ $0[ObjectIdentifier(T.self)]?.popLast() }),
      let tape = UnsafeMutablePointer<TapeStorage<T>>(bitPattern: address)
    {
      tape.pointee.restoreBuffers()
      return tape
    }
    let tape = UnsafeMutablePointer<TapeStorage<T>>.allocate(capacity: 1)
    tape.initialize(to: TapeStorage(capacity: initialCapacity))
    return tape
  }

  /// Bytes held by the idle tapes of the calling thread (for tests and measurements).
  static func threadRetainedBytes() -> Int {
    let cache = ThreadTapes.current()
    var total = 0
    for s in 0..<cache.pointee.count {
      let slot = cache.pointee.slots[s]
      for k in 0..<slot.count { total += slot.kind.retainedBytes(slot.tapes[k]) }
    }
    return total
  }

  /// Bytes held by every tape's buffers in the process.
  static var retainedBytes: Int { bytes.load(ordering: .relaxed) }
}

extension TapeStorage {
  /// Called when the tape is given back: drops the trace and applies the shrink policy.
  @inlinable mutating func recycle() {
    windowPeak = Swift.max(windowPeak, count)
    windowRecordings += 1
    if windowRecordings >= TapePool.window {
      previousPeak = windowPeak
      windowPeak = 0
      windowRecordings = 0
    }
    let recent = Swift.max(windowPeak, previousPeak, TapePool.initialCapacity)
    count = 0
    let bound = Swift.min(4 * recent, keptCapacity)
    if _slowPath(trace != nil || capacity > bound || adjointCapacity > bound) {
      shrink(to: recent)
    }
  }

  /// Drops the trace and shrinks the buffers to about the recent recordings' size, at most
  /// `keptCapacity` nodes.
  @usableFromInline mutating func shrink(to recent: Int) {
    if let t = trace {
      TapeMemory.free(t, count: capacity)
      trace = nil
    }
    let bound = Swift.min(4 * recent, keptCapacity)
    if capacity > bound { resizeNodes(to: Swift.min(recent + recent / 2, keptCapacity)) }
    if adjointCapacity > bound { resizeAdjoints(to: Swift.min(recent, keptCapacity)) }
  }

  /// Frees the buffers, keeping the header (and its generation).
  @usableFromInline mutating func freeBuffers() {
    spareInputs = []
    if let t = trace { TapeMemory.free(t, count: capacity) }
    trace = nil
    TapeMemory.free(nodes, count: capacity)
    TapeMemory.free(adjoints, count: Swift.max(adjointCapacity, 1))
    nodes = UnsafeMutablePointer(bitPattern: MemoryLayout<TapeNode<T>>.alignment)!
    adjoints = UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment)!
    capacity = 0
    limit = 0
    count = 0
    adjointCapacity = 0
    zeroPrefix = 0
    windowPeak = 0
    previousPeak = 0
    windowRecordings = 0
  }

  /// Gives a header whose buffers were freed new, initial-size buffers.
  mutating func restoreBuffers() {
    capacity = TapePool.initialCapacity
    nodes = TapeMemory.resize(nil, from: 0, to: capacity)
    adjoints = TapeMemory.resize(nil, from: 0, to: 1)
    limit = capacity
  }
}

/// A tape's type-erased operations, for the per-thread cache.
@usableFromInline
protocol PooledTape {
  static func retainedBytes(_ tape: UnsafeMutableRawPointer) -> Int
  /// Frees the tape's buffers and files its header among the retired ones.
  static func retire(_ tape: UnsafeMutableRawPointer)
}

extension TapeStorage: PooledTape {
  @usableFromInline static func retainedBytes(_ tape: UnsafeMutableRawPointer) -> Int {
    tape.assumingMemoryBound(to: Self.self).pointee.retainedBytes
  }
  @usableFromInline static func retire(_ tape: UnsafeMutableRawPointer) {
    tape.assumingMemoryBound(to: Self.self).pointee.freeBuffers()
    let address = UInt(bitPattern: tape)
    TapePool.retired.withLock { $0[ObjectIdentifier(T.self), default: []].append(address) }
  }
}

/// The idle tapes of one thread: for each scalar type, a stack of tape addresses. Only its own
/// thread touches it, so it needs no lock.
struct ThreadTapes {
  struct Slot {
    var type: ObjectIdentifier
    var kind: any PooledTape.Type
    var tapes: UnsafeMutablePointer<UnsafeMutableRawPointer>
    var count = 0
    var capacity = 4

    init(type: ObjectIdentifier, kind: any PooledTape.Type) {
      self.type = type
      self.kind = kind
      tapes = .allocate(capacity: capacity)
    }

    mutating func pop() -> UnsafeMutableRawPointer? {
      if count == 0 { return nil }
      count -= 1
      return tapes[count]
    }

    mutating func push(_ tape: UnsafeMutableRawPointer) {
      if count == capacity { ThreadTapes.double(&tapes, count: count, capacity: &capacity) }
      (tapes + count).initialize(to: tape)
      count += 1
    }
  }
  var slots: UnsafeMutablePointer<Slot>
  var count = 0
  var capacity = 4

  init() { slots = .allocate(capacity: capacity) }

  /// The key under which each thread finds its cache; its destructor frees the tapes' buffers
  /// when the thread exits.
  static let key: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { raw in ThreadTapes.threadExited(raw) }
    require(status == 0, "could not create the thread-local tape cache (pthread_key_create).")
    return key
  }()

  /// The calling thread's cache, made on first use.
  @inline(__always)
  static func current() -> UnsafeMutablePointer<ThreadTapes> {
    if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: ThreadTapes.self) }
    let cache = UnsafeMutablePointer<ThreadTapes>.allocate(capacity: 1)
    cache.initialize(to: ThreadTapes())
    pthread_setspecific(key, cache)
    return cache
  }

  @inline(__always)
  func find(_ type: ObjectIdentifier) -> Int? {
    for s in 0..<count where slots[s].type == type { return s }
    return nil
  }

  mutating func add(_ type: ObjectIdentifier, _ kind: any PooledTape.Type) -> Int {
    if count == capacity { ThreadTapes.double(&slots, count: count, capacity: &capacity) }
    (slots + count).initialize(to: Slot(type: type, kind: kind))
    count += 1
    return count - 1
  }

  /// Moves a full buffer of `count` elements into one of twice the capacity.
  static func double<E>(_ p: inout UnsafeMutablePointer<E>, count: Int, capacity: inout Int) {
    let bigger = UnsafeMutablePointer<E>.allocate(capacity: 2 * capacity)
    bigger.moveInitialize(from: p, count: count)
    p.deallocate()
    p = bigger
    capacity *= 2
  }

  static func threadExited(_ raw: UnsafeMutableRawPointer?) {
    guard let cache = raw?.assumingMemoryBound(to: ThreadTapes.self) else { return }
    for s in 0..<cache.pointee.count {
      let slot = cache.pointee.slots[s]
      for k in 0..<slot.count { slot.kind.retire(slot.tapes[k]) }
      slot.tapes.deallocate()
    }
    cache.pointee.slots.deinitialize(count: cache.pointee.count)
    cache.pointee.slots.deallocate()
    cache.deinitialize(count: 1)
    cache.deallocate()
  }
}

/// The calling thread's identity (its `pthread_t` as a number), to which a recording is bound.
@usableFromInline func currentThreadIdentity() -> UInt {
  #if canImport(Glibc)
    UInt(pthread_self())
  #else
    UInt(bitPattern: pthread_self())
  #endif
}

/// Allocation of the tapes' buffers, counted in ``TapePool/bytes``.
enum TapeMemory {
  /// Resizes a buffer of plain elements from `old` to `new` slots, keeping the first
  /// min(old, new). Buffers of alignment ≤ 16 use `realloc`, which remaps large blocks instead
  /// of copying them.
  static func resize<E>(_ p: UnsafeMutablePointer<E>?, from old: Int, to new: Int)
    -> UnsafeMutablePointer<E>
  {
    let stride = MemoryLayout<E>.stride
    let result: UnsafeMutablePointer<E>
    if MemoryLayout<E>.alignment <= 16 {
      guard let raw = realloc(p.map(UnsafeMutableRawPointer.init), Swift.max(new, 1) * stride)
      else { outOfMemory(new * stride) }
      result = raw.bindMemory(to: E.self, capacity: new)
    } else {
      result = .allocate(capacity: Swift.max(new, 1))
      if let p {
        result.moveInitialize(from: p, count: Swift.min(old, new))
        p.deallocate()
      }
    }
    TapePool.bytes.add((new - old) * stride, ordering: .relaxed)
    return result
  }

  static func free<E>(_ p: UnsafeMutablePointer<E>, count: Int) {
    if MemoryLayout<E>.alignment <= 16 {
      #if canImport(Glibc)
        Glibc.free(p)
      #elseif canImport(Musl)
        Musl.free(p)
      #else
        Darwin.free(p)
      #endif
    } else {
      p.deallocate()
    }
    TapePool.bytes.subtract(count * MemoryLayout<E>.stride, ordering: .relaxed)
  }

  static func outOfMemory(_ bytes: Int) -> Never {
    dualTapeFailure(
      "could not allocate \(bytes >> 20) MB for a tape. Differentiate a smaller piece at a"
        + " time, or use forward mode for this function.")
  }

  /// The machine's physical memory in bytes (0 if unknown).
  static let physicalMemory: Int = {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let size = sysconf(Int32(_SC_PAGESIZE))
    return pages > 0 && size > 0 ? pages * size : 0
  }()

  /// Memory the process may still take without swapping or meeting the out-of-memory killer:
  /// on Linux `MemAvailable` (free memory plus the caches the kernel can drop), or less where
  /// the process's control group has a memory limit; elsewhere the physical memory, the best
  /// bound without a portable query. Task-local override for tests.
  static func availableMemory() -> Int? {
    if let testing = availableMemoryForTesting { return testing }
    #if os(Linux)
      let meminfo = readText("/proc/meminfo").flatMap(memAvailable(inMeminfo:))
      let group = readText("/sys/fs/cgroup/memory.max").flatMap { limit in
        readText("/sys/fs/cgroup/memory.current").flatMap { roomInGroup(max: limit, current: $0) }
      }
      if let available = [meminfo, group].compactMap({ $0 }).min() { return available }
    #endif
    return physicalMemory > 0 ? physicalMemory : nil
  }

  /// Replaces ``availableMemory()`` for the recordings a test makes in its own task.
  @TaskLocal static var availableMemoryForTesting: Int? = nil

  /// `MemAvailable` of /proc/meminfo's text, in bytes.
  static func memAvailable(inMeminfo text: String) -> Int? {
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let kilobytes = line.dropFirst("MemAvailable:".count).split(separator: " ").first
      return kilobytes.flatMap { Int($0) }.map { $0 * 1024 }
    }
    return nil
  }

  /// The room left under a control group's memory limit (cgroup v2 `memory.max` and
  /// `memory.current`), or nil without a limit (`max`).
  static func roomInGroup(max: String, current: String) -> Int? {
    let number = { (text: String) in Int(text.split(separator: "\n").first ?? "") }
    guard let limit = number(max), let used = number(current) else { return nil }
    return Swift.max(limit - used, 0)
  }

  /// A small text file's contents (at most 16 KB), or nil if it cannot be read.
  static func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes = [UInt8](repeating: 0, count: 16 << 10)
    let count = fread(&bytes, 1, bytes.count, file)
    return count > 0 ? String(decoding: bytes[..<count], as: UTF8.self) : nil
  }

  /// Memory kept free when a tape grows: the rest of the process and the system need some
  /// (the larger of 1/32 of the machine and 256 MB, at most 2 GB).
  static var headroom: Int { Swift.min(Swift.max(physicalMemory / 32, 256 << 20), 2 << 30) }

  /// Growths that need less than this go on without reading the available memory (a recording
  /// of a few million nodes does not pay for the query).
  static var smallGrowth: Int { 64 << 20 }

  /// Why a tape of `capacity` nodes must not grow to `newCapacity`, or nil if it may.
  ///
  /// The growth step is the estimate: a recording that needs it is heading past 2³¹ nodes (the
  /// 32-bit node indices) or past the memory available (the larger node array plus one
  /// adjoint per node for the sweep, beyond the adjoints already held, and ``headroom``), so
  /// it stops now with a message instead of running out later. The available memory is read
  /// only for a growth of ``smallGrowth`` or more.
  static func growthProblem(
    capacity: Int, newCapacity: Int, bytesPerNode: Int, adjointBytes: Int = 8,
    heldAdjointBytes: Int = 0, availableMemory: @autoclosure () -> Int?,
    headroom: Int = TapeMemory.headroom
  ) -> String? {
    let advice =
      " Differentiate a smaller piece at a time (for a sum of terms, add up the gradients of"
      + " the pieces), or use forward mode for this function."
    if newCapacity > Int(Int32.max) {
      return "the recording has reached \(capacity) operations and is heading past 2³¹"
        + " (\(Int32.max)), the most a tape's 32-bit node indices can address." + advice
    }
    let more =
      (newCapacity - capacity) * bytesPerNode
      + Swift.max(newCapacity * adjointBytes - heldAdjointBytes, 0)
    if more < smallGrowth && availableMemoryForTesting == nil { return nil }
    guard let available = availableMemory() else { return nil }
    if more + headroom > available {
      return "the recording has reached \(capacity) operations; to go on, its tape would need"
        + " \(megabytes(more)) more (the next block of nodes and the sweep's adjoints), but"
        + " only \(megabytes(available)) of memory is available (keeping \(megabytes(headroom))"
        + " free for the rest of the process and the system)." + advice
    }
    return nil
  }

  /// `1234 MB`.
  static func megabytes(_ bytes: Int) -> String { "\(bytes >> 20) MB" }
}
