// swift-format-ignore-file
// scope-budget: 40000
// Issue 18's generic line, held to a budget of solver scopes by Tests/TypeCheckCorpus/scopes.sh
// (run by .ci/run), not to the corpus's 300 ms: it takes 245-310 ms on the shared 2-core machine,
// too close to that limit for a check in milliseconds to be stable, while its scopes are exact
// (33,647 for this file, 30,335 for the first function alone; the budget leaves 19 % for
// toolchain noise and catches any return of the earlier 189k-248k). Type-check it by hand:
//   swiftc -typecheck -swift-version 6 -I .build/release/Modules \
//     -Xfrontend -warn-long-expression-type-checking=1 Tests/TypeCheckCorpus/Budget/Issue18Line.swift
// Measured (Sema.NumConstraintScopes, the first function alone in a file):
// - 30k scopes since the Matrix and TrackedMatrix elementwise functions (exp, sqrt, tanh, ...)
//   moved to DualTapeMatrixOperators with unavailable placeholders left in DualTape;
// - 248k (~2.3 s) before, with them in DualTape; 189k with them gone and no placeholder (a
//   second, unavailable overload of `sqrt`, `log`, `tanh` makes the solver take the call as a
//   disjunction, and that path is the short one here; hiding either the Matrix or the
//   TrackedMatrix set alone gave 129k); DualTape's min/max overloads (generic, the Comparable
//   shadow, Double, Float), the disfavoured `/` and the closure `*` cost it nothing measurable;
// - with `import Foundation` too (the C library's sqrt/log/tanh overloads join in): it failed to
//   type-check before (1049k, the solver's limit), 319k (~2.7 s) now, 94k without placeholders.
// The same line with sinh/cosh/expm1 took 189k with one generic overload each, and takes 30k
// since every elementary function has an unavailable overload for arrays too
// (Core/Protocol/Functions+Arrays.swift): a second overload, available or not, is what puts
// these calls on the solver's short path.
// The solver's path through this line changes with every overload set, unrelated ones included.
// The same line over the standard library alone (`T: FloatingPoint` with local generic
// sqrt/tanh/log and the standard library's min/max) fails to type-check in Swift 6.3 (1049k
// scopes): it is the pattern the README names (calls of arithmetic with literals,
// `sqrt(a * a + b * b) * 3`), and the fast spelling names those calls with `let` first (as
// `bananaPlus` in GenericFormulas.swift).
import DualTape

func issue18Formula<T: Differentiable>(_ x: [T]) -> T {
  sqrt(x[0] * x[0] + x[1] * x[1]) * 3 + max(x[0], x[1]) - min(x[1], x[2]) / 2 + tanh(x[2]) * 0.1 + log(1 + x[0] * x[0])
}

func issue18FormulaNamed<T: Differentiable>(_ x: [T]) -> T {
  let r = sqrt(x[0] * x[0] + x[1] * x[1]), l = log(1 + x[0] * x[0])
  return r * 3 + max(x[0], x[1]) - min(x[1], x[2]) / 2 + tanh(x[2]) * 0.1 + l
}
