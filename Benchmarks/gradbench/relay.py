#!/usr/bin/env python3
"""Joins a GradBench eval and a tool the way GradBench's `gradbench run` intermediary does:
each message line from the eval goes to the tool, each response line goes back, and both are
logged as JSON lines ({"elapsed", "message"} / {"elapsed", "response"}), the format of
GradBench's own logs. Standard library only, so no Rust toolchain is needed.

    relay.py --eval 'python3 python/gradbench/gradbench/evals/lse/run.py' \
             --tool '/path/to/dualtape-gradbench' --log lse.jsonl

Run it from a GradBench checkout (the evals find their data and the `manual` tool there).
Exit status: 0 if every evaluate succeeded and was valid, 1 otherwise.
"""

import argparse
import json
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", required=True, help="shell command of the eval")
    parser.add_argument("--tool", required=True, help="shell command of the tool")
    parser.add_argument("--log", required=True, help="where to write the JSON-lines log")
    args = parser.parse_args()

    start = time.monotonic_ns()
    eval_proc = subprocess.Popen(
        args.eval, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    tool_proc = subprocess.Popen(
        args.tool, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    ok = True
    pending = {}  # evaluate id -> description, for the console
    with open(args.log, "w") as log:

        def record(key, line):
            # The line as it came (re-encoding a message of 10⁶ numbers costs seconds).
            elapsed = time.monotonic_ns() - start
            log.write(f'{{"elapsed": {{"nanoseconds": {elapsed}}}, "{key}": {line.strip()}}}\n')
            log.flush()

        for line in eval_proc.stdout:
            if not line.strip():
                continue
            message = json.loads(line)
            record("message", line)
            tool_proc.stdin.write(line if line.endswith("\n") else line + "\n")
            tool_proc.stdin.flush()
            if message.get("kind") == "end":
                break
            response_line = tool_proc.stdout.readline()
            if not response_line:
                print("relay: the tool closed its output", file=sys.stderr)
                ok = False
                break
            response = json.loads(response_line)
            record("response", response_line)
            kind = message.get("kind")
            if kind == "evaluate":
                label = f"{message['module']} {message['function']} {message.get('description', '')}"
                if response.get("success"):
                    evals = [t["nanoseconds"] for t in response.get("timings", []) if t["name"] == "evaluate"]
                    best = min(evals) / 1e6 if evals else float("nan")
                    pending[message["id"]] = label
                    print(f"  {label}: {len(evals)} runs, min {best:.3f} ms", file=sys.stderr)
                else:
                    ok = False
                    print(f"  {label}: FAILED {response.get('error', '')[:300]}", file=sys.stderr)
            elif kind == "analysis":
                if not message.get("valid"):
                    ok = False
                    label = pending.get(message.get("of"), "?")
                    print(f"  {label}: INVALID {message.get('error', '')[:500]}", file=sys.stderr)
            elif kind == "define" and not response.get("success"):
                ok = False
                print(f"  define failed: {response.get('error', '')}", file=sys.stderr)
            eval_proc.stdin.write(response_line)
            eval_proc.stdin.flush()
    for proc in (eval_proc, tool_proc):
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    tool_proc.wait(timeout=60)
    eval_proc.wait(timeout=60)
    if eval_proc.returncode != 0:
        ok = False
        print(f"relay: the eval exited with {eval_proc.returncode}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
