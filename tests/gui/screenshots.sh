#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Captures the case page and the intake assistant under Xvfb:
#   tests/gui/screenshots.sh BUILD_DIR OUT_DIR [en|es]
set -eu
build=$(cd "$1" && pwd)
out=$2
lang=${3:-en}
# seconds to wait for each screen; a loaded machine needs more
secs=${AMPARO_SCREENSHOT_WAIT:-5}
mkdir -p "$out"
export LANGUAGE="$lang" AMPARO_LOCALEDIR="$build/po"
ninja -C "$build" tests/case-page-demo >/dev/null
shot() {
  name=$1; shift
  GSK_RENDERER=cairo GSETTINGS_BACKEND=memory xvfb-run -a -s "-screen 0 1280x800x24" \
    sh -c "'$build/tests/case-page-demo' $* $((secs + 3)) & sleep $secs; import -window root '$out/$name.png'; wait"
}
for s in overview profile contact services shelter releases safety-plan notes history close; do
  shot "advocate-$s" advocate "$s"
done
shot advocate-contact-end advocate contact:end
shot advocate-profile-end advocate profile:end
shot advocate-release-add advocate release-add
shot advocate-partner-add advocate partner-add
shot reporting-overview reporting overview
shot reporting-safety-plan reporting safety-plan
shot intake-1 advocate intake-1
shot intake-2 advocate intake-2
shot intake-2-end advocate intake-2:end
shot intake-3 advocate intake-3
shot intake-3-end advocate intake-3:end
shot intake-reporting reporting intake
