"""Times JAX on the benchmark's Rosenbrock: the jitted primal and jax.jit(jax.grad(f)).

Run by the benchmark's "jax" section (Benchmarks/bench/Sections/JAXSection.swift), which
reads the one JSON object this prints on stdout; by hand:

    python3 Benchmarks/jax/rosenbrock.py --sizes 100,1000 --sample-seconds 0.02 --rounds 7

The function and the point are the benchmark's (DualTapeSuite's Rosenbrock):
f(x) = sum_i (1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2 at x_i = -1.2 (i even), 1 (i odd), in
float64. For each n: the trace + lower + compile time of each jitted function (measured
once, apart from the timings), then samples of calls on the compiled functions, each call
ending in block_until_ready, primal and gradient interleaved round by round. A sample is
timed in CPU seconds of the whole process (time.process_time: every thread JAX uses, like
the Swift side's CPU clock of its one thread) and in wall seconds; the figures are medians
of per-call times. The first call of each compiled function is a warm-up, not timed.
For the check, the gradient's entries at a few indices and its dot product with fixed
weights w_i = 1 + (i mod 7) are printed.

If JAX is missing this prints {"missing": "jax", ...} and exits with status 3.
"""

import argparse
import json
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000,1000000")
    parser.add_argument("--sample-seconds", type=float, default=0.02)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if any(n < 2 for n in sizes):
        print(json.dumps({"error": "every size must be at least 2, got " + args.sizes}))
        return 2
    try:
        import jax
        import jax.numpy as jnp
        import numpy as np
    except ImportError as error:
        print(json.dumps({
            "missing": "jax",
            "message": f"cannot import JAX ({error}) with {sys.executable}",
            "python": sys.executable,
        }))
        return 3
    jax.config.update("jax_enable_x64", True)

    def f(x):
        a = 1 - x[:-1]
        b = x[1:] - x[:-1] * x[:-1]
        return jnp.sum(a * a + 100 * b * b)

    def compiled(function, x):
        start = time.perf_counter()
        result = jax.jit(function).lower(x).compile()
        return result, time.perf_counter() - start

    def sample(call, x, iterations):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(iterations):
            call(x).block_until_ready()
        return ((time.process_time() - cpu) / iterations,
                (time.perf_counter() - wall) / iterations)

    def calibrate(call, x):
        iterations = 1
        while True:
            start = time.perf_counter()
            for _ in range(iterations):
                call(x).block_until_ready()
            if time.perf_counter() - start >= 0.5 * args.sample_seconds or iterations >= 1 << 24:
                return max(1, int(iterations * args.sample_seconds
                                  / max(time.perf_counter() - start, 1e-9)))
            iterations *= 2

    rows = []
    for n in sizes:
        x = jnp.asarray(np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)]),
                        dtype=jnp.float64)
        primal, primal_compile = compiled(f, x)
        grad, grad_compile = compiled(jax.grad(f), x)
        value = float(primal(x).block_until_ready())  # warm-up of the compiled primal
        g = np.asarray(grad(x).block_until_ready())  # warm-up of the compiled gradient
        calls = [primal, grad]
        iterations = [calibrate(c, x) for c in calls]
        samples = [[], []]
        for r in range(args.rounds):
            for k in ([0, 1] if r % 2 == 0 else [1, 0]):
                samples[k].append(sample(calls[k], x, iterations[k]))
        cpu = [statistics.median(s[0] for s in samples[k]) for k in range(2)]
        wall = [statistics.median(s[1] for s in samples[k]) for k in range(2)]
        ratios = [a[0] / b[0] for a, b in zip(samples[1], samples[0])]
        weights = 1 + np.arange(n) % 7
        indices = sorted({0, 1, 2, n // 2, n - 2, n - 1})
        rows.append({
            "n": n,
            "value": value,
            "gradient_entries": [[i, float(g[i])] for i in indices],
            "gradient_weighted_sum": float(np.dot(weights, g)),
            "gradient_weighted_abs_sum": float(np.dot(weights, np.abs(g))),
            "primal_compile_seconds": primal_compile,
            "grad_compile_seconds": grad_compile,
            "primal_cpu_seconds": cpu[0],
            "grad_cpu_seconds": cpu[1],
            "primal_wall_seconds": wall[0],
            "grad_wall_seconds": wall[1],
            "grad_to_primal": statistics.median(ratios),
            "iterations": iterations,
        })
    print(json.dumps({
        "jax": jax.__version__,
        "backend": jax.default_backend(),
        "devices": [str(d) for d in jax.devices()],
        "python": sys.version.split()[0],
        "rows": rows,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
