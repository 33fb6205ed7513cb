/// How a forward number chains a term partial · tangent: the type parameter `Edges` of
/// ``DualNumber`` and ``DualLanes``.
///
/// The edge policy drops a term whose factor is exactly zero, so that 0 · ∞ never turns a
/// derivative into NaN (see <doc:EdgeSemantics>). ``EdgeGuard`` applies it; ``Dual`` and
/// ``DualVector`` are the guarded types. Each rule application then pays one NaN test, which
/// the drivers save on their first run of a rank-2 function with an internal policy that
/// multiplies plainly (see "The unguarded first run" below). Both policies are the same
/// code: `guardsEdges` is a constant of the policy type, so the specialised rule has no test
/// left in it.
///
/// ## The unguarded first run
/// A function given as a rank-2 type (``VectorToScalar``, ``VectorToVector``) is generic, so
/// the drivers can run it first with plain multiplication and run it again guarded only if an
/// output tangent comes out NaN. The first run is then exact:
///
/// - Values are computed the same way under both policies (the guard touches tangents only),
///   so every comparison, branch and loop goes the same way.
/// - Each tangent lane of each intermediate is the same in both runs or NaN in the plain run:
///   inputs agree; an operation whose input lanes agree gives the same lane unless the plain
///   product is NaN (the guard changes nothing else); and a NaN input lane makes the plain
///   lane NaN, since every tangent is a sum of products with it (IEEE: NaN · 0 = NaN + x =
///   NaN). A value whose tangent is dropped (`withoutDerivative`, a branch not taken) is
///   dropped, lanes and all, in both runs alike. Nested numbers (forward-over-forward
///   Hessians) follow: the argument holds at each level, every component being a sum of
///   plain products.
/// - So an output lane that is not NaN in the plain run is the guarded one. The drivers check
///   every lane (also unseeded ones, which the guarded run's lane mask reads too) and re-run
///   guarded otherwise, so a rank-2 function may be evaluated twice at an edge point.
///   Closures are typed for one scalar and always run guarded, once.
public protocol EdgePolicy {
  /// Whether a term partial · tangent with an exactly zero factor is dropped (0 · ∞ = 0)
  /// rather than multiplied plainly (0 · ∞ = NaN).
  static var guardsEdges: Bool { get }
}

/// The edge policy of ``Dual`` and ``DualVector``: a term partial · tangent with an exactly
/// zero factor contributes exactly 0, at one NaN test per rule application.
public enum EdgeGuard: EdgePolicy {
  /// `true`: zero factors absorb infinite and NaN ones.
  @inlinable public static var guardsEdges: Bool { true }
}

/// Plain multiplication (0 · ∞ = NaN), for the rank-2 forward drivers' first run only (see
/// ``EdgePolicy``): its results are used where no tangent came out NaN.
@usableFromInline enum EdgeUnguarded: EdgePolicy {
  @inlinable static var guardsEdges: Bool { false }
}

extension EdgePolicy {
  /// `partial · tangent` under this policy: `chainTerm(evaluated:_:)`'s guarded product, or
  /// the plain one.
  @inlinable @inline(__always)
  static func chain<T: Differentiable>(_ partial: T, _ tangent: T) -> T {
    guardsEdges ? chainTerm(evaluated: partial, tangent) : partial * tangent
  }

  /// The prefix of the type's printed name: "" for the guarded types, "Unguarded" otherwise.
  @inlinable static var namePrefix: String { guardsEdges ? "" : "Unguarded" }
}

/// A dual number with the internal plain-multiplying policy (see ``EdgePolicy``); it nests.
@usableFromInline typealias UnguardedDual<T: Differentiable> = DualNumber<T, EdgeUnguarded>

/// ``DualVector`` with the internal plain-multiplying policy (see ``EdgePolicy``).
@usableFromInline typealias UnguardedDualVector<Partials: SIMD> = DualLanes<Partials, EdgeUnguarded>
where Partials.Scalar: RealScalar
