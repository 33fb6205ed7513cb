import DualTape

/// `kmeans`: the k-means cost Σᵢ minⱼ |Cⱼ − Pᵢ|² (`cost`) and the Newton direction J·H⁻¹ of
/// the centroids, H the (diagonal) Hessian (`dir`).
enum KMeans {
  /// The cost as a function of the k·d centroid coordinates, the points fixed.
  ///
  /// Each point's closest centroid is a choice on the values alone: piecewise constant, so its
  /// derivative is zero wherever it is defined. With `assignment` given (the choice made once
  /// at the point, in `Double`), only the chosen distances are computed with T: the tape
  /// records n·d terms, not n·k·d.
  struct Objective: VectorToScalar {
    let points: [Double]
    let d: Int
    var assignment: [Int]? = nil

    func callAsFunction<T: Differentiable>(_ c: [T]) -> T {
      let closest = assignment ?? Self.assign(points, c.map { withoutDerivative(at: $0) }, d)
      return c.withUnsafeBufferPointer { c in
        points.withUnsafeBufferPointer { points in
          var cost: T = 0
          for (i, j) in closest.enumerated() { cost += Self.distance(c, j * d, points, i * d, d) }
          return cost
        }
      }
    }

    /// Each point's closest centroid (the first of equally close ones).
    static func assign<T: Differentiable>(_ points: [Double], _ c: [T], _ d: Int) -> [Int] {
      c.withUnsafeBufferPointer { c in
        points.withUnsafeBufferPointer { points in
          (0..<(points.count / d)).map { i in
            var closest = 0
            var best = distance(c, 0, points, i * d, d)
            // Selects, not a branch: which centroid is closer is data-dependent, and a
            // mispredicted branch would stop the k distances from overlapping.
            for j in 1..<(c.count / d) {
              let dj = distance(c, j &* d, points, i &* d, d)
              let closer = dj < best
              best = closer ? dj : best
              closest = closer ? j : closest
            }
            return closest
          }
        }
      }
    }

    /// |C − P|² for the centroid at `start` in c and the point at `p` in `points`, d
    /// coordinates each, read through pointers to their first coordinates (no bounds or overflow
    /// checks in the n·k·d loop).
    @inline(__always)
    static func distance<T: Differentiable>(
      _ c: UnsafeBufferPointer<T>, _ start: Int, _ points: UnsafeBufferPointer<Double>, _ p: Int,
      _ d: Int
    ) -> T {
      let (centroid, point) = (c.baseAddress! + start, points.baseAddress! + p)
      var s: T = 0
      for l in 0..<d {
        let e = centroid[l] - T(point[l])
        s += e * e
      }
      return s
    }
  }

  struct Data {
    let points: [Double]
    let centroids: [Double]
    let d: Int
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let points = try input.field("points").flatMatrix()
    guard points.rows > 0, points.columns > 0 else {
      throw ToolError("input.points is empty; send at least one point of at least one coordinate.")
    }
    let centroids = try input.field("centroids").flatMatrix(columns: points.columns)
    guard centroids.rows > 0 else {
      throw ToolError("input.centroids is empty; send at least one centroid.")
    }
    return Data(points: points.values, centroids: centroids.values, d: points.columns)
  }

  /// The prepared `dir`: the objective and a Hessian plan for its diagonal pattern (the eval
  /// states it: each coordinate's cost is a sum of squares in that coordinate alone, so one
  /// colour, one Hessian–vector product).
  struct Prepared {
    let data: Data
    let objective: Objective
    let plan: SparseHessianPlan
  }

  static func prepare(_ data: Data) -> Prepared {
    let n = data.centroids.count
    let diagonal = SparsityPattern(
      rows: n, columns: n, rowStarts: Array(0...n), columnIndices: Array(0..<n))
    return Prepared(
      data: data, objective: Objective(points: data.points, d: data.d),
      plan: SparseHessianPlan(pattern: diagonal))
  }

  /// Gradient over Hessian diagonal, entry by entry.
  static func direction(_ p: inout Prepared) -> (values: [Double], d: Int) {
    let c = p.data.centroids
    var f = p.objective
    f.assignment = Objective.assign(p.data.points, c, p.data.d)
    let g = Reverse.gradient(at: c, of: f)
    let h = Reverse.sparseHessian(at: c, plan: p.plan, of: f)
    return (g.indices.map { g[$0] / h.values[$0] }, p.data.d)
  }

  /// k rows of d values.
  static func rows(_ r: (values: [Double], d: Int)) -> JSON {
    .array(
      stride(from: 0, to: r.values.count, by: r.d).map { .numbers(Array(r.values[$0..<$0 + r.d])) })
  }

  static let module = EvalModule(
    name: "kmeans",
    functions: [
      (
        "cost",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in Objective(points: d.points, d: d.d)(d.centroids) },
          encode: { .number($0) })
      ),
      (
        "dir",
        EvalFunction(
          driver: "Reverse.gradient / Reverse.sparseHessian (diagonal plan: one Hessian–vector"
            + " product, forward over reverse)",
          decode: decode, prepare: prepare, compute: direction,
          encode: rows)
      ),
    ])
}
