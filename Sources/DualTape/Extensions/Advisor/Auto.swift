internal import Synchronization

/// Drivers that choose the mode themselves: forward or reverse, the chunk width, dense or
/// sparse, one core or several, by asking ``ModeAdvisor`` once per function and size.
///
/// ```swift
/// let j = Auto.jacobian(at: x, of: f)     // first call: advice (measures), then the Jacobian
/// let k = Auto.jacobian(at: y, of: f)     // same type and size: one lookup, no measuring
/// Auto.advice(forJacobianAt: x, of: f)    // what it chose and why
/// ```
///
/// The decision is remembered per function type (and per value, for a `Hashable` function),
/// scalar type, derivative and input size, in a process-wide, thread-safe table. The result
/// is that of the chosen driver called directly (``Forward/jacobian(at:chunkSize:of:)-(_,Int?,_)``,
/// ``Reverse/jacobian(at:of:)-(_,VectorToVector)``, ``Forward/sparseJacobian(at:plan:of:)``, ...), bit for bit.
///
/// - Important: a sparse choice reuses the sparsity pattern detected at the first point; it
///   holds for the branches f takes there. Every call checks the pattern at its point (one more
///   tangent lane, sweep or Hessian–vector product; see ``Forward/sparseJacobian(at:plan:of:)``):
///   where f's sparsity differs (another branch, another parameter of a function value), the
///   pattern is detected again there, the remembered plan widened to cover both, and the
///   result computed with it. Values of a function type that is not `Hashable` share one
///   decision; make the type `Hashable` if its stored parameters change the output size.
public enum Auto {
  /// The Jacobian of f: ℝⁿ → ℝᵐ by the strategy ``ModeAdvisor`` recommends for f at this size.
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what the advisor may consider, on the first call for this function and size.
  ///   - f: the function, written generically; it may be evaluated concurrently.
  /// - Returns: the m × n Jacobian.
  /// - Complexity: the first call for a function and size runs the advisor (a few dozen
  ///   evaluations of f, capped by `options.budgetSeconds`); later calls one table lookup plus
  ///   the chosen driver.
  @inlinable public static func jacobian<S: RealScalar, F: VectorToVector & SendableMetatype>(
    at x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> Matrix<S> {
    let (key, advice) = jacobianDecision(x, options, f)
    switch advice.recommended {
    case .forward(let k): return Forward.jacobian(at: x, chunkSize: k, of: f)
    case .parallelForward(let k, let t):
      return Forward.parallelJacobian(at: x, chunkSize: k, threads: t, of: f)
    case .sparseForward, .sparseReverse:
      return denseMatrix(
        sparseJacobian(x, key, advice, forward: advice.recommended == .sparseForward, f))
    default: return Reverse.jacobian(at: x, of: f)
    }
  }

  /// The Jacobian of f: ℝⁿ → ℝᵐ as a sparse matrix, by the sparse strategy (compressed
  /// forward or compressed reverse) ``ModeAdvisor`` found cheaper for f at this size, with the
  /// pattern and colourings detected on the first call.
  ///
  /// ```swift
  /// let j = Auto.sparseJacobian(at: x, of: BandedMap())   // 3 colours whatever n is
  /// ```
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what the advisor may consider on the first call; sparsity is always used.
  ///   - f: the function, written generically.
  /// - Returns: the m × n Jacobian's nonzeros in the detected pattern. The pattern holds for
  ///   the branches f took at the first point (see ``SparsityPattern/jacobian(at:of:)``).
  @inlinable public static func sparseJacobian<S: RealScalar, F: VectorToVector & SendableMetatype>(
    at x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> SparseMatrix<S> {
    var sparse = options
    sparse.allowSparse = true
    let (key, advice) = jacobianDecision(x, sparse, f)
    let forward = advice.estimate(for: .sparseForward)?.cost ?? .infinity
    let reverse = advice.estimate(for: .sparseReverse)?.cost ?? .infinity
    return sparseJacobian(x, key, advice, forward: reverse >= forward, f)
  }

  /// The sparse Jacobian with the decision's plan, checked at x (see
  /// ``Forward/sparseJacobian(at:plan:of:)``). Where f's sparsity at x differs from the plan's
  /// pattern, the plan is widened to both patterns and remembered, and the Jacobian computed
  /// with it: points that alternate between branches stop re-detecting once both are covered.
  @inlinable static func sparseJacobian<S: RealScalar, F: VectorToVector>(
    _ x: [S], _ key: DecisionKey, _ advice: ModeAdvice, forward: Bool, _ f: F
  ) -> SparseMatrix<S> {
    widening(advice.jacobianPlan ?? SparseJacobianPlan(at: x, of: f), \.pattern) { plan in
      forward
        ? Forward.checkedSparseJacobian(x, plan, verify: true, f).map(\.jacobian)
        : Reverse.checkedSparseJacobian(x, plan, verify: true, f)
    } replan: { pattern in
      decisions.remember(advice.widened(jacobian: SparseJacobianPlan(pattern: pattern)), for: key)
        .jacobianPlan!
    }
  }

  /// Runs `checked` with `plan`; where it reports that f's pattern at the point differs,
  /// replans with the union of both patterns and runs again (the union covers the point, so
  /// the second run stands).
  @inlinable static func widening<Plan, Result>(
    _ plan: Plan, _ pattern: (Plan) -> SparsityPattern,
    _ checked: (Plan) -> PatternChecked<Result>, replan: (SparsityPattern) -> Plan
  ) -> Result {
    var plan = plan
    while true {
      switch checked(plan) {
      case .computed(let result): return result
      case .differs(let detected, _): plan = replan(pattern(plan).union(detected))
      }
    }
  }

  /// The gradient of f: ℝⁿ → ℝ by the strategy ``ModeAdvisor`` recommends (forward chunk mode
  /// of some width, on one or several threads, or reverse mode).
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what the advisor may consider, on the first call for this function and size.
  ///   - f: the function, written generically.
  /// - Complexity: as ``jacobian(at:options:of:)``.
  @inlinable public static func gradient<S: RealScalar, F: VectorToScalar & SendableMetatype>(
    at x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> [S] {
    let advice = self.advice(forGradientAt: x, options: options, of: f)
    switch advice.recommended {
    case .forward(let k): return Forward.gradient(at: x, chunkSize: k, of: f)
    case .parallelForward(let k, let t):
      return Forward.parallelJacobian(at: x, chunkSize: k, threads: t, of: ScalarAsVector(f: f))
        .elements
    default: return Reverse.gradient(at: x, of: f)
    }
  }

  /// The Hessian of f: ℝⁿ → ℝ by the strategy ``ModeAdvisor`` recommends
  /// (forward-over-reverse, forward-over-forward, or star-coloured sparse).
  ///
  /// - Parameters:
  ///   - x: the point, n ≥ 1 values.
  ///   - options: what the advisor may consider, on the first call for this function and size.
  ///   - f: the function, written generically.
  /// - Returns: the n × n Hessian.
  @inlinable public static func hessian<S: RealScalar, F: VectorToScalar>(
    at x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> Matrix<S> {
    let key = DecisionKey(.hessian, f, S.self, x.count, options)
    let advice = self.advice(forHessianAt: x, options: options, of: f)
    switch advice.recommended {
    case .forwardOverForward: return Forward.hessian(at: x, of: f)
    case .sparseForwardOverReverse:
      // Entries outside the pattern are zero in `dense()`; the second-order rule makes the
      // whole of row and column i NaN where ∂f/∂xᵢ is not finite, as the dense drivers do.
      // The plan is checked at x and widened where f's pattern differs, as for Jacobians.
      let r = widening(advice.hessianPlan ?? SparseHessianPlan(at: x, of: f), \.pattern) {
        Reverse.checkedSparseHessian(x, $0, verify: true, f)
      } replan: { pattern in
        decisions.remember(advice.widened(hessian: SparseHessianPlan(pattern: pattern)), for: key)
          .hessianPlan!
      }
      var h = r.hessian.dense()
      h.elements.withUnsafeMutableBufferPointer {
        SecondOrderDomain.mask($0, x.count, undefined: r.undefined)
      }
      return h
    default: return Reverse.hessian(at: x, of: f)
    }
  }

  /// The advice ``jacobian(at:options:of:)`` follows for f at x's size: remembered, or
  /// measured now and remembered.
  @inlinable public static func advice<S: RealScalar, F: VectorToVector & SendableMetatype>(
    forJacobianAt x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> ModeAdvice {
    jacobianDecision(x, options, f).advice
  }

  /// The Jacobian decision for f at x's size and the key it is remembered by.
  @inlinable static func jacobianDecision<S: RealScalar, F: VectorToVector & SendableMetatype>(
    _ x: [S], _ options: ModeAdvisor.Options, _ f: F
  ) -> (key: DecisionKey, advice: ModeAdvice) {
    let key = DecisionKey(.jacobian, f, S.self, x.count, options)
    if let advice = decisions.advice(for: key) { return (key, advice) }
    return (key, decisions.remember(ModeAdvisor.jacobian(at: x, options: options, of: f), for: key))
  }

  /// The advice ``gradient(at:options:of:)`` follows for f at x's size.
  @inlinable public static func advice<S: RealScalar, F: VectorToScalar & SendableMetatype>(
    forGradientAt x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> ModeAdvice {
    let key = DecisionKey(.gradient, f, S.self, x.count, options)
    if let advice = decisions.advice(for: key) { return advice }
    return decisions.remember(ModeAdvisor.gradient(at: x, options: options, of: f), for: key)
  }

  /// The advice ``hessian(at:options:of:)`` follows for f at x's size.
  @inlinable public static func advice<S: RealScalar, F: VectorToScalar>(
    forHessianAt x: [S], options: ModeAdvisor.Options = ModeAdvisor.Options(), of f: F
  ) -> ModeAdvice {
    let key = DecisionKey(.hessian, f, S.self, x.count, options)
    if let advice = decisions.advice(for: key) { return advice }
    return decisions.remember(ModeAdvisor.hessian(at: x, options: options, of: f), for: key)
  }

  /// How many decisions are remembered.
  public static var decisionCount: Int { decisions.count }

  /// How many calls found their decision remembered (a lookup) and how many had to advise.
  public static var lookups: (hits: Int, misses: Int) { decisions.lookups }

  /// Forgets every decision, so the next call of each function advises again (after the
  /// machine's load changed, or to re-detect a sparsity pattern).
  public static func forgetDecisions() { decisions.removeAll() }

  @usableFromInline static let decisions = DecisionTable()
}

/// What a decision is remembered by.
@usableFromInline struct DecisionKey: Hashable, @unchecked Sendable {
  let kind: DerivativeKind
  let function: ObjectIdentifier
  let value: AnyHashable?
  let scalar: ObjectIdentifier
  let inputCount: Int
  let allowSparse: Bool
  let allowParallel: Bool

  @inlinable init<F, S>(
    _ kind: DerivativeKind, _ f: F, _: S.Type, _ n: Int, _ options: ModeAdvisor.Options
  ) {
    self.init(
      kind: kind, function: ObjectIdentifier(F.self),
      value: (f as? any Hashable).map { AnyHashable($0) },
      scalar: ObjectIdentifier(S.self), inputCount: n, allowSparse: options.allowSparse,
      allowParallel: options.allowParallel)
  }

  @usableFromInline init(
    kind: DerivativeKind, function: ObjectIdentifier, value: AnyHashable?, scalar: ObjectIdentifier,
    inputCount: Int, allowSparse: Bool, allowParallel: Bool
  ) {
    self.kind = kind
    self.function = function
    self.value = value
    self.scalar = scalar
    self.inputCount = inputCount
    self.allowSparse = allowSparse
    self.allowParallel = allowParallel
  }
}

/// The process-wide table of decisions, behind a lock.
@usableFromInline final class DecisionTable: Sendable {
  private struct State {
    var table: [DecisionKey: ModeAdvice] = [:]
    var hits = 0
    var misses = 0
  }
  private let state = Mutex(State())

  @usableFromInline init() {}

  /// The remembered advice for `key`, counting the lookup.
  @usableFromInline func advice(for key: DecisionKey) -> ModeAdvice? {
    state.withLock { s in
      let found = s.table[key]
      if found == nil { s.misses += 1 } else { s.hits += 1 }
      return found
    }
  }

  /// Remembers `advice` for `key` and returns it.
  @usableFromInline func remember(_ advice: ModeAdvice, for key: DecisionKey) -> ModeAdvice {
    state.withLock { $0.table[key] = advice }
    return advice
  }

  var count: Int { state.withLock { $0.table.count } }
  var lookups: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }
  /// Forgets every decision. The keys hold users' function values, whose deinit is user code:
  /// they are released after unlocking, not under the lock.
  func removeAll() {
    let forgotten = state.withLock { s in
      defer { s = State() }
      return s
    }
    withExtendedLifetime(forgotten) {}
  }
}
