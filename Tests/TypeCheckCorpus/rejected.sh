#!/usr/bin/env bash
# Misuse that must not compile: every file in Tests/TypeCheckCorpus/Rejected names, in its first
# line (`// expect-error: TEXT`), an error the compiler must report for it. Fails when a file
# compiles, or fails with another error.
# Usage: Tests/TypeCheckCorpus/rejected.sh [MODULE_DIR]   (default .build/release/Modules)
set -euo pipefail
cd "$(dirname "$0")/../.."
modules=${1:-.build/release/Modules}
failed=0
for file in Tests/TypeCheckCorpus/Rejected/*.swift; do
  expected=$(sed -n '1s/^\/\/ expect-error: //p' "$file")
  if out=$(swiftc -typecheck -swift-version 6 -I "$modules" "$file" 2>&1); then
    echo "$file: compiles, but must be rejected ($expected)" >&2
    failed=1
  elif ! grep -qF "error: $expected" <<<"$out"; then
    echo "$file: rejected, but without the error \"$expected\":" >&2
    grep "error:" <<<"$out" | head -3 >&2
    failed=1
  else
    echo "$file: rejected ($expected)"
  fi
done
exit $failed
