import Foundation
import Testing

@testable import DualTape

// fma(a, b, c) on the live tape: one fused node (two slots, three edges) where a, b and c are
// three different recorded values. Its derivatives must be exactly those of `a * b + c`
// recorded as a product and a sum, in every engine and every driver that sweeps the tape.

/// A recurrence of fused multiply-adds (as an LSTM's cells), written with `fma` or spelled out.
private struct Recurrence: VectorToScalar {
  let fused: Bool
  let steps: Int
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    func madd(_ a: T, _ b: T, _ c: T) -> T { fused ? fma(a, b, c) : a * b + c }
    var h = v[0]
    var cell = v[1]
    for k in 0..<steps {
      let w = v[2 + k % (v.count - 2)]
      let gate = sigmoid(madd(h, w, v[2]))
      cell = madd(cell, gate, tanh(madd(h, v[3], w)) * gate)
      h = madd(2 * h, 0.5 * cell, -w) * 0.25
    }
    return h + cell
  }
}

/// Operand patterns the fused node must leave to the product and the sum: repeated operands,
/// constants, folded scales, an operand on the sink (a zero partial), a square root at zero.
private struct Patterns: VectorToScalar {
  let fused: Bool
  func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
    func madd(_ a: T, _ b: T, _ c: T) -> T { fused ? fma(a, b, c) : a * b + c }
    let (x, y, z) = (v[0], v[1], v[2])
    var s = madd(x, x, y) + madd(x, y, x) + madd(y, x, x) + madd(x, y, y)
    s += madd(x, 3, y) + madd(3, x, y) + madd(x, y, 3) + madd(2 * x, sin(y), 3 * z)
    // z is 0 at the test point: x's partial z is zero, so x goes to the sink, and the
    // square root's infinite partial at 0 must not reach it (0 · ∞).
    s += madd(x, z, y) + madd(sqrt(z), y, x) * madd(z - z, x, y)
    return s
  }
}

private func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

@Suite("Fused multiply-add nodes")
struct FusedNodeTests {
  @Test func oneFusedNodeTakesTwoSlotsAndThreeEdges() {
    _ = Reverse.record([0.5, 2.0, -1.5]) { tape, v in
      let before = tape.pointee.count
      let r = fma(v[0], 3 * v[1], v[2])
      #expect(tape.pointee.count - before == 2)
      let node = tape.pointee.nodes[Int(r.index)]
      let addend = tape.pointee.nodes[Int(r.index) - 1]
      #expect(node.lhs < 0 && Int(~node.lhs) == Int(v[0].index) && node.rhs == v[1].index)
      #expect(node.dl == 6 && node.dr == 1.5 && addend.lhs == v[2].index && addend.dl == 1)
      #expect(r.value == 0.5 * 6 + -1.5)
      // A constant or a repeated operand makes the product's and the sum's nodes, as before.
      let count = tape.pointee.count
      _ = fma(v[0], v[0], v[1])
      _ = fma(v[0], 2, v[1])
      #expect(tape.pointee.count - count == 2)
      return r
    }
  }

  @Test func aProductJustRecordedGivesItsEdges() {
    _ = Reverse.record([0.5, 2.0, -1.5, 4.0]) { tape, v in
      // fma(a, b, x * y): a·b + x·y as one fused node of four edges, whose lower slot is the
      // product's node.
      let before = tape.pointee.count
      let p = v[2] * v[3]
      let r = fma(v[0], v[1], p)
      #expect(tape.pointee.count - before == 2 && r.index == p.index + 1)
      let node = tape.pointee.nodes[Int(r.index)]
      let addend = tape.pointee.nodes[Int(r.index) - 1]
      #expect(Int(~node.lhs) == Int(v[0].index) && node.rhs == v[1].index)
      #expect(addend.lhs == v[2].index && addend.rhs == v[3].index)
      #expect(addend.dl == 4 && addend.dr == -1.5)
      // Not an older node, nor one with a scale other than 1: an edge to it.
      let q = fma(v[0], v[1], p)
      #expect(tape.pointee.nodes[Int(q.index) - 1].lhs == p.index)
      let s = v[2] * v[3]
      let t = fma(v[0], v[1], 2 * s)
      #expect(tape.pointee.nodes[Int(t.index) - 1].lhs == s.index)
      #expect(tape.pointee.nodes[Int(t.index) - 1].dl == 2)
      return r + q + t
    }
    // The product used again elsewhere: its node keeps the other uses' adjoint.
    struct Shared: VectorToScalar {
      func callAsFunction<T: Differentiable>(_ v: [T]) -> T {
        let p = v[2] * v[3]
        let r = fma(v[0], v[1], p)
        return r * p + fma(r, v[3], v[0] * v[1])
      }
    }
    let x = [0.5, 2.0, -1.5, 4.0]
    let g = Reverse.gradient(at: x, of: Shared())
    #expect(close(g, Forward.gradient(at: x, of: Shared()), 1e-14))
    #expect(close(g, Reverse.record(at: x, of: Shared()).gradient(at: x), 1e-14))
  }

  @Test func gradientsEqualTheProductAndTheSum() {
    for x in [[0.3, -1.2, 0.8, 1.9], [1.5, 2.5, -0.25, 0.6]] {
      for steps in [1, 7, 3000] {
        let fused = Reverse.gradient(at: x, of: Recurrence(fused: true, steps: steps))
        let plain = Reverse.gradient(at: x, of: Recurrence(fused: false, steps: steps))
        #expect(fused == plain, "steps \(steps) at \(x)")
        let forward = Forward.gradient(at: x, of: Recurrence(fused: true, steps: steps))
        #expect(close(fused, forward, 1e-12), "forward, steps \(steps)")
        if steps < 100 {
          let fd = FiniteDifference.gradient(at: x, of: Recurrence(fused: true, steps: steps))
          #expect(close(fused, fd, 1e-6), "finite differences, steps \(steps)")
        }
      }
    }
  }

  @Test func operandPatternsKeepTheEdgePolicy() {
    let x = [0.7, -1.3, 0.0]
    let fused = Reverse.gradient(at: x, of: Patterns(fused: true))
    let plain = Reverse.gradient(at: x, of: Patterns(fused: false))
    #expect(fused.count == 3 && zip(fused, plain).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    #expect(fused[0].isFinite, "0 · ∞ reached x: \(fused)")
    let forward = Forward.gradient(at: x, of: Patterns(fused: true))
    #expect(close(Array(fused.prefix(2)), Array(forward.prefix(2)), 1e-12))
  }

  @Test func replayJacobianAndHessianAgree() {
    let x = [0.3, -1.2, 0.8, 1.9]
    let f = Recurrence(fused: true, steps: 9)
    let live = Reverse.gradient(at: x, of: f)
    // A replay records traced (the product and the sum): the same numbers.
    let recording = Reverse.record(at: x, of: f)
    #expect(recording.gradient(at: x) == live)
    let other = [0.9, 0.4, -0.6, 1.1]
    #expect(recording.gradient(at: other) == Reverse.gradient(at: other, of: f))
    // Several outputs: one sweep per row, each from its own fused node.
    struct Rows: VectorToVector {
      func callAsFunction<T: Differentiable>(_ v: [T]) -> [T] {
        [fma(v[0], v[1], v[2]), fma(v[1], v[2], v[3]) * v[0], fma(v[3], v[0], v[1] * v[2])]
      }
    }
    let j = Reverse.jacobian(at: x, of: Rows())
    let forwardJ = Forward.jacobian(at: x, of: Rows())
    #expect(j.elements == forwardJ.elements)
    // Forward over reverse: the fused node's partials are dual numbers.
    let h = Reverse.hessian(at: x, of: f)
    let forwardH = Forward.hessian(at: x, of: f)
    #expect(close(h.elements, forwardH.elements, 1e-10))
  }

  @Test func wengertListShowsTheProductAndTheSum() {
    let list = Reverse.wengertList(at: [0.5, 2.0, -1.5]) { v in fma(v[0], v[1], v[2]) }
    #expect(list.rows.count == 5)
    #expect(list.rows[3].operation == .multiply && list.rows[4].operation == .add)
    #expect(list.value == -0.5)
  }
}
