// The command line: options, the size plans of the three modes, and `--help`.

/// How much to measure.
enum Mode: String {
  /// A small grid for CI smoke runs (under 30 s); writes nothing unless `--output` says where.
  case quick
  /// The default sweep (under 3 minutes on 2 cores); writes RESULTS.md and the plots.
  case standard = "default"
  /// The long sweep: larger grid, longer samples.
  case full
}

/// The parsed command line.
struct Options {
  var mode = Mode.standard
  /// The functions to run; nil runs all.
  var filter: Set<FunctionName>?
  /// Where to write the JSON report (measurements and every section's numbers), if anywhere.
  var jsonPath: String?
  /// Where to write RESULTS.md and the plots instead of the repository root.
  var outputDirectory: String?
  var showHelp = false
  /// Internal: run one measurement and print its memory figures as JSON (a child process of
  /// the tape-memory or checkpointing section).
  var memoryProbe: MemoryProbeKind?
  /// Only these sections (by their console names, e.g. `tape memory`), without the sweep:
  /// for working on one section. Writes only with `--output`.
  var sections: Set<String>?

  /// Whether this run writes RESULTS.md and plots to the repository root: only a complete
  /// default or full run does, so a quick or filtered run never replaces the committed results.
  var writesToRepository: Bool {
    outputDirectory == nil && mode != .quick && filter == nil && sections == nil
  }

  /// Whether the function is selected by `--filter`.
  func includes(_ name: FunctionName) -> Bool { filter?.contains(name) ?? true }
}

/// What a `--memory-probe` child measures.
enum MemoryProbeKind: Equatable {
  /// One Rosenbrock reverse gradient of n inputs (the tape-memory section).
  case tape(n: Int)
  /// One gradient of a loop of k steps (the pendulum or the reaction–diffusion field) with c
  /// checkpoints (c = 0: the plain tape; c = −1: forward mode), for the checkpointing section.
  case checkpoint(CheckpointSystem, steps: Int, checkpoints: Int)

  /// Parses `N` or `SYSTEM:K:C` (SYSTEM: `pendulum` or `diffusion`).
  init?(_ text: String) {
    let parts = text.split(separator: ":").map(String.init)
    if parts.count == 1, let n = Int(parts[0]), n >= 2 {
      self = .tape(n: n)
    } else if parts.count == 3, let system = CheckpointSystem(rawValue: parts[0]),
      let k = Int(parts[1]), k >= 1, let c = Int(parts[2]), c >= -1
    {
      self = .checkpoint(system, steps: k, checkpoints: c)
    } else {
      return nil
    }
  }

  /// The command-line value.
  var argument: String {
    switch self {
    case .tape(let n): return String(n)
    case .checkpoint(let system, let k, let c): return "\(system.rawValue):\(k):\(c)"
    }
  }
}

/// A command-line mistake: the message says what was wrong; `main` prints it with the usage and
/// exits with status 2.
struct UsageError: Error {
  var message: String
}

/// The command line of this run, as one would type it.
let benchCommand = (["swift run -c release bench"] + CommandLine.arguments.dropFirst())
  .joined(separator: " ")

/// The usage text printed by `--help` and after a usage error.
let usage = """
  usage: swift run -c release bench [--quick | --full] [--filter NAMES] [--section NAMES] [--json \
  FILE] [--output DIR]

  Measures when DualTape's reverse mode beats its forward mode, against the plain Double
  function, finite differences and Swift's built-in AD (_Differentiation). Every result is
  checked (forward against reverse to rounding, both against finite differences) before it is
  timed; a mismatch stops the run with exit status 1.

  Modes (choose at most one):
    (none)          the default sweep, n and m in {1, 4, 16, 64, 256, 1024}, with the C
                    primal, then every section that --section names. Writes RESULTS.md at
                    the repository root and SVG plots in Benchmarks/results/ (both
                    rewritten by every such run).
    --quick         a small grid for CI smoke runs (under a minute). Writes no files unless
                    --output is given, so the committed RESULTS.md is never replaced.
    --full          the long sweep: larger n and m, longer samples.

  Options:
    --filter NAMES  only these functions, comma-separated: \
  \(FunctionName.allCases.map(\.rawValue).joined(separator: ", ")).
                    A filtered run skips the sections (threads, Hessians, ...) and writes
                    no RESULTS.md unless --output is given.
    --json FILE     also write the results as one JSON object (keys sorted): command,
                    date, mode, build, machine, figures (RESULTS.md's Figures table: name,
                    target, measured, status), measurements and sections.
                    measurements: every timed result of the sweep, objects with the keys
                    function, engine (primal, forward, reverse, finite-difference,
                    swift-autodiff, c-primal), task (value, jvp, vjp, gradient, jacobian), n,
                    m, median_seconds, min_seconds, ratio_to_primal (time ÷ one Swift Double
                    evaluation), ratio_to_c_primal (time ÷ the C primal), max_error_vs_fd
                    (normwise error max|AD - FD| / max|FD|); null where not applicable.
                    sections: one key per section of RESULTS.md (its name in snake_case:
                    gradients, jacobians, crossover, c_primal, memory, method, thread_scaling,
                    ...), an object of the numbers its tables show: times in *_seconds,
                    sizes in *_bytes, costs as multiples of the primal, null where not
                    measured; a section that could not measure gives {"not_measured": why}.
                    The folder must exist; checked before the sweep starts.
    --section NAMES only these sections, without the sweep; comma-separated, quoted when a
                    name has a space (--section "tape memory,replay"). Names: \
  \(sectionNames.joined(separator: ", ")).
                    Prints them; writes DIR/SECTIONS.md and their plots only with --output,
                    their JSON (measurements empty) only with --json. Combines with --quick,
                    --output and --json, not with --full or --filter (they apply to the sweep).
    --output DIR    write DIR/RESULTS.md and DIR/Benchmarks/results/*.svg instead (DIR is
                    created if missing; checked before the sweep starts).
    -h, --help      show this text.

  Exit status: 0 on success, 1 if a result disagrees with the others, 2 for a usage error.
  """

/// Parses the arguments (without the program name).
/// - Throws: ``UsageError`` for an unknown flag, a missing or bad value, or conflicting modes.
func parseOptions(_ arguments: [String]) throws -> Options {
  var options = Options()
  var modeFlag: String?
  var rest = arguments[...]
  while let argument = rest.popFirst() {
    // Accept both `--flag value` and `--flag=value`.
    var flag = argument
    var inlineValue: String?
    if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
      flag = String(argument[..<equals])
      inlineValue = String(argument[argument.index(after: equals)...])
    }
    func value() throws -> String {
      if let v = inlineValue ?? rest.popFirst(), !v.isEmpty,
        inlineValue != nil || !v.hasPrefix("--")
      {
        return v
      }
      throw UsageError(message: "\(flag) needs a value.")
    }
    switch flag {
    case "-h", "--help":
      options.showHelp = true
    case "--quick", "--full":
      if inlineValue != nil { throw UsageError(message: "\(flag) takes no value.") }
      if let previous = modeFlag, previous != flag {
        throw UsageError(message: "\(previous) and \(flag) cannot be combined; choose one.")
      }
      modeFlag = flag
      options.mode = flag == "--quick" ? .quick : .full
    case "--filter":
      var names = Set<FunctionName>()
      for part in try value().split(separator: ",", omittingEmptySubsequences: false) {
        let name = String(part.filter { !$0.isWhitespace })
        guard
          let f = FunctionName.allCases.first(where: {
            $0.rawValue.lowercased() == name.lowercased()
          })
        else {
          throw UsageError(
            message: "--filter: unknown function '\(name)'. Choose from: "
              + FunctionName.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        names.insert(f)
      }
      options.filter = names
    case "--json":
      options.jsonPath = try value()
    case "--section":
      var names = Set<String>()
      for part in try value().split(separator: ",") {
        let name = part.trimmingCharacters(in: .whitespaces).lowercased()
        guard sectionNames.contains(name) else {
          throw UsageError(
            message: "--section: unknown section '\(name)'. Choose from: "
              + sectionNames.joined(separator: ", ")
              + " (quote a name with spaces: --section \"tape memory\").")
        }
        names.insert(name)
      }
      if names.isEmpty {
        throw UsageError(
          message: "--section needs at least one name: " + sectionNames.joined(separator: ", ")
            + ".")
      }
      options.sections = names
    case "--output":
      options.outputDirectory = try value()
    case "--memory-probe":
      guard let probe = MemoryProbeKind(try value()) else {
        throw UsageError(
          message: "--memory-probe needs an integer n ≥ 2, or pendulum:K:C or diffusion:K:C (steps"
            + " K ≥ 1; C ≥ 1 checkpoints, 0 for the plain tape, -1 for forward mode).")
      }
      options.memoryProbe = probe
    default:
      throw UsageError(message: "unknown argument '\(argument)'.")
    }
  }
  if options.sections != nil {
    // The sweep's options would be ignored without a word: say so instead.
    let sweepOnly = [("--full", options.mode == .full), ("--filter", options.filter != nil)]
      .filter { $0.1 }.map { $0.0 }
    if let flag = sweepOnly.first {
      throw UsageError(
        message: "\(flag) applies to the sweep, which --section skips; drop one of the two.")
    }
  }
  return options
}

/// The sizes and limits of one mode.
struct Plan {
  /// Rosenbrock's n (the gradient sweep, and the linear-scaling figure at 10³ and 10⁶).
  var rosenbrockSizes: [Int]
  /// Log-sum-exp's n.
  var logSumExpSizes: [Int]
  /// The grid's n and m for the two maps.
  var gridSizes: [Int]
  /// The dense map is run only where n·m is at most this (its Jacobians cost n·m·min(n, m)).
  var denseCellLimit: Int
  /// Forward (chunked) gradients only up to this n: they take ⌈n/k⌉ passes.
  var forwardGradientMaxN: Int
  /// Swift's AD gradients only up to this n (its array subscripts cost O(n) each in reverse).
  var swiftGradientMaxN: Int
  /// Swift's AD VJPs of the maps only where n²·m is at most this.
  var swiftVJPMaxWork: Int
  /// Finite differences (gradient or Jacobian) are timed only where their 2n evaluations of f
  /// take at most this long (seconds): they are the slowest engine by far at large n.
  var finiteDifferenceBudget: Double
  /// The checks use every coordinate direction up to this n, a spread of 8 beyond it.
  var allProbesUpTo: Int
  var timing: TimingPolicy

  /// The plan of a mode.
  init(_ mode: Mode) {
    switch mode {
    case .quick:
      rosenbrockSizes = [2, 4, 8, 16, 64, 256, 1000]
      logSumExpSizes = [4, 16, 64, 256]
      gridSizes = [1, 4, 16, 64]
      denseCellLimit = .max
      swiftGradientMaxN = 1000
      swiftVJPMaxWork = 1 << 18
      finiteDifferenceBudget = 0.01
      timing = TimingPolicy(
        minimumSampleTime: 1e-3, maximumRounds: 5, minimumRounds: 3, caseBudget: 0.04)
    case .standard:
      rosenbrockSizes = [2, 4, 8, 16, 32, 64, 128, 256, 1000, 10_000, 100_000, 1_000_000]
      logSumExpSizes = [4, 16, 64, 256, 1000, 10_000]
      gridSizes = [1, 4, 16, 64, 256, 1024]
      denseCellLimit = 1 << 16
      swiftGradientMaxN = 10_000
      swiftVJPMaxWork = 1 << 24
      finiteDifferenceBudget = 0.5
      timing = TimingPolicy(
        minimumSampleTime: 4e-3, maximumRounds: 9, minimumRounds: 3, caseBudget: 0.4)
    case .full:
      rosenbrockSizes = [
        2, 4, 8, 16, 32, 64, 128, 256, 1000, 10_000, 100_000, 1_000_000, 4_000_000,
      ]
      logSumExpSizes = [4, 16, 64, 256, 1000, 10_000, 100_000]
      gridSizes = [1, 4, 16, 64, 256, 1024, 4096]
      denseCellLimit = 1 << 20
      swiftGradientMaxN = 10_000
      swiftVJPMaxWork = 1 << 27
      finiteDifferenceBudget = 3
      timing = TimingPolicy(
        minimumSampleTime: 1e-2, maximumRounds: 11, minimumRounds: 5, caseBudget: 1.5)
    }
    forwardGradientMaxN = 10_000
    allProbesUpTo = 64
  }
}
