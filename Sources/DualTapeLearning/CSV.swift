import DualTape

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// Why a CSV file could not be loaded: the file, the line (1-based, the header is line 1) and
/// what was wrong there.
public struct CSVError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file, or the source name given to ``CSV/parseLabeled(_:source:as:)``.
  public var source: String
  /// The 1-based line number, or nil for a problem with the whole file (missing, empty).
  public var line: Int?
  /// What was wrong.
  public var message: String

  /// An error at `line` of `source`.
  public init(source: String, line: Int?, message: String) {
    self.source = source
    self.line = line
    self.message = message
  }

  /// `iris.csv:17: expected 5 fields, found 4`.
  public var description: String {
    line.map { "\(source):\($0): \(message)" } ?? "\(source): \(message)"
  }
}

/// A labelled data set: one sample per row of `features`, one class index per sample.
public struct LabeledData<S: RealScalar>: Sendable {
  /// N × d features.
  public var features: Matrix<S>
  /// N class indices into ``classNames``.
  public var labels: [Int]
  /// The class names; label i is `classNames[i]`.
  public var classNames: [String]
  /// The names of the d feature columns (from the header).
  public var featureNames: [String]

  /// A data set from its parts (labels must be indices into `classNames`).
  public init(features: Matrix<S>, labels: [Int], classNames: [String], featureNames: [String]) {
    require(
      labels.count == features.rows,
      "LabeledData: \(labels.count) labels for \(features.rows) samples.")
    self.features = features
    self.labels = labels
    self.classNames = classNames
    self.featureNames = featureNames
  }

  /// The number of samples.
  public var count: Int { features.rows }

  /// The samples at `indices`, in that order.
  public func samples(at indices: [Int]) -> LabeledData {
    LabeledData(
      features: features.rows(at: indices), labels: indices.map { labels[$0] },
      classNames: classNames, featureNames: featureNames)
  }

  /// A seeded random split into a training and a test set.
  /// - Parameters:
  ///   - testFraction: the share of samples in the test set, in (0, 1).
  ///   - seed: fixes the shuffle, so the split is reproducible.
  public func split(testFraction: Double, seed: UInt64) -> (train: LabeledData, test: LabeledData) {
    require(
      testFraction > 0 && testFraction < 1,
      "LabeledData.split: testFraction \(testFraction) must lie strictly between 0 and 1.")
    var generator = SplitMix64(seed: seed)
    let order = generator.permutation(of: count)
    let testCount = Swift.max(1, Int((Double(count) * testFraction).rounded()))
    return (samples(at: Array(order[testCount...])), samples(at: Array(order[..<testCount])))
  }
}

/// Loading data sets from comma-separated files.
public enum CSV {
  /// Loads a CSV file whose first line is a header, whose last column is the class label and
  /// whose other columns are numbers.
  ///
  /// Labels that are all integers (digits: `0`…`9`) become classes in numeric order; other
  /// labels (iris: `setosa`, …) become classes in order of first appearance.
  /// - Throws: ``CSVError`` naming the file and, for malformed content, the line.
  public static func loadLabeled<S: RealScalar>(
    path: String, as _: S.Type = Double.self
  ) throws -> LabeledData<S> {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw CSVError(source: path, line: nil, message: "cannot read the file (\(error)).")
    }
    return try parseLabeled(String(decoding: data, as: UTF8.self), source: path, as: S.self)
  }

  /// Parses CSV text in the format of ``loadLabeled(path:as:)``.
  /// - Parameters:
  ///   - text: the CSV text.
  ///   - source: the name used in error messages.
  ///   - type: the scalar type of the features.
  public static func parseLabeled<S: RealScalar>(
    _ text: String, source: String, as type: S.Type = Double.self
  ) throws -> LabeledData<S> {
    // A UTF-8 byte-order mark (spreadsheet exports write one) is not part of the first name.
    var text = Substring(text)
    if text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
    // "\r\n" is one Character in Swift, so split on newline characters, not on "\n".
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
    guard let header = lines.first else {
      throw CSVError(
        source: source, line: nil, message: "the file is empty; expected a header line.")
    }
    let names = header.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0).trimmingSpaces
    }
    guard names.count >= 2 else {
      throw CSVError(
        source: source, line: 1,
        message: "the header has \(names.count) column; expected features and a label.")
    }
    guard lines.count >= 2 else {
      throw CSVError(source: source, line: nil, message: "the file has a header but no samples.")
    }
    let d = names.count - 1
    var features = [S]()
    features.reserveCapacity((lines.count - 1) * d)
    var rawLabels = [String]()
    for (index, line) in lines.enumerated().dropFirst() {
      let number = index + 1
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == names.count else {
        throw CSVError(
          source: source, line: number,
          message: "expected \(names.count) fields (as in the header), found \(fields.count).")
      }
      for (column, field) in fields.dropLast().enumerated() {
        let text = String(field).trimmingSpaces
        guard let parsed = Double(text), !parsed.isNaN else {
          throw CSVError(
            source: source, line: number,
            message: "field \(column + 1) (\(names[column])) is \"\(field)\", not a number.")
        }
        // Converted before the test, so that a value beyond the scalar's range (1e39 for
        // Float, 1e309 for Double) is rejected alike, not loaded as infinity.
        let value = S(parsed)
        guard value.isFinite else {
          throw CSVError(
            source: source, line: number,
            message: "field \(column + 1) (\(names[column])) is \"\(field)\", not a finite"
              + " \(S.self) (the largest is \(S.greatestFiniteMagnitude)).")
        }
        features.append(value)
      }
      let label = String(fields[d]).trimmingSpaces
      guard !label.isEmpty else {
        throw CSVError(source: source, line: number, message: "the label is empty.")
      }
      rawLabels.append(label)
    }
    let classNames: [String]
    let numeric = rawLabels.compactMap { Int($0) }
    if numeric.count == rawLabels.count {
      classNames = Set(numeric).sorted().map(String.init)
    } else {
      var seen = Set<String>()
      classNames = rawLabels.filter { seen.insert($0).inserted }
    }
    let index = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
    let labels = rawLabels.map { index[numeric.count == rawLabels.count ? String(Int($0)!) : $0]! }
    return LabeledData(
      features: Matrix(rows: rawLabels.count, columns: d, elements: features), labels: labels,
      classNames: classNames, featureNames: Array(names.dropLast()))
  }
}

extension String {
  @usableFromInline var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
