import DualTape
import Testing

// Colour counts on patterns with known optimal colourings, and validity of every colouring.

@Test(arguments: [ColoringOrder.natural, .largestFirst, .smallestLast])
func bandedColumnsTakeTheirWidth(order: ColoringOrder) {
  for (halfWidth, width) in [(0, 1), (1, 3), (2, 5)] {
    let p = KnownPatterns.banded(100, halfWidth: halfWidth)
    let columns = Coloring.columns(of: p, order: order)
    let rows = Coloring.rows(of: p, order: order)
    #expect(columns.isValidColumnColoring(of: p))
    #expect(rows.isValidRowColoring(of: p))
    #expect(columns.colorCount == width, "half width \(halfWidth), \(order)")
    #expect(rows.colorCount == width, "half width \(halfWidth), \(order)")
  }
}

@Test func diagonalTakesOneColour() {
  let p = KnownPatterns.banded(17, halfWidth: 0)
  #expect(Coloring.columns(of: p).colorCount == 1)
  #expect(Coloring.rows(of: p).colorCount == 1)
  let star = Coloring.star(ofSymmetric: p)
  #expect(star.colorCount == 1)
  #expect(star.isValidStarColoring(of: p))
}

@Test func arrowheadNeedsEveryColumnButTwoStarColours() {
  let p = KnownPatterns.arrowhead(40)
  // Greedy colourings measured: 7 columns colours, 6 star colours (smallest-last).
  let columns = Coloring.columns(of: p)
  #expect(columns.isValidColumnColoring(of: p))
  #expect(columns.colorCount == 40)  // the dense row makes every pair of columns conflict
  #expect(Coloring.rows(of: p).colorCount == 40)
  for order in [ColoringOrder.natural, .largestFirst, .smallestLast] {
    let star = Coloring.star(ofSymmetric: p, order: order)
    #expect(star.isValidStarColoring(of: p))
    #expect(star.colorCount == 2, "\(order)")
  }
}

@Test func tridiagonalStarColouringTakesThree() {
  for order in [ColoringOrder.natural, .largestFirst, .smallestLast] {
    let p = KnownPatterns.banded(64, halfWidth: 1)
    let star = Coloring.star(ofSymmetric: p, order: order)
    #expect(star.isValidStarColoring(of: p))
    #expect(star.colorCount == 3, "\(order)")
  }
}

@Test func laplacianStencilColourings() {
  // The column intersection graph of the 5-point stencil joins grid points at Manhattan
  // distance ≤ 2: it contains a 5-clique (a point and its 4 neighbours), so ≥ 5 colours, and
  // (i + 2j) mod 5 shows 5 suffice. The star chromatic number of a grid is 5 as well.
  let p = KnownPatterns.laplacian(side: 16)
  let optimal = Coloring(colors: (0..<256).map { ($0 / 16 + 2 * ($0 % 16)) % 5 })
  #expect(optimal.isValidColumnColoring(of: p))
  #expect(optimal.colorCount == 5)
  // Greedy colourings measured: 7 columns colours, 6 star colours (smallest-last).
  let columns = Coloring.columns(of: p)
  #expect(columns.isValidColumnColoring(of: p))
  #expect(columns.colorCount >= 5 && columns.colorCount <= 7)
  let star = Coloring.star(ofSymmetric: p)
  #expect(star.isValidStarColoring(of: p))
  #expect(star.colorCount >= 5 && star.colorCount <= 6)
}

@Test func validityCheckersRejectBadColourings() {
  let band = KnownPatterns.banded(10, halfWidth: 1)
  // Columns 0 and 1 share row 0.
  let bad = Coloring(colors: [0, 0, 1, 2, 0, 1, 2, 0, 1, 2])
  #expect(!bad.isValidColumnColoring(of: band))
  #expect(!bad.isValidRowColoring(of: band))
  // A proper 2-colouring of a path is not a star colouring: 0-1-2-3 uses two colours.
  let twoColours = Coloring(colors: (0..<10).map { $0 % 2 })
  #expect(!twoColours.isValidStarColoring(of: band))
  #expect(Coloring(colors: (0..<10).map { $0 % 3 }).isValidStarColoring(of: band))
  // The wrong length is never valid.
  #expect(!Coloring(colors: [0, 1, 2]).isValidColumnColoring(of: band))
}

@Test func randomPatternsGetValidColourings() {
  var state: UInt64 = 12345
  func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
  for trial in 0..<20 {
    let m = 5 + next(40)
    let n = 5 + next(40)
    var entries = [(Int, Int)]()
    var symmetric = [(Int, Int)]()
    for _ in 0..<(m + next(3 * n)) {
      let i = next(m)
      let j = next(n)
      entries.append((i, j))
      let a = next(n)
      let b = next(n)
      symmetric += [(a, b), (b, a)]
    }
    let p = SparsityPattern(rows: m, columns: n, entries: entries)
    let s = SparsityPattern(rows: n, columns: n, entries: symmetric)
    for order in [ColoringOrder.natural, .largestFirst, .smallestLast] {
      #expect(Coloring.columns(of: p, order: order).isValidColumnColoring(of: p), "trial \(trial)")
      #expect(Coloring.rows(of: p, order: order).isValidRowColoring(of: p), "trial \(trial)")
      #expect(
        Coloring.star(ofSymmetric: s, order: order).isValidStarColoring(of: s), "trial \(trial)")
    }
  }
}

/// An m × n pattern with every entry but those `missing` says.
private func densePattern(
  _ m: Int, _ n: Int, missing: (Int, Int) -> Bool = { _, _ in false }
) -> SparsityPattern {
  var starts = [0]
  var columns: [Int] = []
  for i in 0..<m {
    columns += (0..<n).filter { !missing(i, $0) }
    starts.append(columns.count)
  }
  return SparsityPattern(rows: m, columns: n, rowStarts: starts, columnIndices: columns)
}

@Test func denseColumnsTakeOneColourEach() {
  // A full row: every pair of columns conflicts, so column j gets colour j (no graph built).
  let p = densePattern(30, 20)
  let columns = Coloring.columns(of: p)
  #expect(columns.colors == Array(0..<20))
  #expect(columns.isValidColumnColoring(of: p))
  let rows = Coloring.rows(of: p)
  #expect(rows.colors == Array(0..<30))
  #expect(rows.isValidRowColoring(of: p))
}

@Test(arguments: [ColoringOrder.natural, .largestFirst, .smallestLast])
func largeColumnGraphsAreColouredWithoutBuildingThem(order: ColoringOrder) {
  // Past the graph limit (Σ over rows of entries² > 2²⁴). Dense but for the diagonal: no full
  // row, yet any two columns share a row, so every column needs its own colour.
  let p = densePattern(700, 700) { $0 == $1 }
  let columns = Coloring.columns(of: p, order: order)
  #expect(columns.isValidColumnColoring(of: p))
  #expect(columns.colorCount == 700)
  // A band of 81 entries per row over 4096 rows: the greedy colouring still finds the width.
  let band = KnownPatterns.banded(4096, halfWidth: 40)
  let bandColumns = Coloring.columns(of: band, order: order)
  #expect(bandColumns.isValidColumnColoring(of: band))
  #expect(bandColumns.colorCount == 81, "\(order)")
}

@Test func completeHessianPatternTakesOneStarColourEach() {
  for p in [densePattern(40, 40), densePattern(40, 40) { $0 == $1 }] {
    let star = Coloring.star(ofSymmetric: p)
    #expect(star.colors == Array(0..<40))
    #expect(star.isValidStarColoring(of: p))
  }
  // One off-diagonal entry short of complete: the greedy star colouring, still valid.
  let almost = densePattern(40, 40) { ($0, $1) == (3, 7) || ($0, $1) == (7, 3) }
  let star = Coloring.star(ofSymmetric: almost)
  #expect(star.isValidStarColoring(of: almost))
  #expect(star.colorCount == 39)
}
