// expect-error: 'exp' is unavailable: DualTape's elementary functions take one scalar; apply it to each element: v.map { exp($0) }
// An elementary function of an array of scalars (NumPy's habit) must not compile, and its error
// must say to apply the function to each element (not "cannot convert value of type '[T]'").
import DualTape

func f<T: Differentiable>(_ v: [T]) -> T {
  exp(v).reduce(0, +)
}
