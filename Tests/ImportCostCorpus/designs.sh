#!/usr/bin/env bash
# What each way of declaring DualTape's operators costs plain code, in solver scopes
# (deterministic): every file in Designs/ is built as a module of its own, then one expression of
# PlainCode.swift (default line 12, `grid`) is type-checked after `import` of that module, and the
# counter Sema.NumConstraintScopes is printed with its difference from Designs/none.swift.
# The figures are recorded in KNOWN_COSTS. Needs no build of DualTape (about a minute).
# Usage: Tests/ImportCostCorpus/designs.sh [LINE]
set -euo pipefail
cd "$(dirname "$0")"
line=${1:-12}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -n "$((line - 1)),$((line + 1))p" PlainCode.swift >"$work/expression.swift"
scopes() {  # scopes DESIGN
  rm -rf "${work:?}/$1" && mkdir -p "$work/$1/stats"
  swiftc -emit-module -swift-version 6 -parse-as-library -module-name Design \
    -emit-module-path "$work/$1/Design.swiftmodule" "Designs/$1.swift"
  { echo "import Design"; cat "$work/expression.swift"; } >"$work/$1/use.swift"
  swiftc -typecheck -swift-version 6 -I "$work/$1" -stats-output-dir "$work/$1/stats" \
    "$work/$1/use.swift"
  grep -ho '"Sema.NumConstraintScopes": [0-9]*' "$work/$1"/stats/*.json | awk '{s += $2} END {print s + 0}'
}
echo "PlainCode:$line: $(sed -n "${line}p" PlainCode.swift | sed 's/^ *//' | cut -c1-70)"
base=$(scopes none)
printf '%-28s %9s %9s\n' design scopes extra
for file in Designs/*.swift; do
  design=$(basename "$file" .swift)
  n=$(scopes "$design")
  printf '%-28s %9d %+9d\n' "$design" "$n" $((n - base))
done
