#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Smoke test of amparo-bench on tiny vaults: it runs, and every line it
# prints is "WORKLOAD FIGURE VALUE UNIT", with W1 to W5 all present.
#
#   check-bench.sh PATH/TO/amparo-bench
set -eu

bench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bench" --cache "$work/cache" --quick --small-cases 60 --large-cases 150 \
  --summaries 4 --repeat 1 > "$work/out" 2> "$work/err" || {
  echo "amparo-bench failed:" >&2
  cat "$work/err" >&2
  exit 1
}
cat "$work/out"

bad=$(grep -Evc '^(setup|W[1-6]) [a-z-]+(\.(small|large))? [0-9]+(\.[0-9]+)? (ms|s|MiB|ratio|files)$' \
  "$work/out" || true)
if [ "$bad" -ne 0 ]; then
  echo "malformed lines:" >&2
  grep -Ev '^(setup|W[1-6]) [a-z-]+(\.(small|large))? [0-9]+(\.[0-9]+)? (ms|s|MiB|ratio|files)$' \
    "$work/out" >&2
  exit 1
fi
for w in W1 W2 W3 W4 W5; do
  grep -q "^$w " "$work/out" || { echo "no $w figure" >&2; exit 1; }
done
for f in W2 W3 W4; do
  grep -q 'test_hooks' "$work/err" && break   # a product build has no plain copies
  grep -q "^$f tax\.small " "$work/out" || { echo "no $f encryption-tax ratio" >&2; exit 1; }
done

# a second run reuses the vaults it made
"$bench" --cache "$work/cache" --quick --small-cases 60 --sizes small --summaries 2 \
  --repeat 1 > "$work/out2" 2> "$work/err2"
if grep -q '^setup ' "$work/out2"; then
  echo "the second run made its vaults again" >&2
  exit 1
fi
echo "ok"
