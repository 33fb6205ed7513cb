/// Stops the program with a message that says what went wrong and what to do.
///
/// DualTape treats misuse (wrong lengths, mixed recordings, a chunk size of 0, ...) like the
/// standard library treats an out-of-range index: a programmer error that stops at once with a
/// clear message, never a silently wrong number. The message is printed in every build
/// configuration (unlike `precondition`'s, which `-O` drops).
/// Package-wide, so that DualTapeLearning stops the same way.
@usableFromInline @inline(never)
package func dualTapeFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line)
  -> Never
{
  fatalError("DualTape: " + message, file: file, line: line)
}

/// Checks a condition on the caller's input; stops with ``dualTapeFailure(_:file:line:)``.
@inlinable @inline(__always)
package func require(
  _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
  line: UInt = #line
) {
  if !condition { dualTapeFailure(message(), file: file, line: line) }
}
