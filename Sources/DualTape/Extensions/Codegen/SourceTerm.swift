internal import Synchronization

// The rule table's partials as Swift source: `SourceTerm` is a scalar whose operations write
// the expression they compute instead of computing it. Evaluating a rule's own generic
// `derivative(at:value:)` or `firstPartial`/`secondPartial` with it prints that partial, so the
// generated code inlines exactly the table's formulas and no derivative is written twice.
// A rule that asks about its operands' values (`x.hasZeroValue`, `x < y`) becomes a
// conditional expression: each answer is explored (see `SourceTerm.spell`).

/// A Swift expression built by running generic code: `x * y`, `1 / (2 * y)`, `Double.cos(x)`.
struct SourceTerm: Differentiable {
  /// The expression's text.
  var text: String
  /// How tightly it binds: 0 a name, literal or call; 1 a prefix minus; 2 a product or
  /// quotient; 3 a sum or difference; 4 a conditional.
  var precedence: Int
  /// The value, if the expression is a constant (folded exactly as the generated code would).
  var constant: Double?

  init(text: String, precedence: Int = 0, constant: Double? = nil) {
    self.text = text
    self.precedence = precedence
    self.constant = constant
  }

  /// The generated code's scalar type (`Double` or `Float`), named in calls and literals.
  @TaskLocal static var scalar = "Double"
  /// How the generated code makes each user's rule, by the rule's name (see
  /// `CodegenOperation.spelling(of:_:)`).
  @TaskLocal static var ruleSpellings: [String: String] = [:]

  /// A name or other atom of the generated code: `v12`, `x[3]`.
  static func name(_ text: String) -> SourceTerm { SourceTerm(text: text) }

  init(_ value: Double) { self.init(text: swiftLiteral(value), constant: value) }
  init(integerLiteral value: Int) { self.init(Double(value)) }
  init(floatLiteral value: Double) { self.init(value) }

  var description: String { text }

  /// The text as an operand that binds at least as tightly as `precedence` (parenthesised
  /// otherwise); a negative literal is parenthesised wherever it is an operand.
  func operand(_ precedence: Int) -> String {
    self.precedence <= precedence && !(constant.map { $0 < 0 || $0.sign == .minus } ?? false)
      ? text : "(\(text))"
  }

  /// `a op b`, folded when both are constants (the same IEEE operation the code would run).
  static func infix(
    _ a: SourceTerm, _ op: String, _ b: SourceTerm, _ precedence: Int,
    _ fold: (Double, Double) -> Double
  ) -> SourceTerm {
    if let x = a.constant, let y = b.constant { return SourceTerm(fold(x, y)) }
    // Left-associative: the right operand needs parentheses at equal precedence.
    return SourceTerm(
      text: "\(a.operand(precedence)) \(op) \(b.operand(precedence - 1))", precedence: precedence)
  }

  static func + (a: SourceTerm, b: SourceTerm) -> SourceTerm { infix(a, "+", b, 3, +) }
  static func - (a: SourceTerm, b: SourceTerm) -> SourceTerm { infix(a, "-", b, 3, -) }
  static func * (a: SourceTerm, b: SourceTerm) -> SourceTerm { infix(a, "*", b, 2, *) }
  static func / (a: SourceTerm, b: SourceTerm) -> SourceTerm { infix(a, "/", b, 2, /) }
  static prefix func - (a: SourceTerm) -> SourceTerm {
    if let x = a.constant { return SourceTerm(-x) }
    return SourceTerm(text: "-\(a.operand(0))", precedence: 1)
  }
  static func *= (a: inout SourceTerm, b: SourceTerm) { a = a * b }

  init?<T: BinaryInteger>(exactly source: T) {
    guard let value = Double(exactly: source) else { return nil }
    self.init(value)
  }

  static func apply<R: UnaryRule>(_ rule: R, _ x: SourceTerm) -> SourceTerm {
    CodegenOperation(rule).spell([x])
  }
  static func apply<R: BinaryRule>(_ rule: R, _ x: SourceTerm, _ y: SourceTerm) -> SourceTerm {
    CodegenOperation(rule).spell([x, y])
  }
  static func apply<R: VectorRule>(_ rule: R, _ x: [SourceTerm]) -> SourceTerm {
    dualTapeFailure(
      "Codegen: a rule's partial applies the vector rule \(rule.name), which generated code"
        + " cannot spell. Write that partial with unary and binary rules.")
  }

  // Comparisons ask the oracle of the spelling in progress (see `spell`).
  static func == (a: SourceTerm, b: SourceTerm) -> Bool {
    if let x = a.constant, let y = b.constant { return x == y }
    return ConditionOracle.ask("\(a.operand(3)) == \(b.operand(3))")
  }
  static func < (a: SourceTerm, b: SourceTerm) -> Bool {
    if let x = a.constant, let y = b.constant { return x < y }
    return ConditionOracle.ask("\(a.operand(3)) < \(b.operand(3))")
  }
  var hasNaNValue: Bool {
    if let x = constant { return x.isNaN }
    return ConditionOracle.ask("\(operand(0)).isNaN")
  }

  /// Spells `body` (code generic over the scalar, run with `SourceTerm`s) as one Swift
  /// expression. Every question `body` asks about a value (`x == 0`, `x < y`, `isNaN`) is
  /// answered both ways, and the answers become a conditional: `x == 0 ? 0 : z * Double.log(x)`.
  static func spell(_ body: () -> SourceTerm) -> SourceTerm {
    func explore(_ answers: [Bool]) -> SourceTerm {
      let oracle = ConditionOracle(answers)
      let result = ConditionOracle.$current.withValue(oracle) { body() }
      guard oracle.questions.count > answers.count else { return result }
      require(
        answers.count < 8,
        "Codegen: a rule's partial asks more than 8 questions about its operands' values;"
          + " the generated code spells each answer, so write the partial with fewer branches.")
      let question = oracle.questions[answers.count]
      let yes = explore(answers + [true])
      let no = explore(answers + [false])
      if yes.text == no.text { return yes }
      return SourceTerm(
        text: "\(question) ? \(yes.operand(3)) : \(no.operand(3))", precedence: 4)
    }
    return explore([])
  }
}

/// Answers the questions a rule asks about its operands' values while it is spelled: the
/// given answers first, then `false`, remembering every question asked.
final class ConditionOracle: Sendable {
  @TaskLocal static var current: ConditionOracle?
  let answers: [Bool]
  let asked = Mutex<[String]>([])

  init(_ answers: [Bool]) { self.answers = answers }

  /// The questions asked so far, in order.
  var questions: [String] { asked.withLock { $0 } }

  static func ask(_ question: String) -> Bool {
    guard let oracle = current else {
      dualTapeFailure("internal: a SourceTerm was compared outside SourceTerm.spell.")
    }
    let k = oracle.asked.withLock {
      $0.append(question)
      return $0.count - 1
    }
    return k < oracle.answers.count ? oracle.answers[k] : false
  }
}

/// `value` as a Swift literal that reads back as the same number: `2`, `0.5`,
/// `0.6931471805599453`, `-1`, `Double.infinity`, `Double.nan`.
func swiftLiteral(_ value: Double) -> String {
  if value.isNaN { return "\(SourceTerm.scalar).nan" }
  if value.isInfinite {
    return value < 0 ? "-\(SourceTerm.scalar).infinity" : "\(SourceTerm.scalar).infinity"
  }
  if value == value.rounded(), Swift.abs(value) < 1e15 {
    return value == 0 && value.sign == .minus ? "-0.0" : "\(Int64(value))"
  }
  return "\(value)"
}
