// Foundation's math next to DualTape's generic `sqrt`, `exp`, `pow`, ... (see PlainCode.swift
// for how `check.sh` uses this file). One expression per function.
import Foundation

// MARK: Foundation math

func gaussian(_ x: Double, mu: Double, sigma: Double) -> Double {
  exp(-(x - mu) * (x - mu) / (2 * sigma * sigma)) / (sigma * sqrt(2 * Double.pi))
}

func distance(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> Double {
  sqrt(pow(x2 - x1, 2) + pow(y2 - y1, 2))
}

func logistic(_ x: Double) -> Double {
  1 / (1 + exp(-x))
}

func trig(_ t: Double) -> Double {
  sin(t) * cos(2 * t) + tan(t / 4) - atan2(1, t) + sinh(t) / cosh(t)
}

func logs(_ x: Double) -> Double {
  log(x) + log2(x) * 0.5 + log10(x) / 3 + log1p(x) - expm1(x / 10)
}

func floatMath(_ x: Float) -> Float {
  sqrt(x * x + 1) + exp(-x) * sin(x) - abs(x) / 2
}

func roundTrip(_ x: Double) -> Int {
  Int(floor(x * 100 + 0.5)) + Int(ceil(x)) - Int(round(x / 2))
}

func hypotenuse(_ a: Double, _ b: Double) -> Double {
  hypot(a, b) + fabs(a - b) + cbrt(a * b) + fmod(a, 3)
}

func powInt(_ n: Int) -> Double {
  pow(2.0, Double(n)) + pow(Double(n), 0.5) * 3
}

// MARK: Formatting

func formatted(_ x: Double) -> String {
  String(format: "%.3f", x * 2 - 1) + " / " + String(Int(x * 10) % 7)
}

func elapsedMinutes(_ start: Date, _ end: Date) -> Double {
  end.timeIntervalSince(start) / 60 + 0.5 * Double(Int(end.timeIntervalSince1970) % 60)
}

// MARK: More math with literals

func circleArea(_ r: Double) -> Double {
  Double.pi * r * r + 2 * .pi * r - pow(r, 3) / 3
}

func softplusPlain(_ x: Double) -> Double {
  max(x, 0) + log(1 + exp(-abs(x)))
}

func rms(_ xs: [Double]) -> Double {
  sqrt(xs.map { $0 * $0 }.reduce(0, +) / Double(xs.count))
}

func floatTrig(_ t: Float) -> Float {
  sin(t) * sin(t) + cos(t) * cos(t) - 1 + atan(t) / 2
}
