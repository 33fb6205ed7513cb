import DualTape
import DualTapeSuite
import Synchronization
import Testing

// The parallel forward Jacobian equals the serial one bit for bit, for any thread count.

@Test(arguments: [1, 2, 3, 4, 7])
func parallelJacobianEqualsSerial(threads: Int) {
  let dense = DenseCoupled()
  let x = dense.input(count: 37)
  for k in [1, 3, 4, 8, 16] {
    #expect(
      Forward.parallelJacobian(at: x, chunkSize: k, threads: threads, of: dense)
        == Forward.jacobian(at: x, chunkSize: k, of: dense), "chunk \(k)")
  }
  let banded = BandedSinMapForTests(outputCount: 50)
  let y = (0..<64).map { 0.5 * sin(1.7 * Double($0) + 0.3) }
  #expect(
    Forward.parallelJacobian(at: y, threads: threads, of: banded)
      == Forward.jacobian(at: y, of: banded))
}

@Test func parallelJacobianWithDefaultThreadsAndOnePass() {
  let f = SphericalToCartesian()
  #expect(
    Forward.parallelJacobian(at: f.defaultInput, of: f)
      == Forward.jacobian(at: f.defaultInput, of: f))
}

private final class CallCounter: Sendable {
  let calls = Mutex(0)
}

private struct LengthChangesAfterFirstCall: VectorToVector {
  // Two outputs on the first call, one on every later call: a misuse the parallel driver
  // must report like the serial one.
  let counter = CallCounter()
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let call = counter.calls.withLock { c in
      c += 1
      return c
    }
    return call == 1 ? [x[0], x[1]] : [x[1]]
  }
}

@Test func parallelJacobianMisuse() async {
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.parallelJacobian(at: [1.0, 2], threads: 0, of: SphericalToCartesian())
    }, containing: "threads 0 is out of range")
  expectMessage(
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Forward.parallelJacobian(
        at: [1.0, 2, 3], chunkSize: 1, threads: 2, of: LengthChangesAfterFirstCall())
    }, containing: "must not depend on the input values")
}
