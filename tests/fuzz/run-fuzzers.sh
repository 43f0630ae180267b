#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every libFuzzer target for a while and reports what it found.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_PER_TARGET]     (default 30)
#
# Configures (once) a separate clang build in build-fuzz/ with
# -Dfuzzing=true. New inputs go to a scratch folder, never into the
# committed corpus; crashes are kept in build-fuzz/fuzz-artifacts/.
# Exits non-zero if any target found something.

set -u

seconds=${1:-30}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${AMPARO_FUZZ_BUILD:-$src/build-fuzz}
targets="summary-reader summary-file card-reader csv-reader directory-reader keys-reader"

if [ ! -f "$build/build.ninja" ]; then
  CC=${CC:-clang-14} meson setup "$build" "$src" -Dfuzzing=true -Dgui=false || exit 2
fi
for t in $targets; do
  ninja -C "$build" "tests/fuzz/fuzz-$t" >/dev/null || exit 2
done

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
for t in $targets; do
  scratch=$(mktemp -d)
  log="$artifacts/$t.log"
  "$build/tests/fuzz/fuzz-$t" \
    -max_total_time="$seconds" \
    -print_final_stats=1 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/$t-" \
    "$scratch" "$src/tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
  found=$(ls "$artifacts/$t-"* 2>/dev/null | grep -v '\.log$' | wc -l)
  echo "$t: ${execs:-?} executions in ${seconds}s (${rate:-?}/s, ${cov:-cov: ?}), exit $rc, $found finding(s)"
  if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
    status=1
    grep -E 'ERROR|SUMMARY|==[0-9]+==|Test unit written' "$log" | head -n 20
  fi
  rm -rf "$scratch"
done
exit $status
