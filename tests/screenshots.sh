#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Screenshots of the desktop app, in English and Spanish, into screenshots/.
#
#   tests/screenshots.sh [BUILD_DIR]
#
# Each shot starts the app on a fresh throw-away demo vault (--demo) under
# Xvfb at 1280x800. AMPARO_SCREENSHOT_PAGE sizes the window to the screen
# and, in demo mode only, unlocks the demo with its published passphrase
# and opens a page.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out="$root/screenshots"
app="$build/src/gui/amparo"
sync_demo="$build/tests/sync-pages-demo"

if [ -z "${AMPARO_SCREENSHOTS_INNER:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "xvfb-run is needed" >&2; exit 1; }
  command -v import >/dev/null || { echo "import (ImageMagick) is needed" >&2; exit 1; }
  [ -x "$app" ] || { echo "build the app first: ninja -C $build" >&2; exit 1; }
  # the Reports, Share and Coordinator pages on throw-away vaults
  ninja -C "$build" tests/sync-pages-demo >/dev/null
  mkdir -p "$out"
  AMPARO_SCREENSHOTS_INNER=1 exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$build"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSETTINGS_BACKEND=memory
export GSK_RENDERER=cairo
export GTK_A11Y=none
export AMPARO_LOCALEDIR="$build/po"
# cheap key derivation when the build has test hooks; ignored otherwise
export AMPARO_TEST_KDF=interactive

# A spreadsheet with mistakes, for the import assistant's list of problems
cat > "$work/intake.csv" <<'CSV'
first_name,last_name,opened,gender,children,counted
Alpha,Example,2025-01-02,woman,1,yes
Beta,Example,2025-02-30,woman,0,yes
Gamma,Example,2025-03-04,wmn,2,maybe
CSV

# shot NAME LANG [VAR=VALUE...] -- ARGS...
# AMPARO_SCREENSHOTS_ONLY="name ..." takes only those shots.
shot () {
  name=$1 lang=$2
  shift 2
  case " ${AMPARO_SCREENSHOTS_ONLY:-$name} " in
    *" $name "*) ;;
    *) return 0 ;;
  esac
  if [ "$lang" = es ]; then
    set -- LANGUAGE=es LANG=C.UTF-8 "$@"
  else
    set -- LANGUAGE=en LANG=C.UTF-8 "$@"
  fi
  env "$@" &
  pid=$!
  sleep "${AMPARO_SCREENSHOT_WAIT:-8}"
  import -window root "$out/$name-$lang.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "screenshots/$name-$lang.png"
}

# the sync pages first build their vaults (a few seconds more)
slow_shot () {
  saved=${AMPARO_SCREENSHOT_WAIT:-8}
  AMPARO_SCREENSHOT_WAIT=$((saved + 7))
  shot "$@"
  AMPARO_SCREENSHOT_WAIT=$saved
}

for lang in en es; do
  rm -rf "$work/empty"
  shot first-run "$lang" AMPARO_SCREENSHOT_PAGE=first-run "$app" --vault "$work/empty"
  shot unlock "$lang" AMPARO_SCREENSHOT_PAGE=unlock "$app" --demo
  shot cases "$lang" AMPARO_SCREENSHOT_PAGE=cases "$app" --demo
  shot search "$lang" AMPARO_SCREENSHOT_PAGE=cases AMPARO_SCREENSHOT_SEARCH=garcia "$app" --demo
  shot cases-reporting "$lang" AMPARO_SCREENSHOT_PAGE=cases AMPARO_SCREENSHOT_ACCOUNT=reporting \
    "$app" --demo
  shot case "$lang" AMPARO_SCREENSHOT_PAGE=case "$app" --demo
  shot staff "$lang" AMPARO_SCREENSHOT_PAGE=staff "$app" --demo
  shot partners "$lang" AMPARO_SCREENSHOT_PAGE=partners "$app" --demo
  shot referrals "$lang" AMPARO_SCREENSHOT_PAGE=referrals "$app" --demo
  shot audit "$lang" AMPARO_SCREENSHOT_PAGE=audit "$app" --demo
  shot reports "$lang" AMPARO_SCREENSHOT_PAGE=reports "$app" --demo
  shot share "$lang" AMPARO_SCREENSHOT_PAGE=share "$app" --demo
  # the sync pages with a coordinator and agencies that have sent
  slow_shot reports-shared "$lang" "$sync_demo" reports-shared 60
  slow_shot share-done "$lang" "$sync_demo" share-done 60
  slow_shot coordinator "$lang" "$sync_demo" coordinator 60
  slow_shot coordinator-report "$lang" "$sync_demo" coordinator-report 60
  shot preferences "$lang" AMPARO_SCREENSHOT_PAGE=preferences "$app" --demo
  shot shortcuts "$lang" AMPARO_SCREENSHOT_PAGE=shortcuts "$app" --demo
  shot import "$lang" AMPARO_SCREENSHOT_PAGE=import "$app" --demo
  shot import-ready "$lang" AMPARO_SCREENSHOT_PAGE=import \
    AMPARO_SCREENSHOT_CSV="$root/data/csv-template.csv" "$app" --demo
  shot import-problems "$lang" AMPARO_SCREENSHOT_PAGE=import \
    AMPARO_SCREENSHOT_CSV="$work/intake.csv" "$app" --demo
done
