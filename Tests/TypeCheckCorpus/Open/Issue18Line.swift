// swift-format-ignore-file
// Issue 18's generic line, not yet under the corpus's 300 ms (kept out of the `*.swift` glob that
// .ci/run checks, so that CI stays green; type-check it by hand:
//   swiftc -typecheck -swift-version 6 -I .build/release/Modules \
//     -Xfrontend -warn-long-expression-type-checking=1 Tests/TypeCheckCorpus/Open/Issue18Line.swift
// Measured: 248k solver scopes (Sema.NumConstraintScopes), ~2.3 s on the shared 2-core machine,
// since the matrix operators moved to DualTapeMatrixOperators and the closure operators shrank
// to one `*` (167k, 1.5-2.7 s, before; 331k, ~2.8 s, before issue 18's operator changes: the
// solver's path through this line changes with every overload set, unrelated ones included, e.g.
// hiding only the TrackedMatrix operators took it from 167k to 235k). The same line over the standard
// library alone (`T: FloatingPoint` with local generic sqrt/tanh/log and the standard library's
// min/max) fails to type-check in Swift 6.3 (1049k scopes, the solver's limit): it is the
// pattern the README names (calls of arithmetic with literals, `sqrt(a * a + b * b) * 3`), and
// the fast spelling names those calls with `let` first (as `bananaPlus` in GenericFormulas.swift).
import DualTape

func issue18Formula<T: Differentiable>(_ x: [T]) -> T {
  sqrt(x[0] * x[0] + x[1] * x[1]) * 3 + max(x[0], x[1]) - min(x[1], x[2]) / 2 + tanh(x[2]) * 0.1 + log(1 + x[0] * x[0])
}

func issue18FormulaNamed<T: Differentiable>(_ x: [T]) -> T {
  let r = sqrt(x[0] * x[0] + x[1] * x[1]), l = log(1 + x[0] * x[0])
  return r * 3 + max(x[0], x[1]) - min(x[1], x[2]) / 2 + tanh(x[2]) * 0.1 + l
}
