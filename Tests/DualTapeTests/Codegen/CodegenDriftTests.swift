import DualTape
import Foundation
import Testing

// The checked-in generated files must be what their functions generate now: a change to a
// function, to the rule table or to the emitter shows here, with the command that rewrites
// them. With DUALTAPE_REGENERATE=1 the test writes the files instead (then rebuild and rerun).

@Test func codegenFilesMatchTheirFunctions() throws {
  let regenerate = ProcessInfo.processInfo.environment["DUALTAPE_REGENERATE"] == "1"
  for c in CodegenCase.all {
    let fresh = c.source()
    if regenerate {
      try fresh.write(to: c.path, atomically: true, encoding: .utf8)
      continue
    }
    let checkedIn = try? String(contentsOf: c.path, encoding: .utf8)
    #expect(
      checkedIn == fresh,
      """
      \(c.path.lastPathComponent) is not what \(c.description) generates now (the function, \
      the rule table or the emitter changed). Regenerate with \
      DUALTAPE_REGENERATE=1 swift test --filter codegenFilesMatchTheirFunctions, then rebuild \
      and review the diff.
      """)
  }
}
