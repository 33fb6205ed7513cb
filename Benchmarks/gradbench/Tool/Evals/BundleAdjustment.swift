import DualTape

/// `ba`: bundle adjustment (ADBench's): the reprojection errors of p observations of m points
/// by n cameras and the weight errors (`objective`), and their sparse Jacobian (`jacobian`).
/// GradBench sends one camera, one point, one weight and one feature, repeated; observation i
/// sees point i mod m from camera i mod n.
enum BundleAdjustment {
  /// Camera parameters: rotation (Rodrigues, 3), centre (3), focal length, principal point (2),
  /// radial distortion (2).
  static let cameraSize = 11

  struct Data {
    let n: Int
    let m: Int
    let p: Int
    /// The variables: n cameras, then m points (3 each), then p weights.
    let variables: [Double]
    /// Per observation: the feature's x and y.
    let features: [Double]

    func camera(_ i: Int) -> Int { i % n }
    func point(_ i: Int) -> Int { i % m }
  }

  /// The 2p reprojection errors, then the p weight errors, over all variables.
  struct Objective: VectorToVector {
    let data: Data

    func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
      let (n, m, p) = (data.n, data.m, data.p)
      let weights = cameraSize * n + 3 * m
      // Each entry written once through a pointer: appending checked the capacity and
      // uniqueness three times per observation.
      return [T](unsafeUninitializedCapacity: 3 * p) { out, count in
        v.withUnsafeBufferPointer { v in
          data.features.withUnsafeBufferPointer { features in
            for i in 0..<p {
              let c = cameraSize * data.camera(i)
              let x = cameraSize * n + 3 * data.point(i)
              let w = v[weights + i]
              let proj = Self.project(v, camera: c, point: x)
              (out.baseAddress! + 2 * i).initialize(to: w * (proj.0 - T(features[2 * i])))
              (out.baseAddress! + 2 * i + 1).initialize(to: w * (proj.1 - T(features[2 * i + 1])))
            }
            for i in 0..<p {
              let w = v[weights + i]
              (out.baseAddress! + 2 * p + i).initialize(to: 1 - w * w)
            }
          }
        }
        count = 3 * p
      }
    }

    /// The point at v[x...] seen by the camera at v[c...], in pixels.
    @inline(__always)
    static func project<T: Differentiable>(_ v: UnsafeBufferPointer<T>, camera c: Int, point x: Int)
      -> (T, T)
    {
      let xo = (v[x] - v[c + 3], v[x + 1] - v[c + 4], v[x + 2] - v[c + 5])
      let r = Self.rotate(v[c], v[c + 1], v[c + 2], xo)
      var px = r.0 / r.2
      var py = r.1 / r.2
      let rsq = px * px + py * py
      let distortion = 1 + v[c + 9] * rsq + v[c + 10] * rsq * rsq
      px = px * distortion
      py = py * distortion
      return (px * v[c + 6] + v[c + 7], py * v[c + 6] + v[c + 8])
    }

    /// The point `pt` rotated by the angle-axis vector (r0, r1, r2), Rodrigues' formula.
    @inline(__always)
    static func rotate<T: Differentiable>(_ r0: T, _ r1: T, _ r2: T, _ pt: (T, T, T)) -> (T, T, T) {
      let sqtheta = r0 * r0 + r1 * r1 + r2 * r2
      if sqtheta != 0 {
        let theta = sqrt(sqtheta)
        let cosine = cos(theta)
        let sine = sin(theta)
        let inverse = 1 / theta
        let w0 = r0 * inverse
        let w1 = r1 * inverse
        let w2 = r2 * inverse
        let c0 = w1 * pt.2 - w2 * pt.1
        let c1 = w2 * pt.0 - w0 * pt.2
        let c2 = w0 * pt.1 - w1 * pt.0
        let tmp = (w0 * pt.0 + w1 * pt.1 + w2 * pt.2) * (1 - cosine)
        return (
          pt.0 * cosine + c0 * sine + w0 * tmp, pt.1 * cosine + c1 * sine + w1 * tmp,
          pt.2 * cosine + c2 * sine + w2 * tmp
        )
      }
      return (
        pt.0 + (r1 * pt.2 - r2 * pt.1), pt.1 + (r2 * pt.0 - r0 * pt.2),
        pt.2 + (r0 * pt.1 - r1 * pt.0)
      )
    }
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let n = try input.field("n").integer(in: 1...100_000_000)
    let m = try input.field("m").integer(in: 1...100_000_000)
    let p = try input.field("p").integer(in: 1...100_000_000)
    let cam = try input.field("cam").numbers(count: cameraSize)
    let x = try input.field("x").numbers(count: 3)
    let w = try input.field("w").finite()
    let feat = try input.field("feat").numbers(count: 2)
    var variables = [Double]()
    variables.reserveCapacity(cameraSize * n + 3 * m + p)
    for _ in 0..<n { variables += cam }
    for _ in 0..<m { variables += x }
    variables += [Double](repeating: w, count: p)
    var features = [Double]()
    features.reserveCapacity(2 * p)
    for _ in 0..<p { features += feat }
    return Data(n: n, m: m, p: p, variables: variables, features: features)
  }

  /// The Jacobian's pattern in compressed-row form, as GradBench's `manual` tool builds it:
  /// rows 2i and 2i + 1 hold observation i's camera, point and weight columns, row 2p + i
  /// weight i. The arrays are written once, without zero-filling first: at 10⁶ observations
  /// they hold 250 MB, and every pass over them costs page faults and memory bandwidth.
  static func pattern(_ d: Data) -> SparsityPattern {
    let (n, m, p) = (d.n, d.m, d.p)
    let weights = cameraSize * n + 3 * m
    let starts = [Int](unsafeUninitializedCapacity: 3 * p + 1) { starts, count in
      starts[0] = 0
      for r in 0..<(2 * p) { starts[r + 1] = 15 * (r + 1) }
      for i in 0..<p { starts[2 * p + i + 1] = 30 * p + i + 1 }
      count = 3 * p + 1
    }
    let columns = [Int](unsafeUninitializedCapacity: 31 * p) { columns, count in
      var e = 0
      for i in 0..<p {
        let c = cameraSize * d.camera(i)
        let x = cameraSize * n + 3 * d.point(i)
        for _ in 0..<2 {
          for k in 0..<cameraSize { columns[e + k] = c + k }
          columns[e + 11] = x
          columns[e + 12] = x + 1
          columns[e + 13] = x + 2
          columns[e + 14] = weights + i
          e += 15
        }
      }
      for i in 0..<p { columns[30 * p + i] = weights + i }
      count = 31 * p
    }
    return SparsityPattern(
      rows: 3 * p, columns: d.variables.count, rowStarts: starts, columnIndices: columns)
  }

  /// Observation i's three errors (its two reprojection errors and its weight's error) as a
  /// function of its 15 variables: its camera's 11, its point's 3 and its weight.
  struct Observation: VectorToVector {
    var feature = (0.0, 0.0)

    func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
      v.withUnsafeBufferPointer { v in
        let proj = Objective.project(v, camera: 0, point: cameraSize)
        let w = v[cameraSize + 3]
        return [w * (proj.0 - T(feature.0)), w * (proj.1 - T(feature.1)), 1 - w * w]
      }
    }
  }

  /// The sparse Jacobian block by block, as the C++ tools build it: each observation's rows
  /// depend on its 15 variables only, so each 3 × 15 block is the Jacobian of ``Observation``
  /// on those variables (one pass of 15 tangents), by `Forward.elementJacobians`, written into
  /// the pattern's compressed rows. Measured against `Forward.sparseJacobian` over the whole
  /// problem with the problem's pattern and 15-colour column colouring
  /// (`SparseJacobianPlan(pattern:columnColoring:)`, one pass of 16 lanes with the plan
  /// check): a `Forward.jacobian` per block took 1.3x its instructions (callgrind, ba1) but
  /// 0.6-0.8x its time, as the whole problem's lane arrays (136 bytes per variable and per
  /// error) are page-faulted in at every call while a block stays in cache;
  /// `Forward.elementJacobians` then saves the per-block allocations and set-up: 0.65x the
  /// instructions of a `Forward.jacobian` per block (callgrind, ba1: 186 M per evaluate, 287 M
  /// before; CoDiPack's tool 341 M).
  static func jacobian(_ d: inout Data) -> SparseMatrix<Double> {
    let (n, p) = (d.n, d.p)
    let pattern = pattern(d)
    let weights = cameraSize * n + 3 * d.m
    // Every value is written once (rows 2i and 2i + 1: 15 entries each, in the block's column
    // order; row 2p + i: one), so the array is not zero-filled first (see `pattern`).
    let values = [Double](unsafeUninitializedCapacity: 31 * p) { values, count in
      d.variables.withUnsafeBufferPointer { v in
        d.features.withUnsafeBufferPointer { features in
          Forward.elementJacobians(count: p, inputCount: 15) { i, local in
            let c = cameraSize * d.camera(i)
            let x = cameraSize * n + 3 * d.point(i)
            for k in 0..<cameraSize { local[k] = v[c + k] }
            for k in 0..<3 { local[cameraSize + k] = v[x + k] }
            local[14] = v[weights + i]
            return Observation(feature: (features[2 * i], features[2 * i + 1]))
          } body: { i, block in
            for k in 0..<30 { values[30 * i + k] = block[k] }
            values[30 * p + i] = block[44]
          }
        }
      }
      count = 31 * p
    }
    return SparseMatrix(pattern: pattern, values: values)
  }

  /// The objective's output as GradBench compresses it: observation 0's errors and weight
  /// error 0, with the repeat count.
  static func encodeObjective(_ e: [Double], _ p: Int) -> JSON {
    .object([
      (
        "reproj_error", .object([("elements", .numbers([e[0], e[1]])), ("repeated", .integer(p))])
      ),
      ("w_err", .object([("element", .number(e[2 * p])), ("repeated", .integer(p))])),
    ])
  }

  /// The Jacobian as GradBench compresses it: the compressed-row arrays' first 30 entries
  /// (observation 0's two rows of 15) and their last entry.
  static func encodeJacobian(_ j: SparseMatrix<Double>) -> JSON {
    let k = 2 * (cameraSize + 4)
    func head(_ a: [Int]) -> JSON { .array((Array(a.prefix(k)) + [a.last!]).map { .integer($0) }) }
    return .object([
      ("rows", head(j.pattern.rowStarts)), ("cols", head(j.pattern.columnIndices)),
      ("vals", .numbers(Array(j.values.prefix(k)) + [j.values.last!])),
    ])
  }

  static let module = EvalModule(
    name: "ba",
    functions: [
      (
        "objective",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in (Objective(data: d)(d.variables), d.p) },
          encode: { encodeObjective($0.0, $0.1) })
      ),
      (
        "jacobian",
        EvalFunction(
          driver: "Forward.elementJacobians: one 3 x 15 block per observation (its 15"
            + " variables, one pass of 15 tangents), assembled into the compressed rows",
          decode: decode, prepare: { $0 }, compute: jacobian, encode: encodeJacobian)
      ),
    ])
}
