import DualTape
import DualTapePlot
import DualTapeSuite

// Forward chunk sizes: the chunked forward gradient of Rosenbrock with every chunk size, at
// several n, interleaved with the Double primal.

func chunkSection(_ plan: Plan, quick: Bool) -> BenchSection {
  let sizes = quick ? [16, 64] : [16, 64, 256, 1024]
  let chunks = quick ? [1, 4, 8, 16] : [1, 2, 3, 4, 6, 8, 12, 16]
  let f = Rosenbrock()
  var policy = plan.timing
  policy.caseBudget *= 1.5
  // ratios[i][k]: gradient time ÷ one Double evaluation at sizes[i], chunks[k].
  var ratios: [[Double]] = []
  for n in sizes {
    let x = f.input(count: n)
    let reference = Reverse.gradient(at: x, of: f)
    let runners =
      [Runner(.primal, .value) { f(x) }]
      + chunks.map { k in
        Runner(.forward, .gradient) { Forward.gradient(at: x, chunkSize: k, of: f) }
      }
    let results = runners.map { $0.compute() }
    for (k, r) in results.dropFirst().enumerated() {
      precondition(
        normwiseError(r, reference) <= CheckTolerance.engines,
        "chunk size \(chunks[k]), n = \(n): the forward gradient differs from the reverse one")
    }
    let first = runners.map { r in secondsForOneCall { r.compute() } }
    let t = timeInterleaved(runners, firstCallSeconds: first, policy: policy)
    ratios.append(t.dropFirst().map { pairedRatio($0, t[0]) ?? .nan })
  }
  let defaultChunk = Forward.defaultChunkSize(forInputCount: 1024)
  var md = """
    The chunked forward gradient of Rosenbrock (`Forward.gradient(at:chunkSize:of:)`, ⌈n/k⌉ \
    passes of k tangents) as a multiple of one `Double` evaluation of f, for every chunk size k \
    (interleaved, median of per-round ratios; every gradient checked against the reverse one). \
    The fastest k per row is in bold; the drivers' default is k = \(defaultChunk) from \
    n = \(defaultChunk) on.

    | n | \(chunks.map { "k = \($0)" }.joined(separator: " | ")) |
    | ---: |\(String(repeating: " ---: |", count: chunks.count))

    """
  for (i, n) in sizes.enumerated() {
    let best = ratios[i].enumerated().min { $0.element < $1.element }?.offset
    md += "| \(n) | "
    md += ratios[i].enumerated().map { k, r in
      k == best ? "**\(formatRatio(r))**" : formatRatio(r)
    }.joined(separator: " | ")
    md += " |\n"
  }
  md += "\n![Forward chunk-size sweep](Benchmarks/results/chunk-size.svg)\n"
  let chart = LineChart(
    title: "Forward gradient: cost per input against the chunk size k, Rosenbrock",
    subtitle: "gradient time ÷ (n × one Double evaluation of f); lower is better",
    x: Axis(
      "chunk size k: tangents per forward pass (log scale)", scale: .log,
      ticks: chunks.map(Double.init)),
    y: Axis(
      "time ÷ (n · one Double evaluation) (log scale)", scale: .log,
      format: { compactNumber($0) + "×" }),
    series: sizes.enumerated().map { i, n in
      Series(
        "n = \(n)", color: palette[i % palette.count],
        points: chunks.enumerated().map { k, c in (Double(c), ratios[i][k] / Double(n)) })
    },
    markers: [Marker(x: Double(defaultChunk), label: "default k = \(defaultChunk)")])
  let terminal = sizes.enumerated().map { i, n in
    "chunks n = \(pad(String(n), 4)): "
      + zip(chunks, ratios[i]).map { "k=\($0) \(formatRatio($1))" }.joined(separator: " ")
  }.joined(separator: "\n")
  return BenchSection(
    title: "Forward chunk sizes", markdown: md, svgs: [("chunk-size.svg", chart.svg)],
    terminal: terminal,
    json: [
      "default_chunk": .integer(defaultChunk),
      "chunks": .array(chunks.map { .integer($0) }),
      "rows": .array(
        sizes.enumerated().map { i, n in
          ["n": .integer(n), "gradient_cost": .array(ratios[i].map { .number($0) })]
        }),
    ])
}
