#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

// Perturbation confusion, the classic bug of nested forward mode: a closure given to an inner
// `Forward.derivative` captures a dual number of the outer call, and because Swift infers the
// inner variable to have the *same* type as the captured one, both perturbations travel in
// one tangent slot:
//
//     Forward.derivative(at: 1.0) { (x: Dual<Double>) in
//       x * Dual(constant: Forward.derivative(at: 1.0) { y in x + y }) }   // must be 1
//
// One pass would return d/dy (x + y) = 1 plus x's own tangent (1), so 2. ForwardDiff.jl tags
// each dual with the call that made it; a tag field would make every `Dual` bigger. Instead,
// a call made while another forward derivative is running on the same thread (the only way
// to capture an outer dual) evaluates the closure a second time with a zero seed: a nonzero
// tangent then can only have come in through a captured dual of the outer call, and the call
// stops with a message that shows the spelling that works. (Subtracting it would give the
// right inner number, but the inner result is a plain number, so the outer derivative would
// still miss how it depends on x: x · d/dy(x·y) would give 3 at x = 3, not 6.) An outermost
// call pays one thread-local increment and decrement: about 20 instructions.

extension Forward {
  /// f evaluated at `Dual(x, tangent: 1)`; stops if f captured a dual of an enclosing forward
  /// derivative at the same type (see above).
  @inlinable static func seeded<T: Differentiable>(at x: T, _ f: (Dual<T>) -> Dual<T>)
    -> Dual<T>
  {
    let (counter, depth) = ForwardNesting.enter()
    defer { counter.pointee = depth }
    let y = f(Dual(x, tangent: 1))
    if depth == 0 { return y }
    if !f(Dual(x, tangent: 0)).tangent.isExactlyZero { perturbationConfusionFailure() }
    return y
  }

  @usableFromInline @inline(never)
  static func perturbationConfusionFailure() -> Never {
    dualTapeFailure(
      "Forward.derivative: the function uses a dual number captured from an enclosing"
        + " Forward derivative of the same type, so the two derivatives would share one"
        + " tangent and the result would be wrong (perturbation confusion). Lift the inner"
        + " point one level and make the captured value a constant of it:"
        + " Forward.derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }."
        + " The result is then a Dual that carries the outer derivative too.")
  }
}

/// How many forward derivatives are running on this thread: a counter per thread, found
/// through one `pthread_getspecific` (about 15 instructions) and freed when the thread exits.
@usableFromInline
enum ForwardNesting {
  static let key: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, { $0?.deallocate() })
    require(status == 0, "could not create a thread-local key (pthread_key_create: \(status)).")
    return key
  }()

  /// This thread's counter.
  @usableFromInline static var counter: UnsafeMutablePointer<Int> {
    if let p = pthread_getspecific(key) { return p.assumingMemoryBound(to: Int.self) }
    return makeCounter()
  }

  @usableFromInline @inline(never) static func makeCounter() -> UnsafeMutablePointer<Int> {
    let p = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    p.initialize(to: 0)
    pthread_setspecific(key, p)
    return p
  }

  /// Increments the count and returns the counter and the count before.
  @inlinable static func enter() -> (UnsafeMutablePointer<Int>, Int) {
    let c = counter
    let depth = c.pointee
    c.pointee = depth + 1
    return (c, depth)
  }
}
