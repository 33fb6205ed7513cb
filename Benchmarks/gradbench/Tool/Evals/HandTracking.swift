import DualTape

/// `ht`: hand tracking (ADBench's): the distances between measured points and a skinned hand
/// model posed by 26 parameters θ (`objective`), and their Jacobian (`jacobian`). In the
/// "complicated" variant each point also has barycentric coordinates u on a triangle of the
/// model, which are variables too.
enum HandTracking {
  /// The model and the measurements. Matrices are row-major.
  struct Data {
    let theta: [Double]
    /// Two per point, or empty (the simple variant).
    let us: [Double]
    let parents: [Int]
    /// Per bone, the 4 × 4 transform relative to its parent and its inverse absolute one.
    let baseRelatives: [[Double]]
    let inverseBaseAbsolutes: [[Double]]
    /// Per vertex, its homogeneous position (4).
    let basePositions: [[Double]]
    /// Per vertex, its bones with nonzero skinning weight and those weights (zero weights
    /// contribute exactly nothing, so they are left out).
    let skin: [[(bone: Int, weight: Double)]]
    let triangles: [[Int]]
    let mirrored: Bool
    let correspondences: [Int]
    /// Per point, its measured position (3).
    let points: [[Double]]

    var complicated: Bool { !us.isEmpty }
    var bones: Int { parents.count }
  }

  /// The 3N residuals over the variables θ (26), then, in the complicated variant, u (2N).
  struct Objective: VectorToVector {
    let data: Data

    func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
      let positions = skinnedVertices(v)
      var err = [T]()
      err.reserveCapacity(3 * data.correspondences.count)
      for (i, c) in data.correspondences.enumerated() {
        for j in 0..<3 {
          let target: T
          if data.complicated {
            let t = data.triangles[c]
            let u0 = v[26 + 2 * i]
            let u1 = v[26 + 2 * i + 1]
            target =
              u0 * positions[t[0]][j] + u1 * positions[t[1]][j] + (1 - u0 - u1)
              * positions[t[2]][j]
          } else {
            target = positions[c][j]
          }
          err.append(T(data.points[i][j]) - target)
        }
      }
      return err
    }

    /// Every vertex posed by θ: each bone's transform from its Euler angles down the
    /// skeleton, the skinning weights, then the global rotation and translation.
    func skinnedVertices<T: Differentiable>(_ theta: [T]) -> [[T]] {
      let pose = poseParameters(theta)
      var absolutes = [[T]]()
      absolutes.reserveCapacity(data.bones)
      for b in 0..<data.bones {
        let relative = multiply(data.baseRelatives[b].map { T($0) }, euler(pose[b + 3]))
        absolutes.append(
          data.parents[b] == -1 ? relative : multiply(absolutes[data.parents[b]], relative))
      }
      let transforms = (0..<data.bones).map {
        multiply(absolutes[$0], data.inverseBaseAbsolutes[$0].map { T($0) })
      }
      let rotation = angleAxis(pose[0])
      let translation = pose[2]
      return data.basePositions.indices.map { vertex in
        var p: [T] = [0, 0, 0]
        let base = data.basePositions[vertex]
        for (bone, weight) in data.skin[vertex] {
          let m = transforms[bone]
          for r in 0..<3 {
            var s = m[4 * r] * T(base[0])
            for k in 1..<4 { s += m[4 * r + k] * T(base[k]) }
            p[r] += s * T(weight)
          }
        }
        if data.mirrored { p[0] = -p[0] }
        return (0..<3).map { r in
          rotation[3 * r] * p[0] + rotation[3 * r + 1] * p[1] + rotation[3 * r + 2] * p[2]
            + translation[r]
        }
      }
    }

    /// θ as 3-vectors: global rotation, scale (1), translation, then per bone its Euler
    /// angles (each finger: two angles at its base, one at each other joint).
    func poseParameters<T: Differentiable>(_ theta: [T]) -> [[T]] {
      var pose = [[T]](repeating: [0, 0, 0], count: data.bones + 3)
      pose[0] = Array(theta[0..<3])
      pose[1] = [1, 1, 1]
      pose[2] = Array(theta[3..<6])
      var t = 6
      var column = 5
      for _ in 0..<5 {
        for joint in 2...4 {
          pose[column][0] = theta[t]
          t += 1
          if joint == 2 {
            pose[column][1] = theta[t]
            t += 1
          }
          column += 1
        }
        column += 1
      }
      return pose
    }

    /// The 4 × 4 transform rotating by Euler angles (x, z, y order as stored): Rz·Ry·Rx.
    func euler<T: Differentiable>(_ xzy: [T]) -> [T] {
      let (cx, sx) = (cos(xzy[0]), sin(xzy[0]))
      let (cy, sy) = (cos(xzy[2]), sin(xzy[2]))
      let (cz, sz) = (cos(xzy[1]), sin(xzy[1]))
      // Rz·Ry·Rx written out.
      let r: [T] = [
        cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx,
        sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx,
        -sy, cy * sx, cy * cx,
      ]
      return [r[0], r[1], r[2], 0, r[3], r[4], r[5], 0, r[6], r[7], r[8], 0, 0, 0, 0, 1]
    }

    /// The 3 × 3 rotation by an angle-axis vector (the identity below norm 10⁻⁴).
    func angleAxis<T: Differentiable>(_ a: [T]) -> [T] {
      let norm = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2])
      if norm < T(0.0001) { return [1, 0, 0, 0, 1, 0, 0, 0, 1] }
      let x = a[0] / norm
      let y = a[1] / norm
      let z = a[2] / norm
      let s = sin(norm)
      let c = cos(norm)
      return [
        x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
        x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s,
        x * z * (1 - c) - y * s, z * y * (1 - c) + x * s, z * z + (1 - z * z) * c,
      ]
    }

    /// The product of two 4 × 4 matrices.
    func multiply<T: Differentiable>(_ a: [T], _ b: [T]) -> [T] {
      (0..<16).map { e in
        let i = e / 4
        let k = e % 4
        return a[4 * i] * b[k] + a[4 * i + 1] * b[4 + k] + a[4 * i + 2] * b[8 + k] + a[4 * i + 3]
          * b[12 + k]
      }
    }
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let theta = try input.field("theta").numbers(count: 26)
    let data = try input.field("data")
    let model = try data.field("model")
    let parents = try model.field("parents").integers(in: -1...1_000_000)
    let bones = parents.count
    for (b, p) in parents.enumerated() where p >= b {
      throw ToolError(
        "input.data.model.parents[\(b)] is \(p); a bone's parent must come before it.")
    }
    guard bones >= 22 else {
      throw ToolError("input.data.model has \(bones) bones; the hand model needs 22 (θ poses 20).")
    }
    func transforms(_ key: String) throws -> [[Double]] {
      let all = try model.field(key).elements().checkedCount(bones, "\(model.path).\(key)")
      return try all.map { try $0.flatMatrix(rows: 4, columns: 4).values }
    }
    let basePositions = try model.field("base_positions").matrix(columns: 4)
    let weights = try model.field("weights").matrix(rows: basePositions.count, columns: bones)
    let vertices = basePositions.count
    let triangles = try model.field("triangles").elements().map {
      try $0.integers(in: 0...(vertices - 1), count: 3)
    }
    let correspondences = try data.field("correspondences").integers(
      in: 0...Swift.max(0, vertices - 1))
    let points = try data.field("points").matrix(rows: correspondences.count, columns: 3)
    let us = try input.field("us").elements()
    if !us.isEmpty {
      guard us.count == correspondences.count else {
        throw ToolError(
          "input.us has \(us.count) entries; it must have one per correspondence"
            + " (\(correspondences.count)), or none (the simple variant).")
      }
      for c in correspondences where c >= triangles.count {
        throw ToolError(
          "input.data.correspondences names triangle \(c); the model has"
            + " \(triangles.count).")
      }
    }
    return Data(
      theta: theta, us: try us.flatMap { try $0.numbers(count: 2) }, parents: parents,
      baseRelatives: try transforms("base_relatives"),
      inverseBaseAbsolutes: try transforms("inverse_base_absolutes"),
      basePositions: basePositions,
      skin: weights.map { row in row.enumerated().filter { $0.1 != 0 }.map { ($0.0, $0.1) } },
      triangles: triangles, mirrored: try model.field("is_mirrored").bool(),
      correspondences: correspondences, points: points)
  }

  /// The residuals as a function of θ and one offset (δu₀, δu₁) added to every point's u.
  /// A point's residuals depend on its own u only, so ∂/∂δ is the Jacobian's u columns
  /// compressed into two (a column colouring known from the model: colour 26 + k for every
  /// uₖ); 28 inputs in all.
  struct Compressed: VectorToVector {
    let objective: Objective

    func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
      guard objective.data.complicated else { return objective(v) }
      var full = Array(v[0..<26])
      full.reserveCapacity(26 + objective.data.us.count)
      for (k, u) in objective.data.us.enumerated() { full.append(T(u) + v[26 + k % 2]) }
      return objective(full)
    }
  }

  /// The Jacobian in GradBench's layout: one row per residual; columns ∂/∂u₀ and ∂/∂u₁ of the
  /// row's own point (complicated variant only), then ∂/∂θ. One forward Jacobian of the
  /// compressed function: ⌈28 / 4⌉ passes.
  static func jacobian(_ data: inout Data) -> [[Double]] {
    let f = Compressed(objective: Objective(data: data))
    guard data.complicated else { return Forward.jacobian(at: data.theta, of: f).rowArrays }
    let j = Forward.jacobian(at: data.theta + [0, 0], of: f)
    return (0..<j.rows).map { r in [j[r, 26], j[r, 27]] + (0..<26).map { j[r, $0] } }
  }

  static let module = EvalModule(
    name: "ht",
    functions: [
      (
        "objective",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in Objective(data: d)(d.theta + d.us) },
          encode: { .numbers($0) })
      ),
      (
        "jacobian",
        EvalFunction(
          driver: "Forward.jacobian of θ and a shared u offset (the u columns compressed: 28"
            + " inputs, 7 passes of 4 tangents)",
          decode: decode, prepare: { $0 }, compute: jacobian, encode: { .matrix($0) })
      ),
    ])
}
