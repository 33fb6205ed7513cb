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
      var out = [T]()
      out.reserveCapacity(3 * p)
      v.withUnsafeBufferPointer { v in
        data.features.withUnsafeBufferPointer { features in
          for i in 0..<p {
            let c = cameraSize * data.camera(i)
            let x = cameraSize * n + 3 * data.point(i)
            let w = v[weights + i]
            let proj = project(v, camera: c, point: x)
            out.append(w * (proj.0 - T(features[2 * i])))
            out.append(w * (proj.1 - T(features[2 * i + 1])))
          }
          for i in 0..<p {
            let w = v[weights + i]
            out.append(1 - w * w)
          }
        }
      }
      return out
    }

    /// The point at v[x...] seen by the camera at v[c...], in pixels.
    @inline(__always)
    func project<T: Differentiable>(_ v: UnsafeBufferPointer<T>, camera c: Int, point x: Int)
      -> (T, T)
    {
      let xo = (v[x] - v[c + 3], v[x + 1] - v[c + 4], v[x + 2] - v[c + 5])
      let r = rotate(v[c], v[c + 1], v[c + 2], xo)
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
    func rotate<T: Differentiable>(_ r0: T, _ r1: T, _ r2: T, _ pt: (T, T, T)) -> (T, T, T) {
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

  /// The errors as a function of 15 offsets added to every camera's 11 parameters, every
  /// point's 3 coordinates and every weight. Each error depends on one camera, one point and
  /// one weight, so ∂/∂offset is the Jacobian with its columns compressed into 15 (a column
  /// colouring known from the problem: colour k for parameter slot k of every camera, and so
  /// on).
  struct Compressed: VectorToVector {
    let objective: Objective

    func callAsFunction<T: Differentiable>(_ offsets: [T]) -> [T] {
      let d = objective.data
      var v = [T]()
      v.reserveCapacity(d.variables.count)
      for (k, x) in d.variables.enumerated() {
        let slot =
          k < cameraSize * d.n
          ? k % cameraSize
          : k < cameraSize * d.n + 3 * d.m ? cameraSize + (k - cameraSize * d.n) % 3 : 14
        v.append(T(x) + offsets[slot])
      }
      return objective(v)
    }
  }

  /// The Jacobian in compressed-row form (rows 2i and 2i + 1: observation i's camera, point
  /// and weight columns; row 2p + i: weight i), as GradBench's `manual` tool builds it, from
  /// one forward Jacobian of the compressed function (⌈15 / 4⌉ passes).
  static func jacobian(_ d: inout Data) -> SparseMatrix<Double> {
    let (n, m, p) = (d.n, d.m, d.p)
    let j = Forward.jacobian(
      at: [Double](repeating: 0, count: 15), of: Compressed(objective: Objective(data: d)))
    var starts = [0]
    var columns = [Int]()
    var values = [Double]()
    starts.reserveCapacity(3 * p + 1)
    columns.reserveCapacity(31 * p)
    values.reserveCapacity(31 * p)
    for i in 0..<p {
      let c = cameraSize * d.camera(i)
      let x = cameraSize * n + 3 * d.point(i)
      for r in (2 * i)...(2 * i + 1) {
        for k in 0..<cameraSize { columns.append(c + k) }
        columns += [x, x + 1, x + 2, cameraSize * n + 3 * m + i]
        for k in 0..<15 { values.append(j[r, k]) }
        starts.append(columns.count)
      }
    }
    for i in 0..<p {
      columns.append(cameraSize * n + 3 * m + i)
      values.append(j[2 * p + i, 14])
      starts.append(columns.count)
    }
    let pattern = SparsityPattern(
      rows: 3 * p, columns: d.variables.count, rowStarts: starts, columnIndices: columns)
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
          driver: "Forward.jacobian of 15 shared parameter offsets (the columns compressed by"
            + " parameter slot: 4 passes of 4 tangents)",
          decode: decode, prepare: { $0 }, compute: jacobian, encode: encodeJacobian)
      ),
    ])
}
