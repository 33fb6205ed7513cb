#!/usr/bin/env bash
# Generic formulas kept to a budget of the type checker's work, not of time: every file in
# Tests/TypeCheckCorpus/Budget names, in a line `// scope-budget: N`, the most solver scopes
# (swiftc -stats-output-dir, counter Sema.NumConstraintScopes) its type-check may take. Scopes are
# deterministic for one toolchain and one build of the module, so the check holds on a loaded
# machine, where a limit in milliseconds near the measured time would not; a regression of the
# solver's path (an overload set added anywhere) shows as a jump in scopes.
# Usage: Tests/TypeCheckCorpus/scopes.sh [MODULE_DIR]   (default .build/release/Modules)
set -euo pipefail
cd "$(dirname "$0")/../.."
modules=${1:-.build/release/Modules}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for file in Tests/TypeCheckCorpus/Budget/*.swift; do
  budget=$(sed -n 's/^\/\/ scope-budget: \([0-9]*\).*/\1/p' "$file" | head -1)
  if [ -z "$budget" ]; then
    echo "$file: no '// scope-budget: N' line" >&2
    failed=1
    continue
  fi
  rm -rf "$work/stats" && mkdir "$work/stats"
  start=$(date +%s%N)
  if ! swiftc -typecheck -swift-version 6 -I "$modules" -stats-output-dir "$work/stats" "$file" \
    >"$work/out" 2>&1; then
    echo "$file: does not type-check:" >&2
    head -5 "$work/out" >&2
    failed=1
    continue
  fi
  ms=$((($(date +%s%N) - start) / 1000000))
  scopes=$(grep -ho '"Sema.NumConstraintScopes": [0-9]*' "$work"/stats/*.json | awk '{s += $2} END {print s + 0}')
  if [ "$scopes" -gt "$budget" ]; then
    echo "$file: $scopes solver scopes, over its budget of $budget ($ms ms for the whole file)" >&2
    failed=1
  else
    echo "$file: $scopes solver scopes, budget $budget ($ms ms for the whole file)"
  fi
done
exit $failed
