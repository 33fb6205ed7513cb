import Foundation

/// DualTape as a GradBench tool: answers GradBench's JSON-lines protocol (`start`, `define`,
/// `evaluate`, `analysis`; `end` closes the session), one response line per message.
///
/// Every problem with a message (not JSON, no `id` or `kind`, an unknown module or function, an
/// input of the wrong shape, a non-finite result) is a response with `"success": false` and an
/// `error` naming it; the tool never stops on a bad message.
public struct GradBenchTool {
  /// The modules served.
  public let modules: [EvalModule]

  /// A tool serving `modules` (all of them by default).
  public init(modules: [EvalModule] = EvalModule.all) { self.modules = modules }

  /// Reads messages from standard input until it closes or an `end` message comes, writing
  /// each response as one line on standard output, flushed.
  public func serve() {
    while let line = readLine(strippingNewline: true) {
      if line.allSatisfy(\.isWhitespace) { continue }
      guard let response = respond(to: line) else { return }
      FileHandle.standardOutput.write((response + "\n").data(using: .utf8)!)
    }
  }

  /// The response line to one message line, or nil for `end` (no response; the session is
  /// over).
  public func respond(to line: String) -> String? {
    let message: JSONInput
    do { message = try JSONInput.parse(line) } catch {
      return Self.failure(id: nil, error)
    }
    // The id first, so that every later error still answers the right message.
    let id: Int
    do { id = try message.field("id").integer() } catch {
      return Self.failure(id: nil, error)
    }
    do {
      switch try message.field("kind").string() {
      case "start": return try start(id, message)
      case "define": return try define(id, message)
      case "evaluate": return try evaluate(id, message)
      case "end": return nil
      default: return try JSON.object([("id", .integer(id))]).encoded()
      }
    } catch {
      return Self.failure(id: id, error)
    }
  }

  /// `start`: the tool's name and, as `config`, the driver serving each function (of the named
  /// eval, or of every module if the eval is not named or not known).
  func start(_ id: Int, _ message: JSONInput) throws -> String {
    let eval = try message.optional("eval")?.string()
    let shown = modules.filter { $0.name == eval }
    let drivers = (shown.isEmpty ? modules : shown).map { module in
      (module.name, JSON.object(module.functions.map { ($0.name, .string($0.function.driver)) }))
    }
    return try JSON.object([
      ("id", .integer(id)), ("tool", .string("dualtape")),
      ("config", .object([("drivers", .object(drivers))])),
    ]).encoded()
  }

  func module(_ message: JSONInput) throws -> EvalModule {
    let name = try message.field("module").string()
    guard let module = modules.first(where: { $0.name == name }) else {
      throw ToolError(
        "unknown module \"\(name)\"; this tool implements "
          + modules.map(\.name).joined(separator: ", ") + ".")
    }
    return module
  }

  /// `define`: success if the module is implemented.
  func define(_ id: Int, _ message: JSONInput) throws -> String {
    _ = try module(message)
    return try JSON.object([("id", .integer(id)), ("success", .bool(true))]).encoded()
  }

  /// `evaluate`: the function's output for the input and the timings of its runs.
  func evaluate(_ id: Int, _ message: JSONInput) throws -> String {
    let module = try module(message)
    let name = try message.field("function").string()
    guard let function = module.function(name) else {
      throw ToolError(
        "module \(module.name) has no function \"\(name)\"; it has "
          + module.functions.map(\.name).joined(separator: ", ") + ".")
    }
    let (output, timings) = try function.evaluate(message.field("input"))
    let timingsJSON = JSON.array(
      timings.map {
        .object([("name", .string($0.name)), ("nanoseconds", .integer(Int($0.nanoseconds)))])
      })
    return try JSON.object([
      ("id", .integer(id)), ("success", .bool(true)), ("output", output),
      ("timings", timingsJSON),
    ]).encoded()
  }

  /// A failure response; `id` is JSON null when the message had none.
  static func failure(id: Int?, _ error: Error) -> String {
    let text = (error as? ToolError)?.message ?? "\(error)"
    let idJSON = id.map { String($0) } ?? "null"
    var message = ""
    JSON.write(text, to: &message)
    return "{\"id\":\(idJSON),\"success\":false,\"error\":\(message)}"
  }
}
