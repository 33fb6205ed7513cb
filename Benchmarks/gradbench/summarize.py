#!/usr/bin/env python3
"""Reads the relay's logs (LOGS/<eval>__<tool>.jsonl) and writes one JSON summary: per eval,
per evaluate message (function and description), per tool, the mean, median and minimum
of the `evaluate` timings (GradBench's own scorer averages them per message), the run count, the
`prepare` time, success, and the eval's verdict.

    summarize.py LOGS OUTPUT.json --min-seconds 1 --gradbench-commit abc123

With --merge, OUTPUT.json is updated rather than replaced: each (eval, message, tool) in LOGS
replaces that entry, everything else is kept (so a rerun of dualtape and manual on one eval
keeps codipack's and adept's figures from the full run), and a `reruns` entry records which
evals and tools were rerun, when, with which commits and settings (the top-level date, commits
and settings stay those of the full run).
"""

import argparse
import datetime
import json
import os
import platform
import sys


def read_log(path):
    messages, responses, verdicts = {}, {}, {}
    with open(path) as f:
        for line in f:
            entry = json.loads(line)
            if "message" in entry:
                m = entry["message"]
                messages[m["id"]] = m
                if m.get("kind") == "analysis":
                    verdicts[m["of"]] = (m.get("valid", False), m.get("error"))
            elif "response" in entry:
                r = entry["response"]
                responses[r["id"]] = r
    rows = []
    for i in sorted(messages):
        m = messages[i]
        if m.get("kind") != "evaluate":
            continue
        r = responses.get(i, {})
        timings = r.get("timings") or []
        evals = [t["nanoseconds"] for t in timings if t["name"] == "evaluate"]
        prepare = [t["nanoseconds"] for t in timings if t["name"] == "prepare"]
        valid, error = verdicts.get(i, (False, r.get("error") or "no analysis"))
        rows.append(
            {
                "function": m["function"],
                "description": m.get("description", ""),
                "success": bool(r.get("success")),
                "valid": bool(r.get("success")) and valid,
                "error": None if valid else (error or "")[:2000],
                "runs": len(evals),
                "mean_ns": sum(evals) / len(evals) if evals else None,
                "median_ns": sorted(evals)[len(evals) // 2] if evals else None,
                "min_ns": min(evals) if evals else None,
                "prepare_ns": prepare[0] if prepare else None,
            }
        )
    return rows


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def merged(path, rerun):
    """The summary at `path` updated with `rerun`'s entries, and a `reruns` entry."""
    with open(path) as f:
        summary = json.load(f)
    for eval_name, rows in rerun["evals"].items():
        kept = summary["evals"].setdefault(eval_name, [])
        index = {(r["function"], r["description"]): r for r in kept}
        for row in rows:
            key = (row["function"], row["description"])
            if key in index:
                index[key]["tools"].update(row["tools"])
            else:
                kept.append(row)
    summary["evals"] = dict(sorted(summary["evals"].items()))
    for tool in rerun["tools"]:
        if tool not in summary["tools"]:
            summary["tools"].append(tool)
    summary.setdefault("reruns", []).append(
        {k: rerun[k] for k in ("date", "machine", "min_seconds", "gradbench_commit", "dualtape_commit", "eval_args", "tools")}
        | {"evals": sorted(rerun["evals"])}
    )
    return summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("logs")
    parser.add_argument("output")
    parser.add_argument("--min-seconds", type=float, required=True)
    parser.add_argument("--gradbench-commit", default="")
    parser.add_argument("--dualtape-commit", default="")
    parser.add_argument("--eval-args", default="{}", help="JSON: each eval's extra arguments")
    parser.add_argument("--merge", action="store_true", help="keep OUTPUT's other evals")
    args = parser.parse_args()

    evals = {}
    tools = []
    for name in sorted(os.listdir(args.logs)):
        if not name.endswith(".jsonl") or "__" not in name:
            continue
        eval_name, tool = name[: -len(".jsonl")].split("__", 1)
        if tool not in tools:
            tools.append(tool)
        for row in read_log(os.path.join(args.logs, name)):
            key = (row["function"], row["description"])
            entries = evals.setdefault(eval_name, {})
            entry = entries.setdefault(
                key, {"function": row["function"], "description": row["description"], "tools": {}}
            )
            entry["tools"][tool] = {k: v for k, v in row.items() if k not in ("function", "description")}
    order = ["dualtape", "manual", "codipack", "adept"]
    tools.sort(key=lambda t: order.index(t) if t in order else len(order))
    summary = {
        "machine": machine(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "min_seconds": args.min_seconds,
        "gradbench_commit": args.gradbench_commit,
        "dualtape_commit": args.dualtape_commit,
        "tools": tools,
        "eval_args": json.loads(args.eval_args),
        "evals": {e: list(rows.values()) for e, rows in sorted(evals.items())},
    }
    if args.merge and os.path.exists(args.output):
        summary = merged(args.output, summary)
    with open(args.output, "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(f"wrote {args.output}: {len(evals)} evals, tools {', '.join(tools)}", file=sys.stderr)


if __name__ == "__main__":
    main()
