#!/usr/bin/env bash
# Runs GradBench's evals against DualTape's tool and GradBench's C++ tools manual, codipack and
# adept on this machine, back to back, with GradBench's own eval programs and validators, and
# writes Benchmarks/results/gradbench.json (RESULTS.md's GradBench section is rendered from it
# by `swift run -c release bench`).
#
#   Benchmarks/gradbench/run.sh GRADBENCH_CHECKOUT [options]
#
# Options (environment variables):
#   MIN_SECONDS=1            every eval's --min-seconds (the same for every tool)
#   EVALS="hello lse ..."    the evals to run (default: all twelve)
#   TOOLS="dualtape manual codipack adept"
#   LOGS=.build/gradbench-logs   where the protocol logs go (large: inputs are logged)
#   ARGS_<eval>="..."        extra arguments for one eval, e.g. ARGS_lse="-n 2500 5000" (sizes)
#   MERGE=1                  update gradbench.json instead of replacing it: only the (eval,
#                            message, tool) entries run here change (recorded under "reruns")
#
# Setup of the checkout, no Docker (see README "GradBench"):
#   - python3 with numpy, scipy, pydantic, dataclasses-json (PYTHON=... to pick one);
#   - cpp/json.hpp: nlohmann/json's single_include/nlohmann/json.hpp;
#   - codipack: CoDiPack's include/ on CPATH; adept: Adept-2's headers on CPATH and libadept.a
#     on LIBRARY_PATH (compile adept/*.cpp directly: see README);
#   - evals/lstm/data/lstm_full.txt: GradBench's text; if it is missing (it is stored with Git
#     LFS), this script writes a stand-in of the same size from the checkout's own Markdown, the
#     same for every tool;
#   - ht's hand12 inputs (also LFS) are skipped when missing: ht runs sizes 1 to 11.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gradbench=$(cd "${1:?usage: run.sh GRADBENCH_CHECKOUT}" && pwd)
min_seconds=${MIN_SECONDS:-1}
evals=${EVALS:-"hello lse llsq det ode kmeans gmm lstm ba ht particle saddle"}
tools=${TOOLS:-"dualtape manual codipack adept"}
logs=${LOGS:-$root/.build/gradbench-logs}
python=${PYTHON:-python3}

echo "== building dualtape-gradbench (release)"
(cd "$root" && swift build -c release --product dualtape-gradbench)
tool_binary="$root/.build/release/dualtape-gradbench"

cd "$gradbench"
[ -f cpp/json.hpp ] || { echo "run.sh: $gradbench/cpp/json.hpp is missing (nlohmann/json's single header)" >&2; exit 1; }
echo "== building GradBench's manual tool (the validators compare with it)"
make -s -C tools/manual >/dev/null

if [ ! -s evals/lstm/data/lstm_full.txt ] || head -c 200 evals/lstm/data/lstm_full.txt | grep -q "git-lfs"; then
  echo "== evals/lstm/data/lstm_full.txt missing: writing a stand-in from the checkout's Markdown"
  mkdir -p evals/lstm/data
  find . -name '*.md' -not -path './node_modules/*' | sort | xargs cat | LC_ALL=C tr -cd '\11\12\15\40-\176' \
    | head -c 100000 > evals/lstm/data/lstm_full.txt
fi

eval_args() {
  local extra="ARGS_$1"
  case "$1" in
    ht) if [ ! -f evals/ht/data/complicated_big/hand12_t26_c100000.txt ] && [ -z "${!extra:-}" ]; then echo "--max 11"; fi ;;
  esac
  echo "${!extra:-}"
}

has_eval() {  # tool eval
  [ "$1" = dualtape ] && return 0
  grep -qx "$2" "tools/$1/evals.txt"
}

rm -rf "$logs" && mkdir -p "$logs"
eval_args_json="{"
separator=""
status=0
export PYTHONPATH="$gradbench/python/gradbench${PYTHONPATH:+:$PYTHONPATH}"
for e in $evals; do
  # (one line, spaces squeezed; not through echo or xargs, which would take "-n 1000" as an option)
  eval_args_json+="$separator\"$e\": \"$(eval_args "$e" | tr -s ' \n' '  ' | sed -e 's/^ //' -e 's/ $//')\""
  separator=", "
  for t in $tools; do
    has_eval "$t" "$e" || continue
    if [ "$t" = dualtape ]; then tool_cmd="$tool_binary"; else tool_cmd="$python python/gradbench/gradbench/cpp.py $t"; fi
    echo "== $e / $t"
    "$python" "$here/relay.py" --eval "$python python/gradbench/gradbench/evals/$e/run.py --min-seconds $min_seconds $(eval_args "$e")" \
      --tool "$tool_cmd" --log "$logs/${e}__${t}.jsonl" || status=1
  done
done

"$python" "$here/summarize.py" "$logs" "$root/Benchmarks/results/gradbench.json" \
  --min-seconds "$min_seconds" --eval-args "$eval_args_json}" --gradbench-commit "$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  --dualtape-commit "$(cd "$root" && git rev-parse --short HEAD)" ${MERGE:+--merge}
echo "== wrote Benchmarks/results/gradbench.json; render RESULTS.md with: swift run -c release bench"
exit $status
