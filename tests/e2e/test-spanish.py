#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The program in Spanish shows no English.

Starts the real amparo program with LANGUAGE=es on the throw-away demo
vault, unlocks it, and walks the main screens through the accessibility
tree: every page of the view switcher (whatever pages there are), a case
page with each of its sections, the preferences, the keyboard shortcuts
and the user guide. On each screen, no
label, name or tooltip may equal an English message of po/es.po whose
Spanish differs (strings the same in both languages, such as "Amparo" or
"No", are allowed; names, codes and numbers are not messages). Every
violation is listed.

Run by run-e2e.sh inside Xvfb and a D-Bus session.
"""

import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from amparo_a11y import (Failure, Session, Touched, actions_of, children,  # noqa: E402
                         description, do_action, find, log, name, role, set_text,
                         text_of, wait_for, walk, TYPE_NAME)

DEMO_PASSPHRASE = 'amparo demo'     # published: AMPARO_DEMO_PASSPHRASE


# ------------------------------------------------------------ the catalogue

def po_unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return bytes(s[1:-1], 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')


def read_po(path):
    """[(msgid, msgid_plural, [msgstr...])] of a .po file, fuzzy left out."""
    entries = []
    cur = {}
    key = None
    fuzzy = False

    def flush():
        nonlocal cur, fuzzy
        if 'msgid' in cur and cur['msgid'] and not fuzzy:
            strs = [v for k, v in sorted(cur.items()) if k.startswith('msgstr')]
            entries.append((cur['msgid'], cur.get('msgid_plural'), strs))
        cur = {}
        fuzzy = False

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#,') and 'fuzzy' in line:
                flush()
                fuzzy = True
                continue
            if not line.strip() or line.startswith('#'):
                if line.startswith('#~'):
                    continue
                if not line.strip() and cur:
                    flush()
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if m:
                key = m.group(1)
                if key == 'msgid' and 'msgid' in cur:
                    flush()
                cur[key] = po_unquote(m.group(2))
            elif line.startswith('"') and key is not None:
                cur[key] += po_unquote(line)
    flush()
    return entries


FORMAT = re.compile(r'%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:l{0,2}|h|z|j|t|L)?'
                    r'(?:[diouxXs]|' + re.escape('" G_GINT64_FORMAT "') + ')|'
                    r'%' + re.escape('" G_GINT64_FORMAT "'))


def english_patterns(entries):
    """The English messages whose Spanish differs: exact texts and, for
    messages with printf formats, patterns."""
    exact = set()
    patterns = []
    # a text some message keeps as it is in Spanish (the language names,
    # each written in itself) is not English left on screen
    kept = {msgid for msgid, plural, strs in entries if msgid in strs}
    for msgid, plural, strs in entries:
        for english in [msgid] + ([plural] if plural else []):
            if english in strs or english in kept or not any(strs):
                continue        # the same in both languages, or untranslated (the unit test's job)
            text = english.replace('_', '') if re.search(r'_[A-Za-z]', english) else english
            text = text.strip()
            if len(text) < 2 or not re.search(r'[A-Za-z]{2}', text):
                continue
            if '%' in text and FORMAT.search(text):
                parts = FORMAT.split(text)
                rx = '.+?'.join(re.escape(p) for p in parts)
                # a format around no words of its own ("%s") says nothing
                if re.search(r'[A-Za-z]{3}', ''.join(parts)):
                    patterns.append((english, re.compile('^' + rx + '$', re.S)))
            else:
                exact.add(text)
    return exact, patterns


# ----------------------------------------------------------------- the walk

class Checker:
    def __init__(self, exact, patterns):
        self.exact = exact
        self.patterns = patterns
        self.violations = {}
        self.checked = 0

    def english(self, text):
        text = text.strip()
        if not text:
            return None
        if text in self.exact:
            return text
        for english, rx in self.patterns:
            if rx.match(text):
                return english
        return None

    def scan(self, root, screen, where=()):
        """Checks root and everything under it. Each D-Bus call costs, so a
        label's text is read once, as its name (GTK names a label by its
        text), and only editable text is read through the Text interface."""
        r = role(root)
        n = name(root)
        texts = []
        if n and not TYPE_NAME.match(n):
            texts.append(n)
        if r in ('text', 'entry', 'password text', 'spin button'):
            texts.append(text_of(root))
        d = description(root)
        if d:
            texts.append(d)
        for text in texts:
            self.checked += 1
            if self.english(text) is not None:
                place = ' › '.join((screen,) + where)
                self.violations.setdefault((r, text), set()).add(place)
        if r in ('panel', 'page tab', 'list item', 'frame', 'dialog') and n \
                and not TYPE_NAME.match(n) and n not in where[-1:]:
            where = where + (n,)
        for child in children(root):
            self.scan(child, screen, where)


def main():
    build = os.environ['AMPARO_BUILD_DIR']
    po = os.path.join(HERE, '..', '..', 'po', 'es.po')
    exact, patterns = english_patterns(read_po(po))
    log('%d English messages and %d patterns from es.po' % (len(exact), len(patterns)))
    checker = Checker(exact, patterns)
    touched = Touched()
    screens = []

    session = Session(build, demo=True, env={'LANGUAGE': 'es', 'LANG': 'C.UTF-8',
                                             'LC_ALL': ''})
    frame = session.frame

    def scan(screen):
        """The whole program: every window, every page of every stack (GTK
        4.8 keeps the pages not shown in the tree too)."""
        time.sleep(0.3)     # let a transition and late updates finish
        screens.append(screen)
        for window in children(session.app):
            checker.scan(window, screen)

    def visit(tab):
        """Shows a page: whatever is built only when shown gets built."""
        do_action(tab, 'click')
        time.sleep(0.2)

    try:
        entry = wait_for('the unlock page (the demo takes a moment)',
                         lambda: find(frame, lambda n: role(n) in ('text', 'password text')
                                      and name(n) == 'Frase de contraseña'),
                         timeout=90)
        scan('desbloqueo')
        set_text(touched(entry, 'passphrase'), DEMO_PASSPHRASE)
        button = wait_for('the unlock button',
                          lambda: find(frame, lambda n: role(n) == 'push button'
                                       and 'Desbloquear' in name(n)))
        do_action(touched(button, 'unlock button'), 'click')
        switcher = wait_for('the view switcher',
                            lambda: find(frame, lambda n: role(n) == 'page tab list'))
        tabs = wait_for('its pages', lambda: [t for t in children(switcher)
                                              if role(t) == 'page tab'])
        tab_names = [name(t) for t in tabs]
        log('pages: %s' % tab_names)
        def tab_named(tab_name):
            # a page built when first shown may make the switcher remake its
            # buttons: look each one up again rather than keep stale ones
            tab_list = wait_for('the view switcher',
                                lambda: find(frame, lambda n: role(n) == 'page tab list'))
            return wait_for('the %s page tab' % tab_name,
                            lambda: find(tab_list, lambda n: role(n) == 'page tab'
                                         and name(n) == tab_name))

        for tab_name in tab_names:
            log('visiting %s' % tab_name)
            visit(touched(tab_named(tab_name), 'page tab'))
        scan('páginas')

        # a case, with each of its sections
        if 'Casos' not in tab_names:
            raise Failure('no Casos page among %s' % tab_names)
        do_action(tab_named('Casos'), 'click')
        open_case = wait_for('a case in the list',
                             lambda: find(frame, lambda n: role(n) == 'push button'
                                          and name(n).startswith('Abrir el caso')))
        do_action(touched(open_case, 'open-case button'), 'click')
        sidebar = wait_for('the case sections', lambda: find(frame, lambda n: role(n) == 'list'
                                                             and name(n) == 'Barra lateral'
                                                             or role(n) == 'list'
                                                             and name(n) == 'Sidebar'))
        rows = children(sidebar)
        for i, row in enumerate(rows):
            touched(row, 'case section')
            sidebar.querySelection().selectChild(i)
            time.sleep(0.2)
        scan('un caso')
        if len(rows) < 5:
            raise Failure('the case page has only %d sections' % len(rows))

        # windows opened from the main menu
        def from_menu(item_name, title):
            menu = wait_for('the main menu',
                            lambda: find(frame, lambda n: role(n) == 'push button'
                                         and name(n) == 'Menú principal'))
            touched(menu, 'main menu')
            # GTK 4.8: the menu button's action is on the toggle button inside it
            if 'click' not in actions_of(menu):
                menu = find(menu, lambda n: 'click' in actions_of(n), showing_only=False)
            do_action(menu, 'click')
            item = wait_for('the %s item' % item_name,
                            lambda: find(session.app, lambda n: 'menu' in role(n)
                                         and name(n).replace('_', '') == item_name,
                                         showing_only=False))
            do_action(touched(item, item_name + ' menu item'), 'click', 'activate')
            try:
                return wait_for('the %s window' % title,
                                lambda: [w for w in children(session.app)
                                         if w is not frame and title in name(w)])[0]
            except Failure as e:
                raise Failure('%s; the windows: %s' % (e, [(role(w), name(w)) for w in
                                                           children(session.app)]))

        prefs = from_menu('Preferencias', 'Preferencias')
        for tab in [t for t in walk(prefs) if role(t) == 'page tab']:
            visit(touched(tab, 'preferences page'))
        scan('preferencias')
        do_action(prefs, 'window.close')
        wait_for('the preferences to close', lambda: prefs not in children(session.app))

        shortcuts = from_menu('Atajos de teclado', 'Atajos')
        scan('atajos')
        do_action(shortcuts, 'window.close')

        guide = from_menu('Ayuda', 'Ayuda')
        scan('guía de uso')
        do_action(guide, 'window.close')
    except Failure:
        status = session.proc.poll()
        output = session.close()
        if status is not None:
            log('amparo had exited with status %d; it said:' % status)
        log('\n'.join(output.splitlines()[-30:]))
        raise
    finally:
        output = session.close()

    problems = []
    for line in output.splitlines():
        if re.search(r'-(WARNING|CRITICAL) \*\*', line):
            problems.append('amparo said: ' + line)
    for (r, text), where in sorted(checker.violations.items()):
        problems.append('English on screen: %s %r (on %s)' % (r, text, ', '.join(sorted(where))))
    problems += ['touched a control without an accessible name: ' + u for u in touched.unnamed]
    log('%d texts checked on %d screens: %s' % (checker.checked, len(screens), ', '.join(screens)))
    if problems:
        print('\n'.join('FAIL: ' + p for p in problems))
        return 1
    print('ok: no English on %d screens' % len(screens))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Failure as e:
        print('FAIL:', e)
        sys.exit(1)
