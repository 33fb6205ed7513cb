import DualTape
import DualTapeSuite
import Testing

// The many-inputs case: a reaction–diffusion field (N + 2 inputs), where the checkpointing
// example and benchmark show reverse mode with checkpoints beating forward mode. Its
// checkpointed gradient against the plain reverse gradient of the unrolled loop (to 1e-12),
// forward mode and a finite difference. A coarse grid (20 cells) and long steps keep the tests
// fast while the field still diffuses and reacts (D·h·N² = 0.2, as in the benchmark).

let coarseField = ReactionDiffusion(cells: 20, h: 0.5)

@Test(arguments: [(1, 1), (2, 1), (60, 1), (200, 3), (200, 12), (200, 199), (200, 400)])
func reactionDiffusionCheckpointedGradientEqualsThePlainOne(steps: Int, checkpoints: Int) {
  let loop = UnrolledDiffusion(coarseField, steps: steps)
  let v = loop.inputs()
  #expect(v.count == 22)
  let plain = Reverse.valueWithGradient(at: v, of: loop)
  let r = Reverse.checkpointedGradient(
    initialState: coarseField.initialField(), parameters: ReactionDiffusion.parameters,
    steps: steps, checkpoints: checkpoints, step: coarseField, loss: ReactionDiffusion.finalLoss)
  #expect(normwiseError(r.initialStateGradient + r.parameterGradient, plain.gradient) <= 1e-12)
  #expect(Swift.abs(r.value - plain.value) <= 1e-12 * Swift.abs(plain.value))
  #expect(r.report.forwardSteps == r.report.minimumForwardSteps)
  #expect(r.report.peakStoredStates <= Swift.min(checkpoints, steps))
  // Forward mode (⌈22/4⌉ = 6 passes) agrees with both.
  #expect(normwiseError(Forward.gradient(at: v, of: loop), plain.gradient) <= 1e-12)
  // The final field is the plain loop's.
  var u = coarseField.initialField()
  for i in 0..<steps { u = coarseField(u, ReactionDiffusion.parameters, step: i) }
  #expect(r.finalState == u)
}

@Test func reactionDiffusionGradientMatchesAFiniteDifference() {
  // Along v itself (every input scaled by 1 + t): d/dt L(v·(1 + t)) at 0 is g·v.
  let loop = UnrolledDiffusion(coarseField, steps: 300)
  let v = loop.inputs()
  let r = Reverse.checkpointedGradient(
    initialState: coarseField.initialField(), parameters: ReactionDiffusion.parameters,
    steps: 300, checkpoints: 6, step: coarseField, loss: ReactionDiffusion.finalLoss)
  let g = r.initialStateGradient + r.parameterGradient
  let directional = zip(g, v).reduce(0) { $0 + $1.0 * $1.1 }
  let fd = FiniteDifference.directionalDerivative(
    at: v, direction: v, method: .richardson, of: DiffusionLoss(loop: loop))[0]
  #expect(Swift.abs(fd - directional) <= 1e-8 * Swift.abs(directional))
  // Both coefficients matter: the loss depends on D and r.
  #expect(Swift.abs(g[20]) > 1e-3 && Swift.abs(g[21]) > 1e-3)
}

@Test func thePlainTapeGrowsByTheCountedNodesPerStep() {
  // The benchmark sizes the plain tape as nodes per step × k: every step records the same, so
  // a recording of k steps (here: the checkpointed driver's only step, made of k steps) grows
  // by exactly that per step.
  let perStep = plainTapeNodesPerStep(
    coarseField, initialState: coarseField.initialField(),
    parameters: ReactionDiffusion.parameters)
  #expect(perStep >= 3 * coarseField.cells)  // a few operations per cell
  func nodes(_ k: Int) -> Int {
    Reverse.checkpointedGradient(
      initialState: coarseField.initialField(), parameters: ReactionDiffusion.parameters,
      steps: 1, checkpoints: 1
    ) { u, p, _ in
      var u = u
      for i in 0..<k { u = coarseField(u, p, step: i) }
      return u
    } loss: { u, _ in
      u[0]
    }.report.peakTapeNodes
  }
  #expect(nodes(50) - nodes(5) == 45 * perStep)
}

/// The loop's loss as a one-output map, for a directional finite difference.
struct DiffusionLoss: VectorToVector {
  var loop: UnrolledDiffusion
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [loop(x)] }
}
