#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one e2e test script against the real amparo program:
#
#   tests/e2e/run-e2e.sh BUILD_DIR tests/e2e/test-NAME.py
#
# The script runs inside its own X server (Xvfb) and its own D-Bus session,
# where the accessibility bus is started on demand; it talks to the program
# only through AT-SPI. Skips (77) when Xvfb, D-Bus or pyatspi is missing.
set -eu

build=$(cd "$1" && pwd)
script=$2
python=/usr/bin/python3

skip () { echo "SKIP: $*"; exit 77; }

if [ -z "${AMPARO_E2E_INNER:-}" ]; then
  command -v Xvfb >/dev/null || skip "Xvfb is not installed"
  command -v dbus-run-session >/dev/null || skip "dbus-run-session is not installed"
  [ -x /usr/libexec/at-spi-bus-launcher ] || skip "at-spi2-core is not installed"
  [ -x "$python" ] || skip "$python is missing"
  "$python" -c 'import pyatspi' 2>/dev/null || skip "python3-pyatspi is not installed"
  [ -x "$build/src/gui/amparo" ] || skip "the desktop app is not built"

  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # a home of its own: the D-Bus session, dconf and GTK write nothing of ours
  mkdir -p "$work/home" "$work/config" "$work/cache" "$work/data" "$work/runtime" "$work/tmp"
  chmod 700 "$work/runtime"
  export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
  export XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/runtime" TMPDIR="$work/tmp"
  export AMPARO_E2E_INNER=1
  # Xvfb picks a free display itself (-displayfd): no race with other
  # tests starting X servers at the same time, as xvfb-run -a has.
  exec 3>"$work/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
  xvfb=$!
  exec 3>&-
  trap 'kill $xvfb 2>/dev/null; wait $xvfb 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do
    [ -s "$work/display" ] && break
    kill -0 $xvfb 2>/dev/null || { cat "$work/xvfb.log"; skip "Xvfb does not start"; }
    sleep 0.1
  done
  [ -s "$work/display" ] || skip "Xvfb does not start"
  export DISPLAY=":$(cat "$work/display")"
  unset XAUTHORITY WAYLAND_DISPLAY
  status=0
  dbus-run-session -- "$0" "$build" "$script" || status=$?
  exit "$status"
fi

# inside Xvfb and the D-Bus session
export GSETTINGS_SCHEMA_DIR="$build/data"
export AMPARO_LOCALEDIR="$build/po"
export GSK_RENDERER=cairo
export AMPARO_TEST_KDF=interactive
export AMPARO_BUILD_DIR="$build"
export PYTHONDONTWRITEBYTECODE=1   # nothing written into the source tree
unset GTK_A11Y NO_AT_BRIDGE
# A real settings backend when there is one: dconf, started on this
# session's bus and writing under the private XDG_CONFIG_HOME above. Then
# the accessibility switch below is seen by every process of the session,
# as on a desktop. (GTK 4 itself exposes its tree on the accessibility bus
# whether or not the switch is on; the memory backend works as well, but
# keeps the switch to the gsettings process.)
if ls /usr/lib/*/gio/modules/libdconfsettings.so >/dev/null 2>&1; then
  unset GSETTINGS_BACKEND
else
  export GSETTINGS_BACKEND=memory
fi
gsettings set org.gnome.desktop.interface toolkit-accessibility true
exec "$python" "$script"
