import DualTape

/// `lstm`: the loss of a stacked LSTM predicting the next character of a text (ADBench's LSTM)
/// as a function of its parameters (`objective`), and its gradient (`jacobian`).
enum LSTM {
  /// Sizes and data: l layers of b cells, c characters of b bits each.
  struct Data {
    let l: Int
    let b: Int
    let c: Int
    /// The main parameters (per layer: 4b weights, then 4b biases; gates forget, input,
    /// output, change), then the extra ones (b input weights, b output weights, b output
    /// biases).
    let parameters: [Double]
    /// Per layer: b hidden values, then b cell values.
    let state: [Double]
    /// The text, c rows of b bits.
    let sequence: [Double]
  }

  /// The mean negative log-likelihood of each next character, over the parameters.
  struct Objective: VectorToScalar {
    let data: Data

    func callAsFunction<T: Differentiable>(_ p: [T]) -> T {
      var state = data.state.map { T($0) }
      var layerInput = [T](repeating: 0, count: data.b)
      return p.withUnsafeBufferPointer { p in
        data.sequence.withUnsafeBufferPointer { sequence in
          state.withUnsafeMutableBufferPointer { state in
            layerInput.withUnsafeMutableBufferPointer { layerInput in
              loss(
                p.baseAddress!, sequence.baseAddress!, state.baseAddress!, layerInput.baseAddress!)
            }
          }
        }
      }
    }

    /// The loss over raw pointers: no bounds checks (nor calls to the array subscript, which
    /// the compiler left out of line for `Tracked` in the n·l·b loop).
    @inline(__always)
    func loss<T: Differentiable>(
      _ p: UnsafePointer<T>, _ sequence: UnsafePointer<Double>, _ state: UnsafeMutablePointer<T>,
      _ layerInput: UnsafeMutablePointer<T>
    ) -> T {
      let (l, b, c) = (data.l, data.b, data.c)
      let extra = 8 * l * b
      var total: T = 0
      for t in 0..<(c - 1) {
        for i in 0..<b { layerInput[i] = T(sequence[t * b + i]) * p[extra + i] }
        // Each layer reads the hidden values the layer below has just written (no copy).
        var input = UnsafePointer(layerInput)
        for layer in 0..<l {
          let w = p + 8 * b * layer
          let bias = w + 4 * b
          let h = state + 2 * b * layer
          let cell = h + b
          // fma: a·b + c, one fused node each on the tape (the same partials as a * b + c).
          for i in 0..<b {
            let forget = sigmoid(fma(input[i], w[i], bias[i]))
            let ingate = sigmoid(fma(h[i], w[b + i], bias[b + i]))
            let outgate = sigmoid(fma(input[i], w[2 * b + i], bias[2 * b + i]))
            let change = tanh(fma(h[i], w[3 * b + i], bias[3 * b + i]))
            cell[i] = fma(cell[i], forget, ingate * change)
            h[i] = outgate * tanh(cell[i])
          }
          input = UnsafePointer(h)
        }
        var sum: T = 2
        for i in 0..<b {
          layerInput[i] = fma(input[i], p[extra + b + i], p[extra + 2 * b + i])
          sum += exp(layerInput[i])
        }
        // Σ gᵢ(yᵢ − lse) as Σ gᵢyᵢ − (Σ gᵢ)·lse: one node per set bit and one for lse,
        // instead of two per set bit (gᵢ, the next character's bits, are plain numbers). A
        // character with no set bit adds nothing, as in the written-out sum (no 0 · log(sum)).
        var bits = 0.0
        for i in 0..<b where sequence[(t + 1) * b + i] != 0 {
          total += T(sequence[(t + 1) * b + i]) * layerInput[i]
          bits += sequence[(t + 1) * b + i]
        }
        if bits != 0 { total -= T(bits) * log(sum) }
      }
      return -total / T(Double((c - 1) * b))
    }
  }

  static func decode(_ input: JSONInput) throws -> Data {
    let main = try input.field("main_params").flatMatrix()
    guard main.rows >= 2, main.rows % 2 == 0, main.columns >= 4, main.columns % 4 == 0 else {
      throw ToolError(
        "input.main_params must have 2l rows (l ≥ 1 layers) of 4b numbers (b ≥ 1 cells).")
    }
    let l = main.rows / 2
    let b = main.columns / 4
    let extra = try input.field("extra_params").flatMatrix(rows: 3, columns: b)
    let state = try input.field("state").flatMatrix(rows: 2 * l, columns: b)
    let sequence = try input.field("sequence").flatMatrix(columns: b)
    guard sequence.rows >= 2 else {
      throw ToolError("input.sequence must have at least 2 characters (rows).")
    }
    return Data(
      l: l, b: b, c: sequence.rows, parameters: main.values + extra.values, state: state.values,
      sequence: sequence.values)
  }

  static let module = EvalModule(
    name: "lstm",
    functions: [
      (
        "objective",
        EvalFunction(
          driver: "primal (Double)", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in Objective(data: d)(d.parameters) },
          encode: { .number($0) })
      ),
      (
        "jacobian",
        EvalFunction(
          driver: "Reverse.gradient", decode: decode, prepare: { $0 },
          compute: { (d: inout Data) in Reverse.gradient(at: d.parameters, of: Objective(data: d))
          },
          encode: { .numbers($0) })
      ),
    ])
}
