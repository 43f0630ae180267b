#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A day's work, through the accessibility tree only.

Starts the real amparo program on a vault made with amparo-cli (a few
imported cases with marker names, and synthetic ones), then: unlock, search
a reference code, open the case, add a service, lock. After the lock, no
survivor name (the markers, and every name the case list showed) may be
left anywhere in the program's accessibility tree, and every control the
test touched must have had an accessible name.

Run by run-e2e.sh inside Xvfb and a D-Bus session.
"""

import csv
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from amparo_a11y import (Failure, Session, Touched, children, description,  # noqa: E402
                         do_action, find, log, make_vault, name, role, set_text,
                         text_of, unlock, wait_for, walk)

# Made-up people with names no translation, code or demo generator makes.
MARKERS = [
    {'first_name': 'Zorblat', 'last_name': 'Quillfeather', 'preferred_name': 'Zory',
     'phone': '555-0199', 'email': 'zorblat.q@example.org'},
    {'first_name': 'Marvella', 'last_name': 'Thistlewick', 'preferred_name': '',
     'phone': '555-0188', 'email': ''},
    {'first_name': 'Odalys', 'last_name': 'Brambleworth', 'preferred_name': 'Oda',
     'phone': '', 'email': 'oda.b@example.org'},
]
COLUMNS = ['first_name', 'last_name', 'preferred_name', 'birth_date', 'phone', 'email', 'address',
           'notes', 'opened', 'closed', 'age_band', 'gender', 'language', 'victimization',
           'perpetrator_relationship', 'children', 'counted']


def write_csv(path):
    with open(path, 'w', newline='') as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        for i, m in enumerate(MARKERS):
            row = dict.fromkeys(COLUMNS, '')
            row.update(m)
            row.update({'opened': '2026-0%d-1%d' % (i + 1, i), 'age_band': '25_59',
                        'gender': 'woman', 'language': 'en',
                        'victimization': 'domestic_violence',
                        'perpetrator_relationship': 'former_partner', 'children': '1',
                        'counted': 'yes', 'notes': 'Lives near Quillfeather Mill'})
            writer.writerow(row)


def marker_strings():
    out = set()
    for m in MARKERS:
        for key in ('first_name', 'last_name', 'preferred_name', 'phone', 'email'):
            if m[key]:
                out.add(m[key])
    return out


def case_table(frame):
    return find(frame, lambda n: role(n) == 'tree table')


def table_rows(table):
    """The case list's rows as lists of cell texts (the header row left out)."""
    rows = []
    for row in walk(table):
        if role(row) != 'table row':
            continue
        cells = [c for c in children(row) if role(c) == 'table cell']
        if not cells:
            continue
        texts = []
        for cell in cells:
            texts.append(' '.join(text_of(n) for n in walk(cell) if role(n) == 'label'))
        rows.append((row, texts))
    return rows


def header_titles(table):
    for row in walk(table):
        if role(row) == 'table row':
            titles = [text_of(n) for n in walk(row) if role(n) == 'label']
            if not any(role(c) == 'table cell' for c in children(row)):
                return titles
    return []


def open_button(row):
    return find(row, lambda n: role(n) == 'push button', showing_only=False)


def main():
    build = os.environ['AMPARO_BUILD_DIR']
    work = tempfile.mkdtemp(prefix='amparo-e2e-')
    csv_path = os.path.join(work, 'markers.csv')
    write_csv(csv_path)
    vault = make_vault(build, work, csv_path, demo_cases=60)
    os.unlink(csv_path)

    problems = []
    touched = Touched()
    seen_names = set()
    session = Session(build, vault=vault)
    frame = session.frame

    def check_title(when):
        title = name(frame)
        for m in marker_strings() | seen_names:
            if m in title:
                problems.append('the window title shows %r %s' % (m, when))

    try:
        check_title('before unlocking')
        log('unlock')
        unlock(session, touched)

        search = touched(wait_for('the case search entry',
                                  lambda: find(frame, lambda n: role(n) in ('entry', 'text')
                                               and name(n) == 'Search cases')),
                         'search entry')
        table = wait_for('the case list', lambda: case_table(frame))
        wait_for('the first cases', lambda: len(table_rows(table)) > 0)
        titles = header_titles(table)
        if 'Name' not in titles:
            raise Failure('the case list has no Name column for a supervisor: %s' % titles)
        name_col = titles.index('Name')
        for _, texts in table_rows(table):
            if texts[name_col]:
                seen_names.add(texts[name_col])
        log('the case list shows %d names' % len(seen_names))
        check_title('on the case list')

        # find the marker case's reference code by her name, then search the code
        log('search by name')
        set_text(search, 'Quillfeather')
        rows = wait_for('one row for Quillfeather',
                        lambda: [r for r in table_rows(table) if 'Quillfeather' in ' '.join(r[1])]
                        if len(table_rows(table)) == 1 else None)
        ref_code = text_of(find(open_button(rows[0][0]), lambda n: role(n) == 'label',
                                showing_only=False))
        if not re.match(r'^[A-Z0-9]{4}-[A-Z0-9]{4}$', ref_code):
            raise Failure('unexpected reference code %r' % ref_code)
        for _, texts in table_rows(table):
            seen_names.add(texts[name_col])

        log('search by reference code')
        set_text(search, ref_code)
        rows = wait_for('the case %s alone in the list' % ref_code,
                        lambda: table_rows(table) if len(table_rows(table)) == 1
                        and table_rows(table)[0][1][0] == ref_code else None)
        if 'Quillfeather' not in rows[0][1][name_col]:
            problems.append('the reference code found %r' % rows[0][1])

        log('open the case')
        button = touched(open_button(rows[0][0]), 'open-case button')
        do_action(button, 'click')
        wait_for('the case page', lambda: find(frame, lambda n: role(n) == 'label'
                                               and text_of(n) == 'Case ' + ref_code))
        check_title('on the case page')

        log('add a service')
        sidebar = touched(wait_for('the case sections',
                                   lambda: find(frame, lambda n: role(n) == 'list'
                                                and name(n) == 'Sidebar')),
                          'case sections')
        sections = children(sidebar)
        names = [name(r) for r in sections]
        if 'Services' not in names:
            raise Failure('no Services section in %s' % names)
        touched(sections[names.index('Services')], 'Services section')
        if not sidebar.querySelection().selectChild(names.index('Services')):
            raise Failure('could not choose the Services section')
        add = touched(wait_for('the Add Service button',
                               lambda: find(frame, lambda n: role(n) == 'push button'
                                            and 'Add Service' in name(n))),
                      'Add Service button')
        minutes = touched(wait_for('the minutes',
                                   lambda: find(frame, lambda n: role(n) == 'spin button'
                                                and 'Minutes' in name(n))),
                          'minutes')
        minutes.queryValue().currentValue = 45
        wait_for('45 minutes', lambda: text_of(minutes) == '45')
        do_action(add, 'click')
        wait_for('the service in the list',
                 lambda: find(frame, lambda n: role(n) == 'label'
                              and text_of(n).startswith('1 service, 0 h 45 min')))

        log('lock')
        lock = touched(wait_for('the Lock button',
                                lambda: find(frame, lambda n: role(n) == 'push button'
                                             and name(n) == 'Lock')),
                       'Lock button')
        do_action(lock, 'click')
        wait_for('the unlock page', lambda: find(frame, lambda n: role(n) == 'label'
                                                 and text_of(n) == 'Amparo Is Locked'))
        wait_for('the case views to go',
                 lambda: find(frame, lambda n: name(n) in ('Search cases', 'Sidebar'),
                              showing_only=False) is None)
        time.sleep(0.5)     # let late updates of the tree arrive
        check_title('after locking')

        log('look for survivors\' names in the whole tree')
        secrets = marker_strings() | {n for n in seen_names if n} | {ref_code}
        if len(secrets) < len(marker_strings()) + 5:
            problems.append('the case list showed too few names to test with: %s' % seen_names)
        left = set()
        for window in children(session.app):
            for node in walk(window):
                for text in (name(node), text_of(node), description(node)):
                    for secret in secrets:
                        if secret and secret in text:
                            left.add('after locking, %s %r still shows %r'
                                     % (role(node), text, secret))
        problems += sorted(left)
    finally:
        output = session.close()

    for line in output.splitlines():
        if re.search(r'-(WARNING|CRITICAL) \*\*', line):
            problems.append('amparo said: ' + line)
    for secret in marker_strings():
        if secret in output:
            problems.append('amparo\'s output contains %r' % secret)
    problems += ['touched a control without an accessible name: ' + u for u in touched.unnamed]

    if problems:
        print('\n'.join('FAIL: ' + p for p in problems))
        return 1
    print('ok: unlock, search %s, open, add a service, lock; %d names checked' %
          ('the reference code', len(secrets)))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Failure as e:
        print('FAIL:', e)
        sys.exit(1)
