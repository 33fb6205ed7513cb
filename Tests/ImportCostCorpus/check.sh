#!/usr/bin/env bash
# Importing DualTape must cost ordinary code nothing. Type-checks every corpus file here as it is
# and with `import DualTape` (the same line numbers: the import is put in front of line 1, a
# comment), RUNS times each, alternating, and keeps each expression's fastest time per variant
# (the machine is shared: the minimum is the least noisy estimate). Fails when an expression
#   - fails to type-check with the import where it type-checks without it, or
#   - takes more than 1.2x its time without the import plus 20 ms.
# Usage: Tests/ImportCostCorpus/check.sh [MODULE_DIR]   (default .build/release/Modules)
# Environment: RUNS (default 3), CORPUS (the files, default Tests/ImportCostCorpus/*.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."

modules=${1:-.build/release/Modules}
runs=${RUNS:-3}
corpus=${CORPUS:-$(ls Tests/ImportCostCorpus/*.swift)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Times are read from -warn-long-expression-type-checking=1: the compiler names every
# expression that took 1 ms or more; one it does not name took under 1 ms (counted as 0).
typecheck() {  # typecheck FILE OUT
  swiftc -typecheck -swift-version 6 -I "$modules" \
    -Xfrontend -warn-long-expression-type-checking=1 "$1" >"$2" 2>&1 || true
}

for file in $corpus; do
  name=$(basename "$file" .swift)
  cp "$file" "$work/$name.swift"
  { printf 'import DualTape '; cat "$file"; } >"$work/$name+import.swift"
  for ((run = 1; run <= runs; run++)); do
    typecheck "$work/$name.swift" "$work/$name.plain.$run.log"
    typecheck "$work/$name+import.swift" "$work/$name.import.$run.log"
  done
done

# Each expression of the corpus: the line after each `func` line (one expression per function).
for file in $corpus; do
  awk -v f="$(basename "$file" .swift)" 'prev { print f ":" FNR } { prev = /^func / }' "$file"
done >"$work/keys"

# "variant run file:line ms" for each timed expression, "variant run file:line error" for each
# error, from every log.
for log in "$work"/*.log; do
  base=$(basename "$log" .log)  # NAME.VARIANT.RUN
  run=${base##*.}; rest=${base%.*}; variant=${rest##*.}; name=${rest%.*}
  sed -nE "s/^[^ ]*\/$name(\+import)?\.swift:([0-9]+):[0-9]+: warning: expression took ([0-9]+)ms .*/$variant $run $name:\2 \3/p; s/^[^ ]*\/$name(\+import)?\.swift:([0-9]+):[0-9]+: error: .*/$variant $run $name:\2 error/p" "$log"
done >"$work/events"

# One row per expression: the fastest run of each variant (several expressions on one line add
# up; a run that does not name the line took under 1 ms) and whether a variant failed there.
awk -v runs="$runs" '
  FILENAME ~ /keys$/ { keys[$1] = 1; order[++n] = $1; next }
  $4 == "error" { err[$1, $3] = 1; if (!($3 in keys)) { keys[$3] = 1; order[++n] = $3 }; next }
  { ms[$1, $2, $3] += $4; if (!($3 in keys)) { keys[$3] = 1; order[++n] = $3 } }
  END {
    for (k = 1; k <= n; k++) {
      key = order[k]
      for (v = 0; v < 2; v++) {
        variant = v ? "import" : "plain"; best[v] = -1
        for (r = 1; r <= runs; r++) {
          t = ((variant, r, key) in ms) ? ms[variant, r, key] : 0
          if (best[v] < 0 || t < best[v]) best[v] = t
        }
      }
      printf "%s %d %d %d %d\n", key, best[0], best[1], (("plain", key) in err), (("import", key) in err)
    }
  }
' "$work/keys" "$work/events" >"$work/rows"

# The source of each line, for the table.
describe() {  # describe NAME:LINE
  local name=${1%%:*} line=${1##*:}
  sed -n "${line}p" "$work/$name.swift" | sed 's/^ *//' | cut -c1-60
}

# Lines that still cost more with the import (KNOWN_COSTS, one `NAME:LINE` per line, `#`
# comments): reported as KNOWN, not failed on, so that CI catches every *new* cost while these
# are being fixed; a known line that passes is marked so that it is taken off the list.
known=Tests/ImportCostCorpus/KNOWN_COSTS
awk -v known="$known" '
  BEGIN {
    failed = 0
    while ((getline line < known) > 0) { sub(/#.*/, "", line); if (line ~ /[^ ]/) { split(line, k, " "); isKnown[k[1]] = 1 } }
  }
  {
    key = $1; p = $2; i = $3; perr = $4; ierr = $5
    limit = int(1.2 * p + 20)
    status = "ok"
    if (perr) { status = "FAILS-WITHOUT-IMPORT(keep-it-out)"; failed = 1 }
    else if (ierr) status = "FAILS-WITH-IMPORT"
    else if (i > limit) status = "SLOWER"
    if (status != "ok" && !perr) {
      if (key in isKnown) status = status "(KNOWN)"; else failed = 1
    } else if (status == "ok" && (key in isKnown)) status = "ok(KNOWN:remove-it-from-KNOWN_COSTS)"
    printf "%s %d %d %d %s\n", key, p, i, limit, status
  }
  END { exit failed }
' "$work/rows" >"$work/table" && verdict=0 || verdict=$?

printf '%-24s %9s %9s %9s  %-6s %s\n' "expression" "plain ms" "import ms" "limit ms" "status" "source"
sort -k3,3nr "$work/table" | while read -r key p i limit status rest; do
  printf '%-24s %9d %9d %9d  %-6s %s\n' "$key" "$p" "$i" "$limit" "$status${rest:+ $rest}" \
    "$(describe "$key")"
done
awk '
  { tp += $2; ti += $3; if ($3 > wi) { wi = $3; wk = $1 } if ($2 > wp) { wp = $2; pk = $1 } n++ }
  END {
    printf "%d expressions, fastest of %s runs each: total %d ms without the import, %d ms with it;\n", n, RUNS, tp, ti
    printf "slowest without: %s (%d ms); slowest with: %s (%d ms)\n", pk, wp, wk, wi
  }
' RUNS="$runs" "$work/table"

known_count=$(grep -c "(KNOWN)" "$work/table" || true)
if [ "$known_count" -gt 0 ]; then
  echo "$known_count expression(s) still cost more with the import (listed in $known: issue 18 is open)"
fi
if [ "$verdict" -ne 0 ]; then
  echo "CI: importing DualTape slows or breaks ordinary code (rows marked above; limit 1.2x + 20 ms)" >&2
  exit 1
fi
