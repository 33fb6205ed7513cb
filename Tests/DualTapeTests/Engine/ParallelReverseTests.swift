import DualTape
import DualTapeSuite
import Testing

// The parallel reverse Jacobian and Hessian equal the serial ones bit for bit, for any number
// of threads: every row sweep and every chunk of columns runs the serial driver's arithmetic.

@Test(arguments: [1, 2, 3, 5, 64])
func parallelReverseJacobianEqualsSerial(threads: Int) {
  let dense = DenseCoupled()
  let x = dense.input(count: 37)
  #expect(
    Reverse.parallelJacobian(at: x, threads: threads, of: dense)
      == Reverse.jacobian(at: x, of: dense))
  let banded = BroydenTridiagonal()
  let y = banded.input(count: 41)
  #expect(
    Reverse.parallelJacobian(at: y, threads: threads, of: banded)
      == Reverse.jacobian(at: y, of: banded))
}

@Test func parallelReverseJacobianWithDefaultThreadsMatchesForward() {
  let f = BroydenTridiagonal()
  let x = f.input(count: 12)
  let parallel = Reverse.parallelJacobian(at: x, of: f)
  let forward = Forward.jacobian(at: x, of: f)
  #expect(GradientCheck.compare(parallel.elements, forward.elements, tolerance: .engines).passed)
}

@Test(arguments: [1, 2, 3, 8])
func parallelHessianEqualsSerial(threads: Int) {
  for n in [1, 3, 4, 9, 23] {
    let x = Rosenbrock().input(count: Swift.max(n, Rosenbrock().minimumCount))
    #expect(
      Reverse.parallelHessian(at: x, threads: threads, of: Rosenbrock())
        == Reverse.hessian(at: x, of: Rosenbrock()), "n = \(x.count)")
  }
  let x = (0..<17).map { 0.1 * Double($0) - 0.7 }
  let parallel = Reverse.parallelHessian(at: x, of: Rosenbrock())
  let nested = Forward.hessian(at: x, of: Rosenbrock())
  #expect(GradientCheck.compare(parallel.elements, nested.elements, tolerance: .engines).passed)
}

@Test func parallelReverseDriversRejectZeroThreads() async {
  await #expect(processExitsWith: .failure) {
    _ = Reverse.parallelJacobian(at: [1.0, 2], threads: 0, of: BroydenTridiagonal())
  }
  await #expect(processExitsWith: .failure) {
    _ = Reverse.parallelHessian(at: [1.0, 2], threads: 0, of: Rosenbrock())
  }
}
