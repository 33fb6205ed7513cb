// Graph colourings that let one derivative pass compute many Jacobian columns (or rows) at once
// (Gebremedhin, Manne, Pothen, "What color is your Jacobian? Graph coloring for computing
// derivatives", SIAM Review 47, 2005). Columns that share no row can be seeded together: the
// sum of their columns has each row's entry from exactly one of them.

/// The order in which a greedy colouring visits the vertices.
public enum ColoringOrder: Sendable, Equatable {
  /// Index order 0, 1, 2, ...
  case natural
  /// Decreasing degree (ties in index order).
  case largestFirst
  /// Smallest-last (Matula & Beck): repeatedly remove a vertex of least remaining degree;
  /// colour in the reverse order of removal. Usually the fewest colours of the three, and
  /// optimal on trees, bands and arrowheads.
  case smallestLast
}

/// An assignment of colours 0..<colorCount to the columns, rows or variables of a pattern.
///
/// - ``columns(of:order:)``: columns that share a row get different colours (distance-1
///   colouring of the column intersection graph). One forward pass per colour gives the whole
///   Jacobian: ``Forward/sparseJacobian(at:plan:of:)``.
/// - ``rows(of:order:)``: the same for rows. One reverse sweep per colour:
///   ``Reverse/sparseJacobian(at:plan:of:)``.
/// - ``star(ofSymmetric:order:)``: a star colouring of a symmetric pattern's adjacency graph
///   (proper, and every path on four vertices has at least three colours). One
///   Hessian–vector product per colour gives the whole Hessian by direct recovery:
///   ``Reverse/sparseHessian(at:plan:of:)``. On an arrowhead it needs 2 colours where a column
///   colouring needs n.
public struct Coloring: Equatable, Sendable {
  /// The colour of each vertex (column, row or variable), in 0..<``colorCount``.
  public let colors: [Int]
  /// The number of colours used.
  public let colorCount: Int

  /// A colouring from its colours. Validity is not checked here; see the `isValid…` methods.
  public init(colors: [Int]) {
    self.colors = colors
    self.colorCount = (colors.max() ?? -1) + 1
  }

  /// The vertices of each colour, increasing.
  public var groups: [[Int]] {
    var g = [[Int]](repeating: [], count: colorCount)
    for (v, c) in colors.enumerated() { g[c].append(v) }
    return g
  }

  /// A distance-1 colouring of the columns: two columns with an entry in the same row get
  /// different colours.
  ///
  /// Banded with bandwidth w: w colours; diagonal: 1; a 5-point stencil on a grid: 7 (5 is optimal);
  /// a pattern with a dense row: n.
  ///
  /// Dense and nearly dense patterns stay cheap: a row with an entry in every column makes
  /// every two columns adjacent, so each column gets its own colour (column j colour j) without
  /// a graph; and where the column graph would be large (Σ over rows of (entries in the row)²
  /// above 2²⁴), the columns are coloured greedily without building it, each taking the
  /// smallest colour none of its rows has used yet, in decreasing order of their entry counts
  /// (for `.largestFirst` and `.smallestLast`, whose exact orders need the graph) or in index
  /// order (`.natural`).
  /// - Complexity: O(Σ over rows of (entries in the row)²) to build the column graph, then
  ///   linear in its size; past the limit O(nonzeros · colours / 64); O(m) with a full row.
  public static func columns(of pattern: SparsityPattern, order: ColoringOrder = .smallestLast)
    -> Coloring
  {
    let n = pattern.columns
    var graphWork = 0
    for i in 0..<pattern.rows {
      let count = pattern.rowStarts[i + 1] - pattern.rowStarts[i]
      if count == n { return Coloring(colors: Array(0..<n)) }
      graphWork += count * count
    }
    if graphWork > 1 << 24 { return Coloring(colors: greedyByRows(pattern, order)) }
    let graph = AdjacencyGraph.columnIntersection(pattern)
    return Coloring(colors: graph.greedyDistance1(graph.ordering(order)))
  }

  /// Greedy distance-1 colouring of the columns without the column graph: each column takes
  /// the smallest colour that none of its rows has used, found in per-row bit sets.
  static func greedyByRows(_ pattern: SparsityPattern, _ order: ColoringOrder) -> [Int] {
    let byColumn = pattern.transposed
    let n = pattern.columns
    let counts = (0..<n).map { byColumn.rowStarts[$0 + 1] - byColumn.rowStarts[$0] }
    let visit =
      order == .natural
      ? Array(0..<n)
      : (0..<n).sorted { counts[$0] > counts[$1] || counts[$0] == counts[$1] && $0 < $1 }
    var used = [[UInt64]](repeating: [], count: pattern.rows)
    var forbidden: [UInt64] = []
    var color = [Int](repeating: 0, count: n)
    for j in visit {
      let rows = byColumn.columnIndices[byColumn.rowStarts[j]..<byColumn.rowStarts[j + 1]]
      forbidden.removeAll(keepingCapacity: true)
      for i in rows {
        if used[i].count > forbidden.count {
          forbidden.append(contentsOf: repeatElement(0, count: used[i].count - forbidden.count))
        }
        for w in used[i].indices { forbidden[w] |= used[i][w] }
      }
      var c = forbidden.count * 64
      if let w = forbidden.firstIndex(where: { $0 != ~0 }) {
        c = w * 64 + (~forbidden[w]).trailingZeroBitCount
      }
      color[j] = c
      let word = c / 64
      for i in rows {
        if used[i].count <= word {
          used[i].append(contentsOf: repeatElement(0, count: word + 1 - used[i].count))
        }
        used[i][word] |= 1 << UInt64(c % 64)
      }
    }
    return color
  }

  /// A distance-1 colouring of the rows: two rows with an entry in the same column get
  /// different colours. See ``columns(of:order:)``.
  public static func rows(of pattern: SparsityPattern, order: ColoringOrder = .smallestLast)
    -> Coloring
  {
    columns(of: pattern.transposed, order: order)
  }

  /// Whether no two columns of the same colour have an entry in the same row.
  public func isValidColumnColoring(of pattern: SparsityPattern) -> Bool {
    colors.count == pattern.columns && firstConflict(in: pattern) == nil
  }

  /// The first two columns a and b of the same colour with an entry in one row (or a column
  /// whose colour is out of range, as a == b), with that row; `nil` if there is none. The
  /// colouring has one colour per column.
  func firstConflict(in pattern: SparsityPattern) -> (Int, Int, row: Int)? {
    // The column of each colour last seen in the current row, and that row.
    var seen = [Int](repeating: -1, count: colorCount)
    var row = [Int](repeating: -1, count: colorCount)
    let count = colorCount
    return colors.withUnsafeBufferPointer { colors in
      pattern.rowStarts.withUnsafeBufferPointer { starts in
        pattern.columnIndices.withUnsafeBufferPointer { columns in
          seen.withUnsafeMutableBufferPointer { seen in
            row.withUnsafeMutableBufferPointer { row in
              for i in 0..<pattern.rows {
                for e in starts[i]..<starts[i + 1] {
                  let j = columns[e]
                  let c = colors[j]
                  if c < 0 || c >= count { return (j, j, i) }
                  if row[c] == i { return (seen[c], j, i) }
                  row[c] = i
                  seen[c] = j
                }
              }
              return nil
            }
          }
        }
      }
    }
  }

  /// Whether no two rows of the same colour have an entry in the same column.
  public func isValidRowColoring(of pattern: SparsityPattern) -> Bool {
    isValidColumnColoring(of: pattern.transposed)
  }
}

/// An undirected graph without self-loops, in CSR form.
struct AdjacencyGraph {
  var starts: [Int]
  var neighbors: [Int]

  var vertexCount: Int { starts.count - 1 }
  func degree(_ v: Int) -> Int { starts[v + 1] - starts[v] }
  func adjacent(_ v: Int) -> ArraySlice<Int> { neighbors[starts[v]..<starts[v + 1]] }

  /// Columns j ≠ k adjacent when some row has entries in both.
  static func columnIntersection(_ pattern: SparsityPattern) -> AdjacencyGraph {
    let byColumn = pattern.transposed
    var mark = [Int](repeating: -1, count: pattern.columns)
    var starts = [0]
    var neighbors = [Int]()
    for j in 0..<pattern.columns {
      mark[j] = j
      for i in byColumn.columns(inRow: j) {
        for k in pattern.columns(inRow: i) where mark[k] != j {
          mark[k] = j
          neighbors.append(k)
        }
      }
      starts.append(neighbors.count)
    }
    return AdjacencyGraph(starts: starts, neighbors: neighbors)
  }

  /// The off-diagonal entries of a symmetric pattern as edges.
  static func symmetric(_ pattern: SparsityPattern) -> AdjacencyGraph {
    var starts = [0]
    var neighbors = [Int]()
    for i in 0..<pattern.rows {
      for j in pattern.columns(inRow: i) where j != i { neighbors.append(j) }
      starts.append(neighbors.count)
    }
    return AdjacencyGraph(starts: starts, neighbors: neighbors)
  }

  /// The vertices in the order a greedy colouring visits them.
  func ordering(_ order: ColoringOrder) -> [Int] {
    let n = vertexCount
    switch order {
    case .natural:
      return Array(0..<n)
    case .largestFirst:
      return (0..<n).sorted { degree($0) > degree($1) || degree($0) == degree($1) && $0 < $1 }
    case .smallestLast:
      // Bucket queue with lazy deletion: a vertex is pushed again whenever its degree drops.
      var degree = (0..<n).map { self.degree($0) }
      let maxDegree = degree.max() ?? 0
      var buckets = [[Int]](repeating: [], count: maxDegree + 1)
      for v in (0..<n).reversed() { buckets[degree[v]].append(v) }
      var removed = [Bool](repeating: false, count: n)
      var removal = [Int]()
      removal.reserveCapacity(n)
      var low = 0
      while removal.count < n {
        while buckets[low].isEmpty { low += 1 }
        let v = buckets[low].removeLast()
        if removed[v] || degree[v] != low { continue }
        removed[v] = true
        removal.append(v)
        for w in adjacent(v) where !removed[w] {
          degree[w] -= 1
          buckets[degree[w]].append(w)
        }
        low = Swift.max(0, low - 1)
      }
      return removal.reversed()
    }
  }

  /// Greedy distance-1 colouring: each vertex, in `order`, takes the smallest colour none of
  /// its neighbours has.
  func greedyDistance1(_ order: [Int]) -> [Int] {
    var color = [Int](repeating: -1, count: vertexCount)
    var forbidden = [Int](repeating: -1, count: vertexCount + 1)
    for v in order {
      for w in adjacent(v) where color[w] >= 0 { forbidden[color[w]] = v }
      var c = 0
      while forbidden[c] == v { c += 1 }
      color[v] = c
    }
    return color
  }
}
