#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translatable message is missing from po/es.po, untranslated or
# fuzzy; when a file with messages is missing from po/POTFILES.in; or when a
# .ui file shows a string not marked translatable.
set -euo pipefail
src=${1:-$(dirname "$0")/..}
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# 1. every file with marked strings is listed
for f in $(grep -lE '(^|[^a-zA-Z_])(_|N_|C_|NC_|g_dngettext|g_dpgettext2)\s*\(' src/*/*.c 2>/dev/null) \
         $(grep -l 'translatable="yes"' ui/*.ui 2>/dev/null); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done
for f in $(grep -v '^#' po/POTFILES.in); do
  [ -f "$f" ] || { echo "po/POTFILES.in lists a missing file: $f"; status=1; }
done

# 2. extract exactly as meson's glib preset does, then compare with es.po
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --files-from=po/POTFILES.in --directory=. -o "$tmp/amparo.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmp/amparo.pot"
msgmerge --quiet --no-fuzzy-matching -o "$tmp/es.po" po/es.po "$tmp/amparo.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/es.po" 2>&1 | tail -n 1)
echo "es.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    msgattrib --untranslated --only-fuzzy -o - "$tmp/es.po" 2>/dev/null | head -n 40 || true
    msgattrib --untranslated -o - "$tmp/es.po" | grep "^msgid" | head -n 20 || true
    status=1 ;;
esac
msgfmt --check -o /dev/null po/es.po || status=1

# 3. visible strings in .ui files must be translatable
if ls ui/*.ui >/dev/null 2>&1; then
  bad=$(grep -nE '<property name="(label|title|subtitle|tooltip-text|placeholder-text|text|description|heading|body|icon-name-label|accessible-name)"[^>]*>[^<]*[A-Za-z][^<]*</property>' ui/*.ui \
        | grep -v 'translatable="yes"' | grep -vE '>[A-Za-z0-9_.-]+-symbolic<' || true)
  if [ -n "$bad" ]; then
    echo "untranslatable visible strings in .ui files:"
    echo "$bad"
    status=1
  fi
  bad=$(grep -nE '<(item|attribute name="label"|property name="label")[^>]*>[^<]*[A-Za-z]' ui/*.ui \
        | grep -v 'translatable="yes"' | grep -vE 'name="(action|icon|name|value)' || true)
  if [ -n "$bad" ]; then
    echo "untranslatable menu or list items in .ui files:"
    echo "$bad"
    status=1
  fi
fi
exit $status
