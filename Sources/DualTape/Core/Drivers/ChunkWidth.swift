// The one place a chunk width chosen at run time becomes the SIMD type of the tangent lanes.
// Swift has no generic closures, so a driver states its chunked body once as a `ChunkWidthBody`
// (a small struct with a generic method) and `Forward.withChunkWidth` specialises it for
// SIMD2 … SIMD16; the switch below is the only list of widths.

/// A computation generic over the SIMD type that holds a chunk's tangent lanes: what a driver
/// runs once ``Forward/withChunkWidth(_:_:)`` has mapped its run-time width to `SIMD2`…`SIMD16`.
@usableFromInline protocol ChunkWidthBody {
  associatedtype Scalar: RealScalar
  associatedtype Result
  /// The body with `P.scalarCount` lanes (at least the width asked for).
  func callAsFunction<P: SIMD & SendableMetatype>(_ lanes: P.Type) -> Result
  where P.Scalar == Scalar
}

extension Forward {
  /// The widest chunk the drivers use: ``DualVector`` over `SIMD16`.
  public static let maximumChunkSize = 16

  /// Runs `body` with the narrowest SIMD type of at least `k` lanes (k in
  /// 1...``maximumChunkSize``; callers check it, a wider k gets `SIMD16`).
  @inlinable static func withChunkWidth<B: ChunkWidthBody>(_ k: Int, _ body: B) -> B.Result {
    switch k {
    case ...2: body(SIMD2<B.Scalar>.self)
    case 3...4: body(SIMD4<B.Scalar>.self)
    case 5...8: body(SIMD8<B.Scalar>.self)
    default: body(SIMD16<B.Scalar>.self)
    }
  }
}
