import DualTape
import Testing

@Test func derivedFunctionsMatchLibmForDouble() {
  #expect(min(2.0, 3.0) == 2.0)
  #expect(DualTape.pow(-2.0, n: 3) == -8.0)
  #expect(DualTape.pow(2.0, n: -2) == 0.25)
}
