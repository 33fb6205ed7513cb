// Star colouring of a symmetric pattern (Gebremedhin, Manne, Pothen 2005, §4; Coleman & Moré
// 1984): a proper colouring in which every path on four vertices uses at least three colours.
// Then for every off-diagonal entry (i, j) either j is the only neighbour of i with j's colour
// or i is the only neighbour of j with i's colour, so H·(sum of the columns of one colour)
// holds each entry alone somewhere: direct recovery, no linear solves.

extension Coloring {
  /// A star colouring of the symmetric pattern's adjacency graph (off-diagonal entries are
  /// the edges), for Hessians.
  ///
  /// Greedy: each vertex v, in `order`, takes the smallest colour that neither a neighbour
  /// has nor would complete a two-coloured path on four vertices through v (as its end,
  /// v–w–x–y, or inside it, w′–v–w–x). Tridiagonal: 3 colours; arrowhead: 2; diagonal: 1;
  /// dense (every off-diagonal entry): n, variable i colour i, found without the graph.
  /// - Precondition: the pattern is symmetric (``SparsityPattern/isSymmetric``).
  /// - Complexity: O(Σ over vertices v of Σ over neighbours w of Σ over neighbours x of w of
  ///   deg x): O(n) for bounded degree, O(n²) for an arrowhead.
  public static func star(
    ofSymmetric pattern: SparsityPattern, order: ColoringOrder = .smallestLast
  ) -> Coloring {
    require(
      pattern.isSymmetric,
      "Coloring.star: the pattern is not symmetric (\(pattern.rows)x\(pattern.columns)); pass a"
        + " Hessian's pattern, for example from SparsityPattern.hessian(at:of:).")
    // Every variable meets every other: n colours, whatever the order (no graph needed).
    let n = pattern.rows
    let complete = (0..<n).allSatisfy { i in
      pattern.rowStarts[i + 1] - pattern.rowStarts[i] - (pattern.contains(i, i) ? 1 : 0) == n - 1
    }
    if complete { return Coloring(colors: Array(0..<n)) }
    let graph = AdjacencyGraph.symmetric(pattern)
    var color = [Int](repeating: -1, count: n)
    var forbidden = [Int](repeating: -1, count: n + 1)
    var neighborColorCount = [Int](repeating: 0, count: n + 1)
    var countStamp = [Int](repeating: -1, count: n + 1)
    for v in graph.ordering(order) {
      // Distance 1: no neighbour's colour; count how many neighbours have each colour.
      for w in graph.adjacent(v) where color[w] >= 0 {
        let c = color[w]
        forbidden[c] = v
        if countStamp[c] != v {
          countStamp[c] = v
          neighborColorCount[c] = 0
        }
        neighborColorCount[c] += 1
      }
      // Two-coloured paths on four vertices through v, with colour(x) as v's colour.
      for w in graph.adjacent(v) where color[w] >= 0 {
        let cw = color[w]
        let twin = neighborColorCount[cw] >= 2  // w′–v–w–x
        for x in graph.adjacent(w) where x != v && color[x] >= 0 && forbidden[color[x]] != v {
          if twin {
            forbidden[color[x]] = v
            continue
          }
          for y in graph.adjacent(x) where y != w && color[y] == cw {  // v–w–x–y
            forbidden[color[x]] = v
            break
          }
        }
      }
      var c = 0
      while forbidden[c] == v { c += 1 }
      color[v] = c
    }
    return Coloring(colors: color)
  }

  /// Whether this is a star colouring of the symmetric pattern: proper on the off-diagonal
  /// entries, and no path on four vertices uses only two colours.
  public func isValidStarColoring(of pattern: SparsityPattern) -> Bool {
    guard pattern.isSymmetric, colors.count == pattern.rows else { return false }
    let graph = AdjacencyGraph.symmetric(pattern)
    for v in 0..<graph.vertexCount {
      for w in graph.adjacent(v) {
        if colors[w] == colors[v] { return false }
        for x in graph.adjacent(w) where x != v && colors[x] == colors[v] {
          for y in graph.adjacent(x) where y != w && colors[y] == colors[w] { return false }
        }
      }
    }
    return true
  }
}
